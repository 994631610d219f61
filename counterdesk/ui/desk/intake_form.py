"""The intake form: a dossier taken at the counter entirely from the keyboard (and the scanner).

Flow: type a few letters of the procedure (no diacritics needed) → Enter → scan the citizen's
chip ID card QR (or type; a returning applicant is found by ID number) → phone → tick the papers
→ Ctrl+Enter (or Enter) accepts and the receipt preview opens. Esc clears. Every message sits
next to its field; nothing is written until the whole form is valid. The form only calls
services; PDF rendering runs on a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QListWidgetItem,
    QWidget,
)

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import DomainError
from counterdesk.domain.fees import NO_FEE
from counterdesk.domain.roles import Actor
from counterdesk.services import catalog, intake
from counterdesk.services import fees as fee_service
from counterdesk.services.intake import ProcedureDetail
from counterdesk.store.uow import Store
from counterdesk.ui.desk.intake.applicant import ApplicantMixin, parse_birth_date
from counterdesk.ui.desk.intake.checklist import ChecklistMixin
from counterdesk.ui.desk.intake.dialogs import DialogsMixin
from counterdesk.ui.desk.intake.keys import KeysMixin
from counterdesk.ui.desk.intake.layout import STYLE, LayoutMixin
from counterdesk.ui.desk.intake.pdf import PdfMixin
from counterdesk.ui.desk.intake.scans import ScansMixin
from counterdesk.ui.desk.intake.submit import SubmitMixin

__all__ = ["IntakeForm", "parse_birth_date"]


class IntakeForm(LayoutMixin, ChecklistMixin, ApplicantMixin, KeysMixin, SubmitMixin, PdfMixin, DialogsMixin,
                 ScansMixin, QWidget):
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
        self.confirm = self._confirm
        self.confirm_discard = self._confirm_discard
        self.ask_reason = self._ask_reason
        self._doc_rows = []
        self._captures = {}
        self._offers = {}
        self.capture_dialog = None
        self.storing_scans = 0
        self._errors = {}
        self._inputs = {}
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._run_search)
        self.setObjectName("intakeForm")
        self.setStyleSheet(STYLE)
        self._build()
        self._shortcuts()
        self._fee_rule = NO_FEE
        for spin in (self.fee_pages, self.fee_copies):
            spin.valueChanged.connect(self.update_fee)
        self.fee_exemption.textChanged.connect(self.update_fee)
        self.clear()

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
        self._fee_rule = fee_service.procedure_rule(self.store, detail.code)
        self.fee_pages.setEnabled(self._fee_rule.needs_pages)
        self.fee_copies.setEnabled(self._fee_rule.needs_copies)
        self.fee_exemption.setPlaceholderText(detail.fee_exemption or "Lý do miễn phí, lệ phí (nếu có)")
        self.update_fee()
        self.complete_now.setEnabled(detail.immediate)
        self.complete_now.setChecked(False)
        self._fill_documents(detail)
        self._focus(self.card if not self.name.text() else self._doc_rows[0].check if self._doc_rows else self.phone)

    def update_fee(self) -> None:
        """The fee the rule gives for the pages, copies and exemption typed (domain/fees.py)."""
        if self.procedure is None:
            return
        try:
            quote = fee_service.quote(self.store, self.procedure.code, pages=self.fee_pages.value(),
                                      copies=self.fee_copies.value(), exemption=self.fee_exemption.text())
        except DomainError as exc:
            self.fee_explain.setText(exc.message)
            return
        self.fee.setValue(quote.amount)
        self.fee_explain.setText(quote.explanation)

    # ------------------------------------------------------------------ ticket
    def link_ticket(self, ticket_id: int, number: str) -> None:
        """Slot for QueuePanel.serving_started: dossiers taken now belong to this ticket."""
        self.ticket_id, self.ticket_number = ticket_id, number
        self.ticket_badge.setText(f"Đang phục vụ: {number}")
        self.ticket_badge.setVisible(True)

    def follow_ticket(self, info: object) -> None:
        """Slot for QueuePanel.ticket_changed: no ticket at the counter any more → no link."""
        if info is None or getattr(info, "state", "") in ts.FINISHED:
            self.unlink_ticket()
        elif getattr(info, "state", "") == ts.SERVING and getattr(info, "id", None) != self.ticket_id:
            self.link_ticket(int(getattr(info, "id", 0)), str(getattr(info, "number", "")))

    def unlink_ticket(self) -> None:
        self.ticket_id, self.ticket_number = None, ""
        self.ticket_badge.setText("")
        self.ticket_badge.setVisible(False)

    # ------------------------------------------------------------------ reset
    def has_input(self) -> bool:
        """Something typed, picked or ticked that Esc would throw away."""
        edits = (self.card, self.name, self.id_number, self.birth, self.phone, self.email, self.address,
                 self.rep_name, self.rep_id, self.rep_phone, self.rep_auth)
        return (self.procedure is not None or any(e.text().strip() for e in edits)
                or any(r.check.isChecked() for r in self._doc_rows) or bool(self._captures))

    def ask_clear(self) -> bool:
        """Esc / "Làm mới": a filled form is cleared only when the clerk says so; True when cleared."""
        if self.has_input() and not self.confirm_discard():
            return False
        self.clear()
        return True

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
        self.fee_pages.setValue(0)
        self.fee_copies.setValue(0)
        self.fee_exemption.clear()
        self.fee_explain.setText("")
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

