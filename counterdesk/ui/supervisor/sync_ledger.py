"""The sync ledger: what was sent to the portal, what it accepted, what it refused and why.

A supervisor can put refused entries back in line, or correct an entry's payload (validated
before it is saved) and resend it. The window only calls services.sync_admin.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.labels import event_name
from counterdesk.domain.roles import PERMISSIONS, Actor
from counterdesk.services import sync_admin
from counterdesk.services.sync_admin import KIND_FILTERS, STATE_LABELS, EntryView
from counterdesk.store.uow import Store
from counterdesk.ui.supervisor import ledger_table

COLUMNS = ("#", "Mã hồ sơ", "Loại thay đổi", "Trạng thái", "Số lần gửi", "Ghi nhận lúc", "Lý do / lỗi gần nhất")


class PayloadEditor(QDialog):
    """Edit a quarantined entry's JSON; the error stays next to the text until it is right."""

    def __init__(self, store: Store, actor: Actor, entry: EntryView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.entry = store, actor, entry
        self.setWindowTitle(f"Sửa nội dung gửi cổng — {entry.dossier_code or entry.key}")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Cổng đã từ chối: {entry.last_error}"))
        self.text = QPlainTextEdit()
        try:
            self.text.setPlainText(json.dumps(json.loads(entry.payload), ensure_ascii=False, indent=2, sort_keys=True))
        except ValueError:
            self.text.setPlainText(entry.payload)
        layout.addWidget(self.text)
        self.error = QLabel("")
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu và gửi lại", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Huỷ", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            sync_admin.fix_payload(self.store, self.actor, self.entry.id, self.text.toPlainText())
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.accept()
        return True


class SyncLedger(QDialog):
    """Entries by state with the portal's reasons; retry or fix refused ones."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *,
                 resend: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.resend = resend  # starts a background sync pass, so a retried entry goes out now
        self.entries: list[EntryView] = []
        self.setWindowTitle("Sổ đồng bộ với cổng dịch vụ công")
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Xem:"))
        self.filter = ledger_table.state_filter(STATE_LABELS, self.refresh)
        top.addWidget(self.filter)
        top.addWidget(QLabel("Loại:"))
        self.kind_filter = QComboBox()
        for kind, label in KIND_FILTERS.items():
            self.kind_filter.addItem(label, kind)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.kind_filter)
        refresh = QPushButton("Làm mới")
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        layout.addLayout(top)
        self.scans = QLabel()  # the scans sent with their dossiers (issue 17)
        self.scans.setObjectName("scanSummary")
        layout.addWidget(self.scans)

        self.table = ledger_table.entry_table(COLUMNS, self._show_detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([440, 160])
        layout.addWidget(split, 1)

        actions = QHBoxLayout()
        may_manage = actor.role in PERMISSIONS["sync.manage"]
        self.retry_button = QPushButton("Gửi lại mục đã chọn")
        self.retry_button.clicked.connect(self.retry_selected)
        self.fix_button = QPushButton("Sửa nội dung…")
        self.fix_button.clicked.connect(self.fix_selected)
        for button in (self.retry_button, self.fix_button):
            button.setEnabled(may_manage)
            if not may_manage:
                button.setToolTip("Cần quyền lãnh đạo/phụ trách hoặc quản trị.")
            actions.addWidget(button)
        actions.addStretch(1)
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        actions.addWidget(close)
        layout.addLayout(actions)
        self.refresh()

    def refresh(self) -> None:
        counts = sync_admin.status(self.store)
        self.summary.setText(
            f"Chờ gửi: {counts['pending']}   Đang gửi: {counts['sending']}   Cổng đã nhận: {counts['accepted']}   "
            f"Bị từ chối: {counts['quarantined']}   Lần thành công gần nhất: {_when(counts['last_success'])}")
        scans = counts["attachments"]
        self.scans.setText(
            f"Bản quét gửi kèm hồ sơ — chờ gửi: {scans['pending'] + scans['sending']}   "
            f"cổng đã nhận: {scans['accepted']}   bị từ chối: {scans['quarantined']}")
        self.entries = sync_admin.list_entries(self.store, self.filter.currentData(),
                                               kind=self.kind_filter.currentData() or "all")
        ledger_table.fill(self.table, [
            ((str(e.id), e.dossier_code or _code_in(e.payload), event_name(e.kind), STATE_LABELS.get(e.state, e.state),
              str(e.attempts), to_vn(e.created_at).strftime("%d/%m/%Y %H:%M"), e.last_error), e.state == "quarantined")
            for e in self.entries])
        self._show_detail()

    def selected(self) -> list[EntryView]:
        return ledger_table.selected(self.table, self.entries)

    def _show_detail(self) -> None:
        chosen = self.selected()
        if not chosen:
            self.detail.setPlainText("Chọn một mục để xem nội dung gửi cổng.")
            return
        e = chosen[0]
        try:
            body = json.dumps(json.loads(e.payload), ensure_ascii=False, indent=2, sort_keys=True)
        except ValueError:
            body = e.payload
        self.detail.setPlainText(f"Khoá: {e.key}\nLý do: {e.last_error or '—'}\n\n{body}")

    def retry_selected(self) -> int:
        chosen = [e.id for e in self.selected() if e.state in ("quarantined", "pending")]
        if not chosen:
            QMessageBox.information(self, "Sổ đồng bộ", "Chọn mục bị từ chối hoặc đang chờ để gửi lại.")
            return 0
        try:
            moved = sync_admin.retry(self.store, self.actor, chosen)
        except DomainError as exc:
            QMessageBox.warning(self, "Sổ đồng bộ", exc.message)
            return 0
        self.refresh()
        if moved and self.resend is not None:
            self.resend()
        return moved

    def fix_selected(self) -> PayloadEditor | None:
        chosen = [e for e in self.selected() if e.state == "quarantined"]
        if len(chosen) != 1:
            QMessageBox.information(self, "Sổ đồng bộ", "Chọn đúng một mục bị từ chối để sửa.")
            return None
        editor = PayloadEditor(self.store, self.actor, chosen[0], self)
        editor.accepted.connect(self.refresh)
        if self.resend is not None:
            editor.accepted.connect(self.resend)
        editor.open()
        return editor


def _code_in(payload: str) -> str:
    """MaHoSo from a payload (a dossier's record or a scan's link), for entries without a local dossier row."""
    try:
        data = json.loads(payload)
        value = (data.get("dossier") or data.get("attachment"))["MaHoSo"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def _when(iso: str | None) -> str:
    if not iso:
        return "chưa có"
    try:
        return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return iso
