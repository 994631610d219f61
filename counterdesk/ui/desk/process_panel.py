"""Luân chuyển hồ sơ: hand-over to and back from the handling unit and the other status changes.

Scan or type a code; the panel shows the dossier, its history and one button per action the
status machine allows now (domain.status), so an illegal step is never offered. Actions that need
a reason or a unit ask for it; the control sheet (Mẫu 06) and the withdrawal notice (Mẫu 05) are
rendered off the GUI thread and opened in the print preview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import status as st
from counterdesk.domain.errors import DomainError
from counterdesk.domain.labels import event_name
from counterdesk.domain.roles import Actor
from counterdesk.services import dossier_actions, dossier_forms, lifecycle, lookup, receipts, resume
from counterdesk.services.lifecycle import DossierState
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.print_pdf import preview_and_print
from counterdesk.ui.common.scan_list import ScanList

# action → (question asked, required?) ; None: no question
QUESTIONS: dict[str, tuple[str, bool] | None] = {
    "handover": None,
    "transfer": ("Chuyển sang đơn vị:", True),
    "refuse": ("Lý do từ chối:", True),
    "request_supplement": ("Nội dung cần bổ sung, hoàn thiện:", True),
    "complete_supplement": None,
    "request_financial": ("Nghĩa vụ tài chính phải thực hiện:", True),
    "financial_done": None,
    "withdraw": ("Lý do công dân rút hồ sơ (nếu có):", False),
    "stop": ("Lý do dừng xử lý:", True),
    "result_ready": None,
}
Ask = Callable[[str, str], str | None]


class ProcessPanel(QWidget):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *,
                 ask: Ask | None = None, show_pdf: Callable[[QWidget, bytes, str], object] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.state: DossierState | None = None
        self._fee: dict[str, Any] = {}
        self._ask = ask or self._dialog
        self._show_pdf = show_pdf or preview_and_print
        self.jobs = BackgroundJobs(self)
        self.capture_dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setMaxLength(lookup.MAX_SCAN)
        self.scan.setPlaceholderText("Quét mã trên giấy tiếp nhận hoặc nhập mã hồ sơ, rồi Enter")
        self.scan.setStyleSheet("font-size: 18px; padding: 6px;")
        self.scan.returnPressed.connect(self.lookup_scan)
        row.addWidget(self.scan, 1)
        self.find_button = QPushButton("Tìm theo tên, số định danh…")
        self.find_button.setToolTip("Công dân không mang giấy tiếp nhận: tìm theo họ tên, số định danh, số điện thoại")
        self.find_button.clicked.connect(self.find_dossier)
        row.addWidget(self.find_button)
        layout.addLayout(row)
        self.header = QLabel("")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 16px; font-weight: 600;")
        layout.addWidget(self.header)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.counterpart = QLineEdit()  # the other side of a hand-over, named on Mẫu 06
        self.counterpart.setMaxLength(150)
        self.counterpart.setPlaceholderText("Họ tên người nhận (khi giao) hoặc người giao (khi nhận lại) hồ sơ")
        layout.addWidget(self.counterpart)
        self.actions_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for action in QUESTIONS:
            button = QPushButton(st.TRANSITIONS[action].name)
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.actions_row.addWidget(button)
            self.buttons[action] = button
        layout.addLayout(self.actions_row)
        prints = QHBoxLayout()
        self.print_sheet = QPushButton("In phiếu kiểm soát (Mẫu 06)")
        self.print_sheet.clicked.connect(lambda: self._print("control_sheet"))
        self.print_withdrawal = QPushButton("In thông báo dừng giải quyết (Mẫu 05)")
        self.print_withdrawal.clicked.connect(lambda: self._print("withdrawal"))
        self.print_supplement = QPushButton("In phiếu yêu cầu bổ sung (Mẫu 02)")
        self.print_supplement.clicked.connect(lambda: self._print("supplement"))
        self.print_refusal = QPushButton("In phiếu từ chối (Mẫu 03)")
        self.print_refusal.clicked.connect(lambda: self._print("refusal"))
        prints.addWidget(self.print_sheet)
        prints.addWidget(self.print_withdrawal)
        prints.addWidget(self.print_supplement)
        prints.addWidget(self.print_refusal)
        prints.addStretch(1)
        self.resume_button = QPushButton("Tiếp nhận hồ sơ đã bổ sung…")
        self.resume_button.setToolTip("Hồ sơ đã trả lại tại quầy để bổ sung: công dân mang đủ giấy tờ quay lại")
        self.resume_button.clicked.connect(self.resume_dossier)
        self.fee_button = QPushButton("Thu phí, lệ phí…")
        self.fee_button.clicked.connect(self.collect_fee)
        prints.addWidget(self.resume_button)
        prints.addWidget(self.fee_button)
        layout.addLayout(prints)
        scans = QGroupBox("Bản số hoá")
        scans_layout = QHBoxLayout(scans)
        self.scans = ScanList(store, max_rows=3)
        scans_layout.addWidget(self.scans, 1)
        self.capture_button = QPushButton("Số hoá giấy tờ…")
        self.capture_button.setObjectName("captureComponent")
        self.capture_button.setToolTip("Quét hoặc đính kèm ảnh/PDF cho một thành phần của hồ sơ")
        self.capture_menu = QMenu(self.capture_button)
        self.capture_menu.aboutToShow.connect(self._fill_capture_menu)
        self.capture_button.setMenu(self.capture_menu)
        scans_layout.addWidget(self.capture_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(scans)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(["Thời điểm", "Việc", "Trạng thái", "Người thực hiện", "Ghi chú"])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        layout.addWidget(self.history, 1)
        self._show(None)

    def _dialog(self, question: str, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, question)
        return text if ok else None

    def _show(self, state: DossierState | None) -> None:
        self.state = state
        allowed = set(state.actions) if state else set()
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
        self.print_sheet.setEnabled(state is not None)
        self.print_withdrawal.setEnabled(state is not None and state.status == st.WITHDRAWN)
        self.print_supplement.setEnabled(state is not None and (state.status == st.SUPPLEMENT
                                                                or state.supplement_count > 0))
        self.print_refusal.setEnabled(state is not None and state.status == st.REFUSED)
        self.resume_button.setVisible(state is not None and resume.is_sent_back(self.store, state.code))
        self._fee = dossier_actions.record(self.store, state.code) if state is not None else {}
        self.fee_button.setVisible(bool(self._fee.get("fee")) and not self._fee.get("fee_paid"))
        self.scans.show_code(state.code if state else "")
        self.capture_button.setEnabled(state is not None)
        if state is None:
            self.header.setText("")
            self.history.setRowCount(0)
            return
        due = dossier_forms.moment(state.due_at) if state.due_at else "trả ngay"
        self.header.setText(f"{state.code} — {state.procedure_name}\n{state.applicant_name} · {state.status_name}"
                            f" · đang ở: {state.holder} · hẹn trả: {due}")
        events = lifecycle.history(self.store, state.code)
        self.history.setRowCount(len(events))
        for r, e in enumerate(events):
            kind = event_name(e.kind)
            if "to_unit" in e.data:
                kind = f"{kind}: {e.data.get('from_unit', '')} → {e.data.get('to_unit', '')}"
            values = (dossier_forms.moment(e.at), kind,
                      st.name(e.to_status) if e.to_status is not None else "", e.user_name, e.note)
            for c, value in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(value))
        self.history.resizeColumnsToContents()

    def open_code(self, code: str) -> None:
        try:
            self._show(lifecycle.get(self.store, code))
            self.message.setText("")
        except DomainError as exc:
            self._show(None)
            self.message.setText(exc.message)

    def _fill_capture_menu(self) -> None:
        self.capture_menu.clear()
        if self.state is None:
            return
        from counterdesk.services import attachments

        try:
            papers = attachments.components(self.store, self.state.code)
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        for paper in papers:
            mark = f"  (đã số hoá, {paper.pages} trang)" if paper.digitised else ""
            action = self.capture_menu.addAction(f"{paper.name}{mark}")
            action.triggered.connect(lambda _=False, n=paper.name: self.capture(n))
        if not papers:
            self.capture_menu.addAction("Hồ sơ không có thành phần giấy tờ nào").setEnabled(False)

    def capture(self, document: str) -> object:
        """The capture screen for one paper of the dossier shown; the list follows once saved."""
        if self.state is None:
            return None
        from counterdesk.ui.common.scan_list import home_of
        from counterdesk.ui.desk.capture.dialog import attach_saver, open_capture

        code = self.state.code
        save = attach_saver(self.store, home_of(self), code, document, self.actor)
        self.capture_dialog = open_capture(self, self.store, document, save, code, self._captured)
        return self.capture_dialog

    def _captured(self, code: str, view: object) -> None:
        if self.state is not None and self.state.code == code:
            self.scans.show_code(code)
        self.message.setText(f"Đã số hoá '{getattr(view, 'document_name', '')}': {getattr(view, 'pages', 0)} trang.")

    def find_dossier(self) -> None:
        """A citizen without the receipt: search by name, ID number or phone (staff only)."""
        from counterdesk.ui.common.dossier_search import ask_code

        code = ask_code(self.store, self.actor, self, self.scan.text().strip())
        if code:
            self.scan.clear()
            self.open_code(code)

    def resume_dossier(self) -> None:
        """The citizen is back with the papers asked for: accept with the same code, print a new Mẫu 01."""
        if self.state is None:
            return
        from counterdesk.ui.desk.resume_dialog import ResumeDialog

        try:
            dialog = ResumeDialog(self.store, self.actor, self.state.code, self)
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        if dialog.exec() and dialog.result_ is not None:
            self.open_code(dialog.result_.code)
            self.message.setText(f"Đã tiếp nhận hồ sơ {dialog.result_.code}; đang in giấy tiếp nhận mới.")
            self._print("receipt")

    def collect_fee(self) -> None:
        if self.state is None:
            return
        from counterdesk.ui.desk.fee_dialog import FeeDialog

        dialog = FeeDialog(self.store, self.actor, self.state.code, int(self._fee.get("fee") or 0), self)
        if dialog.exec() and dialog.payment is not None:
            self.open_code(self.state.code)
            self.message.setText(f"Đã ghi nhận thu {dialog.payment.paid:,} đ, biên lai {dialog.payment.receipt_no}."
                                 .replace(",", "."))

    def lookup_scan(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if not text.strip():
            return
        try:
            self._show(lifecycle.get_by_scan(self.store, text))
            self.message.setText("")
        except DomainError as exc:
            self._show(None)
            self.message.setText(exc.message)

    def run_action(self, action: str) -> bool:
        """Ask what the action needs, run it, show the result; False if refused or cancelled."""
        if self.state is None:
            return False
        question = QUESTIONS.get(action)
        answer = ""
        if question is not None:
            got = self._ask(question[0], st.TRANSITIONS[action].name)
            if got is None:
                return False
            answer = got
        code, other = self.state.code, self.counterpart.text()
        try:
            if action in ("handover", "transfer"):
                state = lifecycle.hand_over(self.store, self.actor, code, to_unit=answer, counterpart=other)
            elif action == "result_ready":
                state = lifecycle.result_ready(self.store, self.actor, code, counterpart=other)
            elif action == "request_supplement":
                state = lifecycle.request_supplement(self.store, self.actor, code, reason=answer, counterpart=other)
            elif action == "complete_supplement":
                state = lifecycle.complete_supplement(self.store, self.actor, code, counterpart=other)
            elif action == "request_financial":
                state = lifecycle.request_financial(self.store, self.actor, code, note=answer)
            elif action == "financial_done":
                state = lifecycle.financial_done(self.store, self.actor, code)
            elif action == "withdraw":
                state = lifecycle.withdraw(self.store, self.actor, code, reason=answer)
            elif action == "stop":
                state = lifecycle.stop(self.store, self.actor, code, reason=answer, counterpart=other)
            else:
                state = lifecycle.refuse(self.store, self.actor, code, reason=answer, counterpart=other)
        except DomainError as exc:
            self.message.setText(exc.message)
            return False
        self._show(state)
        self.counterpart.clear()
        self.message.setText(f"Đã ghi: {st.TRANSITIONS[action].name.lower()}.")
        return True

    def _print(self, form: str) -> None:
        if self.state is None:
            return
        code = self.state.code

        def build() -> bytes:
            if form in ("supplement", "refusal", "receipt"):  # Mẫu 01/02/03, at the counter or after acceptance
                return receipts.render(form, receipts.form_data(self.store, code, form))
            data = (dossier_forms.control_sheet_data(self.store, code) if form == "control_sheet"
                    else dossier_forms.withdrawal_data(self.store, code))
            return dossier_forms.render(data)

        self.jobs.start(
            build, on_done=lambda pdf: self._pdf_ready(code, form, pdf),
            on_failed=lambda exc: self.message.setText(str(exc) if isinstance(exc, DomainError) else "Không tạo được phiếu."))

    def _pdf_ready(self, code: str, form: str, pdf: bytes) -> None:
        title = {"control_sheet": "Phiếu kiểm soát ", "supplement": "Phiếu yêu cầu bổ sung ", "receipt": "Mẫu 01 ",
                 "refusal": "Phiếu từ chối "}.get(form, "Thông báo dừng giải quyết ") + code
        try:
            self._show_pdf(self, pdf, title)
        except DomainError as exc:
            self.message.setText(exc.message)
