"""Trả kết quả: scan the receipt, check the dossier, confirm the receiver, print the return slip.

The scan box takes the receipt's signed QR, its Code 128 barcode or a typed code. The receiver
defaults to the applicant; the clerk can change the name and ID number (someone collecting on the
applicant's behalf) or record a postal return. The return slip PDF is rendered off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import status as st
from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import dossier_forms, lifecycle, lookup
from counterdesk.services.lifecycle import DossierState
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.print_pdf import preview_and_print
from counterdesk.ui.common.scan_list import ScanList, home_of
from counterdesk.ui.common.signals import emit


def _moment(value: object) -> str:
    from datetime import datetime

    return dossier_forms.moment(value) if isinstance(value, datetime) else "—"


class ReturnPanel(QWidget):
    returned = Signal(str)  # dossier code

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 show_pdf: Callable[[QWidget, bytes, str], object] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.state: DossierState | None = None
        self.last_pdf: bytes | None = None
        self._show_pdf = show_pdf or preview_and_print
        self.jobs = BackgroundJobs(self)

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("returnScan")
        self.scan.setMaxLength(lookup.MAX_SCAN)
        self.scan.setPlaceholderText("Quét mã trên giấy tiếp nhận hoặc nhập mã hồ sơ, rồi Enter")
        self.scan.setStyleSheet("font-size: 18px; padding: 6px;")
        self.scan.returnPressed.connect(self.lookup_scan)
        find = QPushButton("Tìm hồ sơ")
        find.clicked.connect(self.lookup_scan)
        search = QPushButton("Tìm theo tên, số định danh…")
        search.setToolTip("Công dân không mang giấy tiếp nhận: tìm theo họ tên, số định danh, số điện thoại")
        search.clicked.connect(self.find_dossier)
        row.addWidget(self.scan, 1)
        row.addWidget(find)
        row.addWidget(search)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setObjectName("returnMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 16px;")
        layout.addWidget(self.message)

        details = QGroupBox("Hồ sơ")
        form = QFormLayout(details)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("code", "Mã hồ sơ"), ("procedure", "Thủ tục"), ("applicant", "Người nộp"),
                           ("status", "Trạng thái"), ("received", "Ngày nhận"), ("due", "Hẹn trả"),
                           ("returned", "Đã trả")):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-size: 16px; font-weight: 600;")
            value.setWordWrap(True)
            form.addRow(label, value)
            self.fields[key] = value
        layout.addWidget(details)

        receiver = QGroupBox("Người nhận kết quả")
        rform = QFormLayout(receiver)
        self.receiver_name = QLineEdit()
        self.receiver_name.setMaxLength(150)
        self.receiver_id = QLineEdit()
        self.receiver_id.setMaxLength(20)
        self.receiver_id.setPlaceholderText("12 chữ số (CCCD) hoặc 9 chữ số (CMND)")
        self.delivery = QComboBox()
        self.delivery.addItem("Tại quầy", "counter")
        self.delivery.addItem("Qua bưu chính", "post")
        self.postal = QLineEdit()
        self.postal.setMaxLength(60)
        self.postal.setPlaceholderText("Số vận đơn (khi gửi bưu chính)")
        self.result_document = QLineEdit()  # the document issued, printed on the return slip
        self.result_document.setMaxLength(400)
        self.result_document.setPlaceholderText("Giấy tờ được cấp, ví dụ: Giấy khai sinh (bản chính)")
        rform.addRow("Họ và tên", self.receiver_name)
        rform.addRow("Số định danh", self.receiver_id)
        rform.addRow("Hình thức", self.delivery)
        rform.addRow("Số vận đơn", self.postal)
        rform.addRow("Kết quả trả", self.result_document)
        layout.addWidget(receiver)

        buttons = QHBoxLayout()
        self.confirm = QPushButton("Xác nhận trả kết quả và in phiếu")
        self.confirm.setObjectName("confirmReturn")
        self.confirm.setStyleSheet("font-size: 16px; font-weight: 700; padding: 8px 16px;")
        self.confirm.clicked.connect(self.confirm_return)
        self.reprint = QPushButton("In lại phiếu trả")
        self.reprint.clicked.connect(self.print_slip)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.reprint)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        scans_layout = QHBoxLayout()
        self.scans = ScanList(store, compact=True)
        scans_layout.addWidget(self.scans, 1)
        self.capture_button = QPushButton("Số hoá kết quả…")
        self.capture_button.setObjectName("captureResult")
        self.capture_button.setToolTip("Quét hoặc đính kèm bản kết quả giải quyết trước khi trao cho công dân")
        self.capture_button.clicked.connect(self.capture_result)
        scans_layout.addWidget(self.capture_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(scans_layout)
        self.capture_dialog: QWidget | None = None
        layout.addStretch(1)
        self._show(None)

    # ------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"font-size: 16px; color: {'#c62828' if error else '#1b5e20'};")

    def _show(self, state: DossierState | None) -> None:
        self.state = state
        if state is None:
            for label in self.fields.values():
                label.setText("—")
        else:
            self.fields["code"].setText(state.code)
            self.fields["procedure"].setText(state.procedure_name)
            self.fields["applicant"].setText(f"{state.applicant_name} — {state.applicant_id_number or 'không có số định danh'}")
            colour = "#2e7d32" if state.status == st.DONE else "#c62828" if state.status != st.RETURNED else "#455a64"
            self.fields["status"].setText(state.status_name)
            self.fields["status"].setStyleSheet(f"font-size: 16px; font-weight: 700; color: {colour};")
            self.fields["received"].setText(_moment(state.received_at))
            self.fields["due"].setText(_moment(state.due_at) + (" (đã hẹn lại)" if state.rescheduled else ""))
            self.fields["returned"].setText(
                f"{_moment(state.returned_at)} — {state.receiver_name}" if state.returned_at else "—")
        ready = state is not None and state.status == st.DONE
        for w in (self.receiver_name, self.receiver_id, self.delivery, self.postal, self.result_document, self.confirm):
            w.setEnabled(ready)
        self.reprint.setEnabled(state is not None and state.status == st.RETURNED)
        self.scans.show_code(state.code if state is not None else "")
        self.capture_button.setEnabled(state is not None and state.status in st.HAS_RESULT)

    def capture_result(self) -> object:
        """The capture screen for the result (Decision 766 counts digitised results)."""
        if self.state is None or self.state.status not in st.HAS_RESULT:
            return None
        from counterdesk.ui.desk.capture.dialog import attach_saver, open_capture

        code = self.state.code
        document = self.result_document.text().strip() or None
        save = attach_saver(self.store, home_of(self), code, document, self.actor, result=True)
        self.capture_dialog = open_capture(self, self.store, document or "Kết quả giải quyết", save, code,
                                           self._captured)
        return self.capture_dialog

    def _captured(self, code: str, view: object) -> None:
        if self.state is not None and self.state.code == code:
            self.scans.show_code(code)
        self._say(f"Đã số hoá kết quả hồ sơ {code}: {getattr(view, 'pages', 0)} trang.")

    def follow_ticket(self, info: object) -> None:
        """Slot for QueuePanel.ticket_changed: a called return-line ticket brings its dossier up."""
        code = getattr(info, "dossier_code", None)
        if info is not None and code and getattr(info, "state", "") in ts.ACTIVE \
                and (self.state is None or self.state.code != code):
            self.load(str(code))

    def find_dossier(self) -> None:
        """A citizen without the receipt: search by name, ID number or phone, then look the code up."""
        from counterdesk.ui.common.dossier_search import ask_code

        code = ask_code(self.store, self.actor, self, self.scan.text().strip())
        if code:
            self.scan.setText(code)
            self.lookup_scan()

    def lookup_scan(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if text.strip():
            self.load(text)

    def load(self, text: str) -> None:
        """Show the dossier of a scan, a typed code or a ticket's dossier code."""
        try:
            state = lifecycle.get_by_scan(self.store, text)
        except DomainError as exc:
            self._show(None)
            self._say(exc.message, error=True)
            return
        self._show(state)
        self.receiver_name.setText(state.applicant_name)
        self.receiver_id.setText(state.applicant_id_number)
        self.delivery.setCurrentIndex(max(0, self.delivery.findData(state.delivery)))
        self.postal.clear()
        self.result_document.setText(state.result_document)
        if state.status == st.DONE:
            self._say("Hồ sơ đã có kết quả. Kiểm tra giấy tờ của người nhận rồi xác nhận.")
        elif state.status == st.RETURNED:
            self._say("Hồ sơ này đã trả kết quả.", error=True)
        else:
            self._say(f"Hồ sơ chưa có kết quả ({state.status_name}); chưa trả được.", error=True)

    def confirm_return(self) -> None:
        if self.state is None:
            return
        name = self.receiver_name.text()
        same_person = name.strip() == self.state.applicant_name
        try:
            state = lifecycle.return_result(
                self.store, self.actor, self.state.code,
                receiver_name="" if same_person else name, receiver_id_number=self.receiver_id.text(),
                delivery=str(self.delivery.currentData()), postal_reference=self.postal.text(),
                result_document=self.result_document.text(),
            )
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        self._show(state)
        self._say(f"Đã trả kết quả hồ sơ {state.code} cho {state.receiver_name}. Đang chuẩn bị phiếu…")
        emit(self.returned, state.code)
        self.print_slip()

    def print_slip(self) -> None:
        if self.state is None:
            return
        code = self.state.code
        self.jobs.start(
            lambda: dossier_forms.render(dossier_forms.return_slip_data(self.store, code)),
            on_done=lambda pdf: self._slip_ready(code, pdf),
            on_failed=lambda exc: self._say(exc.message if isinstance(exc, DomainError)
                                            else "Không tạo được phiếu trả kết quả.", error=True),
        )

    def _slip_ready(self, code: str, pdf: bytes) -> None:
        self.last_pdf = pdf
        self._say(f"Đã trả kết quả hồ sơ {code}. Phiếu xác nhận trả kết quả đã sẵn sàng để in.")
        try:
            self._show_pdf(self, pdf, f"Phiếu trả kết quả {code}")
        except DomainError as exc:
            self._say(exc.message, error=True)
