"""The intake form: a dossier taken at the counter entirely from the keyboard (and the scanner).

Flow: type a few letters of the procedure (no diacritics needed) → Enter → scan the citizen's
chip ID card QR (or type; a returning applicant is found by ID number) → phone → tick the papers
→ Ctrl+Enter (or Enter) accepts and the receipt preview opens. Esc clears. Every message sits
next to its field; nothing is written until the whole form is valid. The form only calls
services; PDF rendering runs on a worker thread.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import cccd_qr
from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.services import catalog, intake, receipts
from counterdesk.services.intake import (
    ApplicantInput,
    DocumentInput,
    IntakeRequest,
    IntakeResult,
    NotAcceptedRequest,
    ProcedureDetail,
    RepresentativeInput,
)
from counterdesk.store.uow import Store
from counterdesk.ui.common.workers import run_in_background

log = logging.getLogger("counterdesk.ui.intake")

STYLE = """
QLabel[role="error"] { color: #b71c1c; font-size: 8pt; }
QLabel[role="hint"] { color: #546e7a; font-size: 8pt; }
QLabel#resultBanner { background: #e8f5e9; border: 1px solid #81c784; padding: 4px 8px; }
QLabel#resultBanner[failed="true"] { background: #ffebee; border: 1px solid #e57373; }
QLabel#ticketBadge { background: #e3f2fd; border: 1px solid #90caf9; padding: 2px 8px; font-weight: bold; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"] { border: 1px solid #c62828; }
QGroupBox { font-weight: bold; margin-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; }
"""

DELIVERY = (("Tại quầy", "counter"), ("Qua bưu chính", "post"))
CHANNEL = (("Trực tiếp", 1), ("Bưu chính công ích", 3), ("Trực tuyến", 2))
GENDERS = ("", "Nam", "Nữ")


def parse_birth_date(text: str) -> date | None:
    """dd/mm/yyyy, d/m/yyyy, ddmmyyyy or yyyy-mm-dd; None when empty; InvalidInput otherwise."""
    raw = text.strip()
    if not raw:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw) or re.fullmatch(r"(\d{2})(\d{2})(\d{4})", raw)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 01/01/1990.", field="birth_date") from None


@dataclass
class _DocRow:
    name: str
    required: bool
    check: QCheckBox
    originals: QSpinBox
    copies: QSpinBox


class _NotAcceptedDialog(QDialog):
    """Reason (and, for Mẫu 02, the list of what to supply) before the form is printed."""

    def __init__(self, parent: QWidget, title: str, with_items: bool, items: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText("Mỗi dòng một nội dung cần bổ sung, hoàn thiện")
        self.items.setTabChangesFocus(True)
        self.items.setPlainText("\n".join(items))
        if with_items:
            layout.addRow("Nội dung bổ sung:", self.items)
        self.reason = QLineEdit()
        layout.addRow("Lý do:", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Lập phiếu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.resize(520, 260 if with_items else 120)


class IntakeForm(QWidget):
    """Desk-mode intake; ``link_ticket`` is connected to the queue panel's ``serving_started``."""

    accepted_dossier = Signal(object)  # IntakeResult
    pdf_ready = Signal(str, str, bytes)  # dossier code, form (receipt|supplement|refusal), PDF

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.procedure: ProcedureDetail | None = None
        self.ticket_id: int | None = None
        self.ticket_number = ""
        self.last_code = ""
        self.preview_enabled = True  # tests turn the modal print preview off and watch pdf_ready
        self.confirm: Callable[[str], bool] = self._confirm
        self.ask_reason: Callable[[str, bool], tuple[str, tuple[str, ...]] | None] = self._ask_reason
        self._doc_rows: list[_DocRow] = []
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._workers: list[Any] = []
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._run_search)
        self.setObjectName("intakeForm")
        self.setStyleSheet(STYLE)
        self._build()
        self._shortcuts()
        self.clear()

    # ------------------------------------------------------------------ construction
    def _error_label(self, key: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(f"err_{key}")
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.setVisible(False)
        self._errors[key] = label
        return label

    def _line(self, key: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        if width:
            edit.setMaximumWidth(width)
        edit.textEdited.connect(lambda _t, k=key: self._set_error(k, ""))
        self._inputs[key] = edit
        return edit

    def _field(self, grid: QGridLayout, row: int, col: int, label: str, key: str, widget: QWidget,
               span: int = 1) -> None:
        lab = QLabel(label)
        lab.setBuddy(widget)
        grid.addWidget(lab, row * 2, col * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row * 2, col * 2 + 1, 1, span * 2 - 1)
        grid.addWidget(self._error_label(key), row * 2 + 1, col * 2 + 1, 1, span * 2 - 1)
        self._inputs.setdefault(key, widget)

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.setSpacing(4)

        # --- top bar: ticket badge + result banner
        top = QHBoxLayout()
        self.ticket_badge = QLabel("")
        self.ticket_badge.setObjectName("ticketBadge")
        top.addWidget(self.ticket_badge)
        self.banner = QLabel("")
        self.banner.setObjectName("resultBanner")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setWordWrap(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.banner, 1)
        root.addLayout(top)

        columns = QHBoxLayout()
        columns.setSpacing(8)
        root.addLayout(columns, 1)

        # --- left column: procedure + documents
        left = QVBoxLayout()
        columns.addLayout(left, 5)
        proc_box = QGroupBox("Thủ tục  (Ctrl+F)")
        pl = QVBoxLayout(proc_box)
        pl.setSpacing(3)
        self.search = self._line("procedure", "Gõ tên hoặc mã thủ tục, không cần dấu: chung thuc, khai sinh…")
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.installEventFilter(self)
        pl.addWidget(self.search)
        self.results = QListWidget()
        self.results.setObjectName("procedureResults")
        self.results.setMaximumHeight(118)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.itemActivated.connect(self._pick_item)
        self.results.installEventFilter(self)
        pl.addWidget(self.results)
        self.proc_label = QLabel("")
        self.proc_label.setObjectName("procedureInfo")
        self.proc_label.setWordWrap(True)
        bold = QFont(self.proc_label.font())
        bold.setBold(True)
        self.proc_label.setFont(bold)
        pl.addWidget(self.proc_label)
        self.proc_hint = QLabel("")
        self.proc_hint.setProperty("role", "hint")
        self.proc_hint.setWordWrap(True)
        pl.addWidget(self.proc_hint)
        pl.addWidget(self._error_label("procedure"))
        proc_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        left.addWidget(proc_box)

        docs_box = QGroupBox("Thành phần hồ sơ  (Space: đánh dấu đã nhận)")
        dl = QVBoxLayout(docs_box)
        dl.setSpacing(2)
        head = QHBoxLayout()
        head.addWidget(QLabel("Giấy tờ"), 1)
        for text in ("Bản chính", "Bản sao"):
            lab = QLabel(text)
            lab.setFixedWidth(64)
            head.addWidget(lab)
        dl.addLayout(head)
        self.docs_holder = QWidget()
        self.docs_layout = QVBoxLayout(self.docs_holder)
        self.docs_layout.setContentsMargins(0, 0, 0, 0)
        self.docs_layout.setSpacing(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.docs_holder)
        dl.addWidget(scroll, 1)
        dl.addWidget(self._error_label("documents"))
        left.addWidget(docs_box, 1)

        # --- right column: card scan, applicant, representative, dossier
        right = QVBoxLayout()
        columns.addLayout(right, 6)
        app_box = QGroupBox("Người nộp hồ sơ")
        grid = QGridLayout(app_box)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        self.card = self._line("card", "Quét mã QR trên căn cước (Ctrl+Q) rồi Enter")
        self.card.installEventFilter(self)
        self._field(grid, 0, 0, "Quét CCCD:", "card", self.card, span=2)
        self.name = self._line("name", "Họ và tên")
        self._field(grid, 1, 0, "Họ và tên:", "name", self.name)
        self.id_number = self._line("id_number", "12 chữ số", 170)
        self.id_number.editingFinished.connect(self._lookup_applicant)
        self.id_number.installEventFilter(self)
        self._field(grid, 1, 1, "Số định danh:", "id_number", self.id_number)
        self.birth = self._line("birth_date", "dd/mm/yyyy", 110)
        self._field(grid, 2, 0, "Ngày sinh:", "birth_date", self.birth)
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        self.gender.addItems(GENDERS)
        self.gender.setMaximumWidth(80)
        self._field(grid, 2, 1, "Giới tính:", "gender", self.gender)
        self.phone = self._line("phone", "0912 345 678", 150)
        self._field(grid, 3, 0, "Điện thoại:", "phone", self.phone)
        self.email = self._line("email", "(không bắt buộc)")
        self._field(grid, 3, 1, "Email:", "email", self.email)
        self.address = self._line("address", "Nơi thường trú / địa chỉ liên hệ")
        self._field(grid, 4, 0, "Địa chỉ:", "address", self.address, span=2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        right.addWidget(app_box)

        self.rep_box = QGroupBox("Người được ủy quyền nộp thay")
        self.rep_box.setObjectName("representative")
        self.rep_box.setCheckable(True)
        rg = QGridLayout(self.rep_box)
        rg.setHorizontalSpacing(6)
        rg.setVerticalSpacing(0)
        self.rep_name = self._line("rep_name", "Họ và tên người được ủy quyền")
        self._field(rg, 0, 0, "Họ và tên:", "rep_name", self.rep_name)
        self.rep_id = self._line("rep_id_number", "12 chữ số", 170)
        self._field(rg, 0, 1, "Số định danh:", "rep_id_number", self.rep_id)
        self.rep_phone = self._line("rep_phone", "", 150)
        self._field(rg, 1, 0, "Điện thoại:", "rep_phone", self.rep_phone)
        self.rep_auth = self._line("rep_authorisation", "Giấy ủy quyền số…, ngày…")
        self._field(rg, 1, 1, "Văn bản ủy quyền:", "rep_authorisation", self.rep_auth)
        rg.setColumnStretch(1, 3)
        rg.setColumnStretch(3, 2)
        right.addWidget(self.rep_box)

        dos_box = QGroupBox("Hồ sơ")
        dg = QGridLayout(dos_box)
        dg.setHorizontalSpacing(6)
        dg.setVerticalSpacing(0)
        self.sets = QSpinBox()
        self.sets.setObjectName("sets")
        self.sets.setRange(1, 99)
        self.sets.setSuffix(" bộ")
        self._field(dg, 0, 0, "Số lượng:", "sets", self.sets)
        self.fee = QSpinBox()
        self.fee.setObjectName("fee")
        self.fee.setRange(0, 100_000_000)
        self.fee.setSingleStep(1000)
        self.fee.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        self.fee.setGroupSeparatorShown(True)
        self.fee.setSuffix(" đ")
        self._field(dg, 0, 1, "Lệ phí:", "fee", self.fee)
        self.delivery = QComboBox()
        self.delivery.setObjectName("delivery")
        for text, value in DELIVERY:
            self.delivery.addItem(text, value)
        self._field(dg, 1, 0, "Nhận kết quả:", "delivery", self.delivery)
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for label, channel in CHANNEL:
            self.channel.addItem(label, channel)
        self._field(dg, 1, 1, "Kênh nộp:", "channel", self.channel)
        self.complete_now = QCheckBox("Giải quyết và trả ngay tại quầy")
        self.complete_now.setObjectName("complete_now")
        self.print_receipt = QCheckBox("In giấy tiếp nhận (Mẫu 01)")
        self.print_receipt.setObjectName("print_receipt")
        self.complete_now.toggled.connect(lambda on: self.print_receipt.setChecked(not on))
        dg.addWidget(self.complete_now, 4, 1, 1, 3)
        dg.addWidget(self._error_label("complete_now"), 5, 1, 1, 3)
        dg.addWidget(self.print_receipt, 6, 1, 1, 3)
        right.addWidget(dos_box)
        right.addStretch(1)
        keys = QLabel("Phím tắt: Ctrl+F tìm thủ tục · ↓ chọn trong danh sách · Ctrl+Q quét CCCD · Space đánh dấu "
                      "giấy tờ · Enter hoặc Ctrl+Enter tiếp nhận · Esc làm mới · Ctrl+P in lại giấy vừa tiếp nhận")
        keys.setProperty("role", "hint")
        keys.setWordWrap(True)
        right.addWidget(keys)

        # --- bottom bar: actions
        bar = QHBoxLayout()
        self.accept_button = QPushButton("Tiếp nhận  (Ctrl+Enter)")
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.submit)
        self.supplement_button = QPushButton("Yêu cầu bổ sung (Mẫu 02)")
        self.supplement_button.setObjectName("supplementButton")
        self.supplement_button.clicked.connect(lambda: self.not_accepted("supplement"))
        self.refuse_button = QPushButton("Từ chối (Mẫu 03)")
        self.refuse_button.setObjectName("refuseButton")
        self.refuse_button.clicked.connect(lambda: self.not_accepted("refusal"))
        self.clear_button = QPushButton("Làm mới  (Esc)")
        self.clear_button.clicked.connect(self.clear)
        self.reprint_code = self._line("reprint", "Mã hồ sơ cần in lại", 240)
        self.reprint_code.installEventFilter(self)
        self.reprint_button = QPushButton("In lại")
        self.reprint_button.clicked.connect(lambda: self.reprint(self.reprint_code.text()))
        for w in (self.accept_button, self.supplement_button, self.refuse_button, self.clear_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.reprint_code)
        bar.addWidget(self.reprint_button)
        root.addLayout(bar)
        bar_err = QHBoxLayout()
        bar_err.addStretch(1)
        bar_err.addWidget(self._error_label("reprint"))
        root.addLayout(bar_err)

        self._base_tab_order = [
            self.search, self.results, self.card, self.name, self.id_number, self.birth, self.gender, self.phone,
            self.email, self.address, self.rep_box, self.rep_name, self.rep_id, self.rep_phone, self.rep_auth,
            self.sets, self.fee, self.delivery, self.channel, self.complete_now, self.print_receipt,
            self.accept_button, self.supplement_button, self.refuse_button, self.clear_button,
            self.reprint_code, self.reprint_button,
        ]
        self._apply_tab_order()

    def _apply_tab_order(self) -> None:
        """search → results → papers → card → applicant → representative → dossier → buttons."""
        doc_widgets: list[QWidget] = []
        for row in self._doc_rows:
            doc_widgets += [row.check, row.originals, row.copies]
        chain = self._base_tab_order[:2] + doc_widgets + self._base_tab_order[2:]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+Return", self.submit), ("Ctrl+Enter", self.submit), ("Escape", self.clear),
            ("Ctrl+F", lambda: self._focus(self.search)), ("Ctrl+Q", lambda: self._focus(self.card)),
            ("Ctrl+P", lambda: self.reprint(self.last_code)),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    @staticmethod
    def _focus(widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    # ------------------------------------------------------------------ keyboard routing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Down and self.results.count():
                    self.results.setFocus()
                    self.results.setCurrentRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                    self._search_timer.stop()
                    self._run_search()
                    item = self.results.currentItem() or self.results.item(0)
                    if item is not None:
                        self._pick_item(item)
                    return True
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
            if enter and watched is self.card:
                self._scan_card()
                return True
            if enter and watched is self.reprint_code:
                self.reprint(self.reprint_code.text())
                return True
            if enter and watched is self.id_number and "|" in self.id_number.text():
                self._lookup_applicant()
                return True
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.results.currentItem()
                if item is not None:
                    self._pick_item(item)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Plain Enter anywhere else in the form accepts (as the default button would in a dialog)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.submit()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ errors
    def _set_error(self, key: str, message: str) -> None:
        label = self._errors.get(key)
        if label is not None:
            label.setText(message)
            label.setVisible(bool(message))
        widget = self._inputs.get(key)
        if widget is not None and widget.property("invalid") != bool(message):
            widget.setProperty("invalid", bool(message))
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def errors(self) -> dict[str, str]:
        """Messages currently shown, by field (for tests and the status line)."""
        return {k: lab.text() for k, lab in self._errors.items() if lab.text()}

    def _clear_errors(self) -> None:
        for key in list(self._errors):
            self._set_error(key, "")

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self._set_error(key, message)  # fields without a place of their own (ticket…) go to the banner
        first = next(iter(errors))
        widget = self._inputs.get(first)
        if first == "documents" and self._doc_rows:
            widget = next((r.check for r in self._doc_rows if r.required and not r.check.isChecked()),
                          self._doc_rows[0].check)
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _banner(self, text: str, failed: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setProperty("failed", failed)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setVisible(bool(text))

    # ------------------------------------------------------------------ procedure
    def _run_search(self) -> None:
        self.results.clear()
        query = self.search.text().strip()
        if not query:
            return
        for view in catalog.search(self.store, query, limit=20):
            item = QListWidgetItem(f"{view.code}  {view.name}")
            item.setData(Qt.ItemDataRole.UserRole, view.code)
            item.setToolTip(view.name)
            self.results.addItem(item)
        self.results.setVisible(self.results.count() > 0)
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self._set_error("procedure", "Không tìm thấy thủ tục nào khớp.")

    def _pick_item(self, item: QListWidgetItem) -> None:
        self.select_procedure(str(item.data(Qt.ItemDataRole.UserRole)))

    def select_procedure(self, code: str) -> None:
        """Show the procedure, its fee and the papers to check; then go to the card scan."""
        try:
            detail = intake.procedure_detail(self.store, code)
        except DomainError as exc:
            self._set_error("procedure", exc.message)
            return
        self.procedure = detail
        self._set_error("procedure", "")
        self.search.setText(detail.name)
        self.search.setCursorPosition(0)
        self.results.clear()
        self.results.setVisible(False)
        self.proc_label.setText(f"{detail.code} · {detail.name}")
        fee_note = f" · {detail.fee_note}" if detail.fee_note else ""
        self.proc_hint.setText(f"{detail.field_name} · Thời hạn: {detail.duration_text} · "
                               f"Lệ phí {detail.fee:,} đ".replace(",", ".") + fee_note)
        self.fee.setValue(detail.fee)
        self.complete_now.setEnabled(detail.immediate)
        self.complete_now.setChecked(False)
        self._fill_documents(detail)
        self._focus(self.card if not self.name.text() else self._doc_rows[0].check if self._doc_rows else self.phone)

    def _fill_documents(self, detail: ProcedureDetail | None) -> None:
        for row in self._doc_rows:
            for w in (row.check, row.originals, row.copies):
                w.setParent(None)
                w.deleteLater()
        while self.docs_layout.count():
            item = self.docs_layout.takeAt(0)
            sub = item.layout() if item is not None else None
            if sub is not None:
                sub.deleteLater()
        self._doc_rows = []
        if detail is None:
            self._apply_tab_order()
            return
        for i, doc in enumerate(detail.documents):
            line = QHBoxLayout()
            line.setSpacing(4)
            check = QCheckBox(f"{i + 1}. {doc.name}" + ("" if doc.required else "  (nếu có)"))
            check.setObjectName(f"doc_{i}")
            check.toggled.connect(lambda _on: self._set_error("documents", ""))
            originals, copies = QSpinBox(), QSpinBox()
            for spin, value in ((originals, doc.originals), (copies, doc.copies)):
                spin.setRange(0, 99)
                spin.setValue(value)
                spin.setFixedWidth(64)
            line.addWidget(check, 1)
            line.addWidget(originals)
            line.addWidget(copies)
            self.docs_layout.addLayout(line)
            self._doc_rows.append(_DocRow(doc.name, doc.required, check, originals, copies))
        self.docs_layout.addStretch(1)
        self._apply_tab_order()

    # ------------------------------------------------------------------ applicant
    def _scan_card(self) -> None:
        """Fill the applicant from the chip ID card QR in one go; garbage touches nothing."""
        text = self.card.text()
        try:
            card = cccd_qr.parse(text, now_vn().date())
        except InvalidInput as exc:
            self._set_error("card", exc.message)
            self.card.selectAll()
            return
        self.fill_applicant(card.name, card.id_number, card.birth_date, card.gender, address=card.address)
        known = intake.find_applicant(self.store, card.id_number)
        if known is not None:
            if not self.phone.text():
                self.phone.setText(known.phone)
            if not self.email.text():
                self.email.setText(known.email)
        self.card.clear()
        self._set_error("card", "")
        self._focus(self.phone if not self.phone.text() else self._next_unchecked())

    def _next_unchecked(self) -> QWidget:
        return next((r.check for r in self._doc_rows if r.required and not r.check.isChecked()), self.accept_button)

    def fill_applicant(self, name: str, id_number: str, birth: date | None, gender: str, *, phone: str = "",
                       email: str = "", address: str = "") -> None:
        self.name.setText(name)
        self.id_number.setText(id_number)
        self.birth.setText("" if birth is None else f"{birth:%d/%m/%Y}")
        self.gender.setCurrentIndex(max(0, self.gender.findText(gender)))
        for edit, value in ((self.phone, phone), (self.email, email), (self.address, address)):
            if value:
                edit.setText(value)
        for key in ("name", "id_number", "birth_date", "gender", "address"):
            self._set_error(key, "")

    def _lookup_applicant(self) -> None:
        """A returning applicant: typing their ID number fills what the form does not have yet."""
        if "|" in self.id_number.text():  # the scanner typed the card into the ID field
            self.card.setText(self.id_number.text())
            self.id_number.clear()
            self._scan_card()
            return
        known = intake.find_applicant(self.store, self.id_number.text())
        if known is None:
            return
        pairs = ((self.name, known.name), (self.phone, known.phone), (self.email, known.email),
                 (self.address, known.address))
        for edit, value in pairs:
            if not edit.text().strip() and value:
                edit.setText(value)
        if not self.birth.text().strip() and known.birth_date is not None:
            self.birth.setText(f"{known.birth_date:%d/%m/%Y}")
        if not self.gender.currentText() and known.gender:
            self.gender.setCurrentIndex(max(0, self.gender.findText(known.gender)))
        self._banner(f"Người nộp đã có trong hệ thống: {known.name} — đã điền sẵn thông tin.")

    # ------------------------------------------------------------------ ticket
    def link_ticket(self, ticket_id: int, number: str) -> None:
        """Slot for QueuePanel.serving_started: dossiers taken now belong to this ticket."""
        self.ticket_id, self.ticket_number = ticket_id, number
        self.ticket_badge.setText(f"Đang phục vụ: {number}")
        self.ticket_badge.setVisible(True)

    def follow_ticket(self, info: object) -> None:
        """Slot for QueuePanel.ticket_changed: no ticket at the counter any more → no link."""
        if info is None or getattr(info, "state", "") in ("done", "no_show", "cancelled", "transferred"):
            self.unlink_ticket()
        elif getattr(info, "state", "") == "serving" and getattr(info, "id", None) != self.ticket_id:
            self.link_ticket(int(getattr(info, "id", 0)), str(getattr(info, "number", "")))

    def unlink_ticket(self) -> None:
        self.ticket_id, self.ticket_number = None, ""
        self.ticket_badge.setText("")
        self.ticket_badge.setVisible(False)

    # ------------------------------------------------------------------ building requests
    def _applicant_input(self, errors: dict[str, str]) -> ApplicantInput:
        try:
            birth = parse_birth_date(self.birth.text())
        except InvalidInput as exc:
            errors["birth_date"] = exc.message
            birth = None
        return ApplicantInput(name=self.name.text(), id_number=self.id_number.text(), birth_date=birth,
                              gender=self.gender.currentText(), phone=self.phone.text(), email=self.email.text(),
                              address=self.address.text())

    def _representative(self) -> RepresentativeInput | None:
        if not self.rep_box.isChecked():
            return None
        return RepresentativeInput(name=self.rep_name.text(), id_number=self.rep_id.text(),
                                   phone=self.rep_phone.text(), authorisation=self.rep_auth.text())

    def _documents(self) -> tuple[DocumentInput, ...]:
        return tuple(DocumentInput(r.name, r.originals.value(), r.copies.value())
                     for r in self._doc_rows if r.check.isChecked())

    def build_request(self) -> tuple[IntakeRequest | None, dict[str, str]]:
        """The request as typed, with every problem found without the database."""
        errors: dict[str, str] = {}
        applicant = self._applicant_input(errors)
        if self.procedure is None:
            errors["procedure"] = "Chưa chọn thủ tục: gõ tên thủ tục rồi Enter."
        request = IntakeRequest(
            procedure_code=self.procedure.code if self.procedure else "", applicant=applicant,
            documents=self._documents(), representative=self._representative(), sets=self.sets.value(),
            fee=self.fee.value(), delivery=str(self.delivery.currentData()), channel=int(self.channel.currentData()),
            ticket_id=self.ticket_id, complete_now=self.complete_now.isChecked() and self.complete_now.isEnabled(),
        )
        cleaned, found = intake.clean_request(request)
        for key, message in found.items():
            errors.setdefault(key, message)
        missing = [r.name for r in self._doc_rows if r.required and not r.check.isChecked()]
        if missing:
            errors["documents"] = "Chưa nhận đủ giấy tờ bắt buộc: " + "; ".join(missing) + "."
        order = ["procedure", "card", "name", "id_number", "birth_date", "gender", "phone", "email", "address",
                 "rep_name", "rep_id_number", "rep_phone", "rep_authorisation", "documents"]
        ordered = {k: errors[k] for k in order if k in errors}
        ordered.update({k: v for k, v in errors.items() if k not in ordered})
        return (None if ordered else cleaned), ordered

    # ------------------------------------------------------------------ actions
    def submit(self) -> IntakeResult | None:
        """Accept the dossier (Enter / Ctrl+Enter)."""
        self._clear_errors()
        request, errors = self.build_request()
        if request is None:
            self._show_errors(errors)
            self._banner("Chưa tiếp nhận: xem các ô có thông báo đỏ.", failed=True)
            return None
        try:
            try:
                result = intake.accept(self.store, request, self.actor)
            except intake.DuplicateDossier as dup:
                if not self.confirm(dup.message):
                    self._banner("Không tạo hồ sơ trùng.", failed=True)
                    return None
                result = intake.accept(self.store, request, self.actor, allow_duplicate=True)
        except DomainError as exc:
            self._show_errors({exc.field or "procedure": exc.message})
            self._banner(f"Chưa tiếp nhận: {exc.message}", failed=True)
            return None
        self.last_code = result.code
        self.accepted_dossier.emit(result)
        wants_receipt = self.print_receipt.isChecked()
        self.clear(keep_banner=True)
        self._banner(self._result_text(result))
        if wants_receipt:
            self.print_form(result.code, "receipt")
        return result

    @staticmethod
    def _result_text(result: IntakeResult) -> str:
        if result.status == st.RETURNED:
            what = "đã giải quyết và trả kết quả ngay"
        elif result.status == st.DONE:
            what = "đã giải quyết xong, chờ gửi kết quả qua bưu chính"
        elif result.due_at is not None:
            due = to_vn(result.due_at)
            what = f"hẹn trả {due:%H:%M} ngày {due:%d/%m/%Y}"
            if result.due_explanation:
                what += f" ({result.due_explanation})"
        else:
            what = "đã tiếp nhận"
        warn = "  ⚠ Lịch làm việc năm này là tạm tính." if result.provisional_calendar else ""
        return f"Đã tiếp nhận hồ sơ {result.code} — {result.applicant_name}: {what}.{warn}"

    def not_accepted(self, form: str) -> IntakeResult | None:
        """Mẫu 02 (supplement) or Mẫu 03 (refusal) for the dossier on the form."""
        self._clear_errors()
        errors: dict[str, str] = {}
        applicant = self._applicant_input(errors)
        if self.procedure is None:
            errors["procedure"] = "Chưa chọn thủ tục."
        if not applicant.name.strip():
            errors["name"] = "Chưa nhập họ và tên người nộp."
        if errors:
            self._show_errors(errors)
            return None
        assert self.procedure is not None
        title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" if form == "supplement" else "Phiếu từ chối tiếp nhận hồ sơ"
        answer = self.ask_reason(title, form == "supplement")
        if answer is None:
            return None
        reason, items = answer
        request = NotAcceptedRequest(
            procedure_code=self.procedure.code, applicant=applicant, reason=reason, items=items,
            documents=self._documents(), representative=self._representative(), ticket_id=self.ticket_id,
        )
        try:
            result = (intake.request_supplement if form == "supplement" else intake.refuse)(
                self.store, request, self.actor)
        except DomainError as exc:
            self._show_errors({exc.field or "procedure": exc.message})
            self._banner(exc.message, failed=True)
            return None
        self.last_code = result.code
        self.clear(keep_banner=True)
        label = "Yêu cầu bổ sung" if form == "supplement" else "Từ chối tiếp nhận"
        self._banner(f"{label}: hồ sơ {result.code} — {result.applicant_name}. Đang in phiếu…")
        self.print_form(result.code, form)
        return result

    def reprint(self, code: str) -> None:
        """Print the receipt of a dossier again (scan its barcode or type the code)."""
        code = code.strip()
        if not code:
            self._set_error("reprint", "Nhập hoặc quét mã hồ sơ.")
            return
        self._set_error("reprint", "")
        self.print_form(code, "receipt")

    def print_form(self, code: str, form: str) -> None:
        """Data now (a short read), PDF on a worker thread, preview when it is ready."""
        try:
            data = receipts.form_data(self.store, code, form)
        except DomainError as exc:
            self._set_error("reprint", exc.message)
            self._banner(exc.message, failed=True)
            return
        worker = run_in_background(receipts.render, form, data,
                                   on_done=lambda pdf: self._pdf_done(data.dossier_code, form, pdf),
                                   on_failed=self._pdf_failed)
        self._workers = [*self._workers[-7:], worker]  # keep the signal objects alive until they report

    def _pdf_done(self, code: str, form: str, pdf: bytes) -> None:
        self.pdf_ready.emit(code, form, pdf)
        if not self.preview_enabled:
            return
        from counterdesk.ui.common.print_pdf import preview_and_print

        try:
            printed = preview_and_print(self, pdf, f"{receipts.FORMS.get(form, form)} — {code}")
        except DomainError as exc:
            self._banner(exc.message, failed=True)
            return
        if printed:
            try:
                receipts.record_printed(self.store, code, self.actor, form)
            except DomainError as exc:
                self._banner(exc.message, failed=True)

    def _pdf_failed(self, exc: BaseException) -> None:
        log.error("PDF rendering failed", exc_info=exc)
        message = exc.message if isinstance(exc, DomainError) else "Không tạo được bản in (lỗi đã được ghi lại)."
        self._banner(message, failed=True)

    # ------------------------------------------------------------------ dialogs (replaceable in tests)
    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Hồ sơ có thể bị trùng", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_reason(self, title: str, with_items: bool) -> tuple[str, tuple[str, ...]] | None:
        missing = tuple(f"Bổ sung {r.name}" for r in self._doc_rows if r.required and not r.check.isChecked())
        dialog = _NotAcceptedDialog(self, title, with_items, missing)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        items = tuple(line.strip() for line in dialog.items.toPlainText().splitlines() if line.strip())
        return dialog.reason.text(), items

    # ------------------------------------------------------------------ reset
    def clear(self, keep_banner: bool = False) -> None:
        """Esc: an empty form for the next dossier (the ticket being served stays linked)."""
        self._search_timer.stop()
        self.procedure = None
        for edit in (self.search, self.card, self.name, self.id_number, self.birth, self.phone, self.email,
                     self.address, self.rep_name, self.rep_id, self.rep_phone, self.rep_auth, self.reprint_code):
            edit.clear()
        self.results.clear()
        self.results.setVisible(False)
        self.proc_label.setText("")
        self.proc_hint.setText("Chọn thủ tục để hiện danh sách giấy tờ cần nộp.")
        self.gender.setCurrentIndex(0)
        self.rep_box.setChecked(False)
        self.sets.setValue(1)
        self.fee.setValue(0)
        self.delivery.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        self.complete_now.setChecked(False)
        self.complete_now.setEnabled(False)
        self.print_receipt.setChecked(True)
        self._fill_documents(None)
        self._clear_errors()
        if not keep_banner:
            self._banner("")
        if self.ticket_id is None:
            self.unlink_ticket()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
