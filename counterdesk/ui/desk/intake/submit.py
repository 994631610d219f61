"""Turning the form into a request and sending it: accept, supplement (Mẫu 02), refusal (Mẫu 03)."""

from __future__ import annotations

from counterdesk.domain import status as st
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.services import intake, intake_not_accepted
from counterdesk.services.intake import IntakeRequest, IntakeResult
from counterdesk.services.intake_not_accepted import NotAcceptedRequest
from counterdesk.ui.common.signals import emit
from counterdesk.ui.desk.intake.base import IntakeState
from counterdesk.ui.desk.intake.pdf import PRINTING


class SubmitMixin(IntakeState):
    """Only services write: the form builds the request, shows what they refuse, prints what they accept."""

    def build_request(self) -> tuple[IntakeRequest | None, dict[str, str]]:
        """The request as typed, with every problem found without the database."""
        errors: dict[str, str] = {}
        applicant = self._applicant_input(errors)
        if self.procedure is None:
            errors["procedure"] = "Chưa chọn thủ tục: gõ tên thủ tục rồi Enter."
        request = IntakeRequest(
            procedure_code=self.procedure.code if self.procedure else "", applicant=applicant,
            documents=self._documents(), representative=self._representative(), sets=self.sets.value(),
            fee=self.fee.value(), pages=self.fee_pages.value(), copies=self.fee_copies.value(),
            fee_exemption=self.fee_exemption.text(), delivery=str(self.delivery.currentData()), channel=int(self.channel.currentData()),
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
        emit(self.accepted_dossier, result)
        wants_receipt = self.print_receipt.isChecked()
        scans = self._take_captures()
        self.clear(keep_banner=True)
        self._banner(self._result_text(result))
        self._store_captures(result.code, scans)
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
            result = (intake_not_accepted.request_supplement if form == "supplement" else intake_not_accepted.refuse)(
                self.store, request, self.actor)
        except DomainError as exc:
            self._show_errors({exc.field or "procedure": exc.message})
            self._banner(exc.message, failed=True)
            return None
        self.last_code = result.code
        self.clear(keep_banner=True)
        label = "Yêu cầu bổ sung" if form == "supplement" else "Từ chối tiếp nhận"
        self._banner(f"{label}: hồ sơ {result.code} — {result.applicant_name}. {PRINTING}")
        self.print_form(result.code, form)
        return result

