"""The PDF pipeline of the intake form: data read now, PDF rendered off the GUI thread, then preview."""

from __future__ import annotations

import logging

from counterdesk.domain.errors import DomainError
from counterdesk.services import receipts
from counterdesk.ui.common.signals import emit
from counterdesk.ui.common.workers import run_in_background
from counterdesk.ui.desk.intake.base import IntakeState

log = logging.getLogger("counterdesk.ui.intake")
PRINTING = "Đang in phiếu…"  # in the banner while the PDF is made and previewed


class PdfMixin(IntakeState):
    """Receipts and not-accepted forms, printed after the dossier is written."""

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
        run_in_background(receipts.render, form, data,
                          on_done=lambda pdf: self._pdf_done(data.dossier_code, form, pdf),
                          on_failed=self._pdf_failed, owner=self)

    def _pdf_done(self, code: str, form: str, pdf: bytes) -> None:
        emit(self.pdf_ready, code, form, pdf)
        if not self.preview_enabled:
            return
        from counterdesk.ui.common.print_pdf import preview_and_print, unique_file_name

        label = f"Mẫu {receipts.FORMS.get(form, form)}"
        try:
            printed = preview_and_print(self, pdf, f"{label} — {code}", unique_file_name(label, code))
        except DomainError as exc:
            self._banner(exc.message, failed=True)
            return
        self._printing_done(printed)
        if printed:
            try:
                receipts.record_printed(self.store, code, self.actor, form)
            except DomainError as exc:
                self._banner(exc.message, failed=True)

    def _printing_done(self, printed: bool) -> None:
        """The banner says what happened to the print once the preview is closed."""
        text = self.banner.text()
        if PRINTING in text:
            outcome = "Đã in phiếu." if printed else "Chưa in phiếu (đã đóng bản xem trước; bấm In lại nếu cần)."
            self._banner(text.replace(PRINTING, outcome), failed=self.banner.property("failed") is True)

    def _pdf_failed(self, exc: BaseException) -> None:
        log.error("PDF rendering failed", exc_info=exc)
        message = exc.message if isinstance(exc, DomainError) else "Không tạo được bản in (lỗi đã được ghi lại)."
        self._banner(message, failed=True)

