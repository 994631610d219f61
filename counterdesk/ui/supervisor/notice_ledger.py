"""The notice ledger: SMS notices to citizens — sent, waiting, refused by the gateway and why —
with the delivery rate and each template's length against the SMS limits.

Numbers are shown masked; the page only calls services.notify.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import notice as nt
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import PERMISSIONS, Actor
from counterdesk.services import notify
from counterdesk.services.notify import STATE_LABELS, NoticeView
from counterdesk.store.uow import Store
from counterdesk.ui.supervisor import ledger_table

COLUMNS = ("#", "Mã hồ sơ", "Loại tin", "Trạng thái", "Số máy", "Số lần gửi", "Ghi lúc", "Lý do / lỗi gần nhất")


class NoticeLedger(QWidget):
    """Notices by state with the gateway's reasons; put refused or waiting ones back in line."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.notices: list[NoticeView] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("noticeSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Xem:"))
        self.filter = ledger_table.state_filter(STATE_LABELS, self.refresh)
        top.addWidget(self.filter)
        again = QPushButton("Làm mới")
        again.clicked.connect(self.refresh)
        top.addWidget(again)
        layout.addLayout(top)

        self.table = ledger_table.entry_table(COLUMNS, self._show_text)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.templates = QTableWidget(0, 3)
        self.templates.setHorizontalHeaderLabels(["Mẫu tin", "Có dấu", "Không dấu (gửi cho máy cũ)"])
        self.templates.verticalHeader().setVisible(False)
        self.templates.setWordWrap(False)
        self.templates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.templates.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.text)
        lower.addWidget(self.templates)
        lower.setSizes([420, 680])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 180])
        layout.addWidget(split, 1)

        actions = QHBoxLayout()
        self.retry_button = QPushButton("Gửi lại tin đã chọn")
        self.retry_button.clicked.connect(self.retry_selected)
        may_manage = actor.role in PERMISSIONS["sync.manage"]
        self.retry_button.setEnabled(may_manage)
        if not may_manage:
            self.retry_button.setToolTip("Cần quyền lãnh đạo/phụ trách hoặc quản trị.")
        actions.addWidget(self.retry_button)
        actions.addWidget(QLabel("Sửa mẫu tin ở Quản trị → Thiết lập (notify.template.*)."))
        actions.addStretch(1)
        layout.addLayout(actions)
        self.refresh()

    def refresh(self) -> None:
        counts = notify.status(self.store)
        total = counts["pending"] + counts["sending"] + counts["sent"] + counts["quarantined"]
        state = "đang bật" if counts["enabled"] else "đang tắt (notify.enabled)"
        self.summary.setText(
            f"Gửi tin {state}.   Chờ gửi: {counts['pending']}   Đã gửi: {counts['sent']}   "
            f"Bị từ chối: {counts['quarantined']}   Tỷ lệ gửi được: {notify.rate_text(total, counts['sent'])}   "
            f"Lần gửi thành công gần nhất: {counts['last_success'] or 'chưa có'}")
        self.notices = notify.list_notices(self.store, self.filter.currentData())
        ledger_table.fill(self.table, [
            ((str(n.id), n.dossier_code, nt.KINDS.get(n.kind, n.kind), STATE_LABELS.get(n.state, n.state), n.phone,
              str(n.attempts), to_vn(n.created_at).strftime("%d/%m/%Y %H:%M"), n.last_error), n.state == "quarantined")
            for n in self.notices])
        previews = notify.templates(self.store)
        self.templates.setRowCount(len(previews))
        for row, p in enumerate(previews):
            cells = (p.label, p.accented_length.describe(), p.unaccented_length.describe())
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(p.accented if col == 1 else p.unaccented)
                self.templates.setItem(row, col, item)
        self.templates.resizeColumnToContents(0)
        self.templates.resizeColumnToContents(1)
        self._show_text()

    def selected(self) -> list[NoticeView]:
        return ledger_table.selected(self.table, self.notices)

    def _show_text(self) -> None:
        chosen = self.selected()
        if not chosen:
            self.text.setPlainText("Chọn một tin để xem nội dung đã gửi.")
            return
        n = chosen[0]
        self.text.setPlainText(f"{n.text}\n\n{nt.sms_length(n.text).describe()}\nLý do: {n.last_error or '—'}")

    def retry_selected(self) -> int:
        chosen = [n.id for n in self.selected() if n.state in ("quarantined", "pending")]
        if not chosen:
            QMessageBox.information(self, "Tin nhắn công dân", "Chọn tin bị từ chối hoặc đang chờ để gửi lại.")
            return 0
        try:
            moved = notify.retry(self.store, self.actor, chosen)
        except DomainError as exc:
            QMessageBox.warning(self, "Tin nhắn công dân", exc.message)
            return 0
        self.refresh()
        return moved
