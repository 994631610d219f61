"""The wizard's pages: each collects one part of the SetupPlan and checks it before moving on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from counterdesk.domain.dossier_code import check_national_agency
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.domain.passwords import strength_hint
from counterdesk.services import office_setup
from counterdesk.services.office_setup import LineSpec
from counterdesk.ui.admin.account_dialogs import password_edit

PAGE_CHOICE, PAGE_OFFICE, PAGE_LINES, PAGE_PRINTERS, PAGE_CALENDAR, PAGE_ADMIN, PAGE_DEMO = range(7)
ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("pageError")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


class ChoicePage(QWizardPage):
    """A real office, or the demo — a separate, explicit choice that says what it is."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Chào mừng đến với CounterDesk")
        self.setSubTitle("CSDL này chưa có cơ quan. Chọn cách bắt đầu.")
        layout = QVBoxLayout(self)
        self.real = QRadioButton("Thiết lập cơ quan để làm việc thật")
        self.real.setObjectName("choiceReal")
        self.real.setChecked(True)
        real_note = QLabel("Nhập mã và tên cơ quan, quầy và dãy số, máy in, kiểm tra lịch làm việc, "
                           "và đặt mật khẩu riêng cho tài khoản quản trị.")
        self.demo = QRadioButton("Dùng thử với dữ liệu mẫu")
        self.demo.setObjectName("choiceDemo")
        demo_note = QLabel("Tạo một cơ quan MẪU (phường Sài Gòn) với tài khoản mẫu, chỉ để xem thử và tập huấn. "
                           "KHÔNG dùng cho hồ sơ thật. Mật khẩu tài khoản mẫu được tạo ngẫu nhiên, hiện một lần, "
                           "và phải đổi khi đăng nhập lần đầu.")
        for note in (real_note, demo_note):
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 12)
            note.setStyleSheet("color: #444;")
        demo_note.setStyleSheet("color: #8a4b00;")
        for w in (self.real, real_note, self.demo, demo_note):
            layout.addWidget(w)
        layout.addStretch(1)

    def nextId(self) -> int:
        return PAGE_DEMO if self.demo.isChecked() else PAGE_OFFICE


class OfficePage(QWizardPage):
    FIELDS = (
        ("agency_code", "Mã cơ quan (mã định danh điện tử)*", "ví dụ 000.00.01.H29 hoặc H15.50.05.13"),
        ("name", "Tên cơ quan*", "Trung tâm Phục vụ hành chính công xã …"),
        ("parent_name", "Đơn vị chủ quản", "UBND XÃ …"),
        ("place_name", "Địa danh ghi ngày tháng", "ví dụ: Tân Phú"),
        ("address", "Địa chỉ", ""),
        ("phone", "Điện thoại", ""),
        ("head_title", "Chức danh thủ trưởng", ""),
        ("head_name", "Họ tên thủ trưởng", ""),
    )

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Thông tin cơ quan")
        self.setSubTitle("In trên giấy tiếp nhận, phiếu hẹn và báo cáo. Mã cơ quan lấy trong danh mục mã định danh "
                         "của tỉnh; nó là phần đầu của mọi mã hồ sơ.")
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in self.FIELDS:
            edit = QLineEdit("GIÁM ĐỐC" if key == "head_title" else "")
            edit.setObjectName(key)
            edit.setPlaceholderText(hint)
            form.addRow(label + ":", edit)
            self.edits[key] = edit
        self.error = error_label()
        form.addRow(self.error)

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items()}

    def validatePage(self) -> bool:
        try:
            self.edits["agency_code"].setText(check_national_agency(self.edits["agency_code"].text()))
            if not self.edits["name"].text().strip():
                self.edits["name"].setFocus()
                raise InvalidInput("Tên cơ quan không được trống.")
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class LinesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Quầy và dãy số xếp hàng")
        self.setSubTitle("Mỗi dãy số có một ký hiệu (A, B…) in trên phiếu. Mọi quầy gọi được mọi dãy; "
                         "phân công chi tiết sửa sau trong chế độ Quản trị.")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Số quầy:"))
        self.counters = QSpinBox()
        self.counters.setObjectName("counters")
        self.counters.setRange(1, office_setup.MAX_COUNTERS)
        self.counters.setValue(4)
        row.addWidget(self.counters)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("lines")
        self.table.setHorizontalHeaderLabels(["Ký hiệu", "Tên dãy số (lĩnh vực)", "Dãy trả kết quả"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(2, 140)
        for prefix, name, is_return in office_setup.DEFAULT_LINES:
            self.add_line(prefix, name, is_return)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        add = QPushButton("Thêm dãy số")
        add.clicked.connect(lambda: self.add_line("", "", False))
        remove = QPushButton("Xoá dãy đang chọn")
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = error_label()
        layout.addWidget(self.error)

    def add_line(self, prefix: str, name: str, is_return: bool) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(prefix))
        self.table.setItem(r, 1, QTableWidgetItem(name))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if is_return else Qt.CheckState.Unchecked)
        self.table.setItem(r, 2, check)

    def lines(self) -> tuple[LineSpec, ...]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            out.append(LineSpec(cells[0].text() if cells[0] else "", cells[1].text() if cells[1] else "",
                                cells[2] is not None and cells[2].checkState() == Qt.CheckState.Checked))
        return tuple(out)

    def validatePage(self) -> bool:
        plan = office_setup.SetupPlan(agency_code="000.00.00.H00", name="x", admin_password="",
                                      counters=self.counters.value(), lines=self.lines())
        try:
            office_setup.check_lines(plan)
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class PrintersPage(QWizardPage):
    def __init__(self, try_ticket: object, try_a4: object) -> None:
        super().__init__()
        self.setTitle("Máy in")
        self.setSubTitle("Máy in phiếu số thứ tự (khổ 80 mm) và máy in A4 cho giấy tiếp nhận. Có thể bỏ trống "
                         "và thiết lập sau; bấm In thử để kiểm tra ngay.")
        form = QFormLayout(self)
        self.ticket = QLineEdit("pdf")
        self.ticket.setObjectName("ticketPrinter")
        self.ticket.setPlaceholderText("network:192.168.1.50, usb:04b8:0202, serial:/dev/ttyUSB0, win32:Tên, pdf")
        ticket_row = QHBoxLayout()
        ticket_row.addWidget(self.ticket, 1)
        self.try_ticket_button = QPushButton("In thử phiếu")
        self.try_ticket_button.setObjectName("tryTicket")
        self.try_ticket_button.clicked.connect(try_ticket)
        ticket_row.addWidget(self.try_ticket_button)
        form.addRow("Máy in phiếu:", ticket_row)
        self.receipt = QComboBox()
        self.receipt.setObjectName("receiptPrinter")
        self.receipt.setEditable(True)
        from PySide6.QtPrintSupport import QPrinterInfo

        self.receipt.addItems(["", *QPrinterInfo.availablePrinterNames()])
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt, 1)
        self.try_a4_button = QPushButton("In thử trang A4")
        self.try_a4_button.clicked.connect(try_a4)
        receipt_row.addWidget(self.try_a4_button)
        form.addRow("Máy in A4 (giấy tiếp nhận):", receipt_row)
        self.result = QLabel()
        self.result.setObjectName("printResult")
        self.result.setWordWrap(True)
        form.addRow(self.result)


class CalendarPage(QWizardPage):
    def __init__(self, years: list[tuple[int, str, bool]]) -> None:
        super().__init__()
        self.setTitle("Lịch làm việc")
        self.setSubTitle("Hạn trả kết quả tính theo ngày làm việc. Năm có lịch chính thức đi kèm phần mềm; năm chưa "
                         "có là lịch tạm tính: đối chiếu với thông báo nghỉ lễ, Tết của Nhà nước rồi xác nhận "
                         "(hoặc để sau, trong Quản trị → Lịch làm việc).")
        layout = QVBoxLayout(self)
        self.checks: dict[int, QCheckBox] = {}
        for year, status_name, provisional in years:
            label = QLabel(f"Năm {year}: <b>{status_name}</b>")
            layout.addWidget(label)
            if provisional:
                check = QCheckBox(f"Tôi đã đối chiếu lịch năm {year} với thông báo nghỉ lễ chính thức")
                check.setObjectName(f"confirm{year}")
                check.setContentsMargins(24, 0, 0, 0)
                layout.addWidget(check)
                self.checks[year] = check
        layout.addStretch(1)

    def confirmed(self) -> tuple[int, ...]:
        return tuple(y for y, c in self.checks.items() if c.isChecked())


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Tài khoản quản trị")
        self.setSubTitle("Mật khẩu riêng của quản trị viên: ít nhất 10 ký tự, có ít nhất 3 trong 4 loại (chữ thường, "
                         "chữ hoa, chữ số, ký hiệu), không chứa tên đăng nhập. Không có mật khẩu mặc định.")
        form = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.full_name.setPlaceholderText("Họ tên người quản trị")
        self.password, self.repeat = password_edit(), password_edit()
        self.password.setObjectName("adminPassword")
        self.repeat.setObjectName("adminRepeat")
        form.addRow("Tên đăng nhập:", self.username)
        form.addRow("Họ tên:", self.full_name)
        form.addRow("Mật khẩu:", self.password)
        form.addRow("Nhập lại mật khẩu:", self.repeat)
        self.hint = QLabel()
        self.hint.setObjectName("strengthHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #8a4b00;")
        self.password.textChanged.connect(lambda text: self.hint.setText(strength_hint(text) if text else ""))
        form.addRow(self.hint)
        self.error = error_label()
        form.addRow(self.error)

    def nextId(self) -> int:
        return -1

    def validatePage(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.error.setText("Hai lần nhập mật khẩu không khớp.")
            return False
        wizard = self.wizard()
        try:
            office_setup.validate(wizard.plan())  # type: ignore[attr-defined]
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class DemoPage(QWizardPage):
    """The demo's last page: what it is, and its password, shown this once."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Dùng thử với dữ liệu mẫu")
        self.setSubTitle("Cơ quan MẪU chỉ để xem thử và tập huấn — không nhập hồ sơ thật vào đây.")
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setObjectName("demoPassword")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_password(self, password: str) -> None:
        self.text.setText(
            "Tài khoản mẫu: <b>admin</b> (quản trị), <b>lanhdao</b> (lãnh đạo), <b>canbo1</b>, <b>canbo2</b> "
            f"(cán bộ quầy).<br><br>Mật khẩu chung, chỉ hiện lần này:<br><span style='font-size:20px; "
            f"font-family:monospace'>{password}</span><br><br>Mỗi tài khoản phải đặt mật khẩu riêng khi đăng nhập "
            "lần đầu. Khi làm việc thật, hãy thiết lập cơ quan trên một CSDL mới.")

    def nextId(self) -> int:
        return -1
