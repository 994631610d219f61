"""Where each field of the intake form sits, its tab order and its look."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.ui.desk.intake.base import IntakeState

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


class LayoutMixin(IntakeState):
    """Builds the widgets once; the other parts only read and fill them."""

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
        for text, width in (("Bản chính", 64), ("Bản sao", 64)):
            lab = QLabel(text)
            lab.setFixedWidth(width)
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
        self.card = self._line("card", "Quét mã QR trên căn cước (Ctrl+D) rồi Enter")
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
        # Pages and copies feed a per-page or per-copy fee rule (domain/fees.py); the exemption reason
        # makes the fee 0 and is recorded. The amount above follows them; the clerk may still type it.
        self.fee_pages = QSpinBox()
        self.fee_pages.setObjectName("pages")
        self.fee_pages.setRange(0, 10_000)
        self.fee_pages.setSpecialValueText("—")
        self.fee_pages.setSuffix(" trang")
        self._field(dg, 2, 0, "Số trang:", "pages", self.fee_pages)
        self.fee_copies = QSpinBox()
        self.fee_copies.setObjectName("copies")
        self.fee_copies.setRange(0, 1_000)
        self.fee_copies.setSpecialValueText("—")
        self.fee_copies.setSuffix(" bản")
        self._field(dg, 2, 1, "Số bản:", "copies", self.fee_copies)
        self.fee_exemption = self._line("fee_exemption", "Lý do miễn phí, lệ phí (nếu có)")
        self.fee_exemption.setMaxLength(300)
        self._field(dg, 3, 0, "Miễn phí:", "fee_exemption", self.fee_exemption, span=2)
        self.fee_explain = QLabel("")
        self.fee_explain.setObjectName("feeExplanation")
        self.fee_explain.setProperty("role", "hint")
        self.fee_explain.setWordWrap(True)
        dg.addWidget(self.fee_explain, 8, 1, 1, 3)
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
        dg.addWidget(self.complete_now, 9, 1, 1, 3)
        dg.addWidget(self._error_label("complete_now"), 10, 1, 1, 3)
        dg.addWidget(self.print_receipt, 11, 1, 1, 3)
        right.addWidget(dos_box)
        right.addStretch(1)
        keys = QLabel("Phím tắt: Ctrl+F tìm thủ tục · ↓ chọn trong danh sách · Ctrl+D quét CCCD (máy quét dùng được ở mọi ô) · Space đánh dấu "
                      "giấy tờ · Enter hoặc Ctrl+Enter tiếp nhận · Esc làm mới (hỏi trước khi xoá phiếu đang nhập) · ↑↓ chuyển giữa các giấy tờ · Ctrl+P in lại giấy vừa tiếp nhận")
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
        self.clear_button.clicked.connect(self.ask_clear)
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
            self.sets, self.fee, self.fee_pages, self.fee_copies, self.fee_exemption, self.delivery, self.channel, self.complete_now, self.print_receipt,
            self.accept_button, self.supplement_button, self.refuse_button, self.clear_button,
            self.reprint_code, self.reprint_button,
        ]
        self._apply_tab_order()

    def _apply_tab_order(self) -> None:
        """search → results → papers → card → applicant → representative → dossier → buttons."""
        doc_widgets: list[QWidget] = []
        for row in self._doc_rows:
            doc_widgets += [row.check, row.originals, row.copies, row.capture]
        chain = self._base_tab_order[:2] + doc_widgets + self._base_tab_order[2:]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

