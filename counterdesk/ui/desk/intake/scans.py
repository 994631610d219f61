"""Digitising the papers on the intake checklist before the dossier is accepted.

Each paper's row has "Số hoá…": the capture screen makes the PDF at once (off the GUI thread) and
the row says "đã số hoá, N trang". When the applicant's ID number belongs to a citizen whose paper
of the same name (ID card, birth certificate…) was scanned before, the row offers "Dùng bản đã số
hoá ngày …" instead of a new scan. Nothing is stored until the dossier is accepted: then every
PDF is attached and every re-use recorded through services/attachments, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.text import fold
from counterdesk.services import attachments
from counterdesk.services.attachments import AttachmentView
from counterdesk.ui.common.scan_list import home_of
from counterdesk.ui.common.workers import run_in_background
from counterdesk.ui.desk.intake.base import IntakeState


@dataclass(frozen=True)
class Pending:
    """One paper's scan waiting for the dossier's code: a made PDF, or an earlier scan to re-use."""

    pages: int
    pdf: bytes | None = None
    reuse: AttachmentView | None = None


def _day(view: AttachmentView) -> str:
    return f"{to_vn(view.created_at):%d/%m/%Y}"


def store_pending(store: Any, home: Any, code: str, pending: dict[str, Pending], actor: Any) -> int:
    """Worker side: attach each PDF and record each re-use for the accepted dossier; pages stored."""
    total = 0
    for name, item in pending.items():
        if item.reuse is not None:
            view = attachments.reuse(store, home, code, item.reuse.id, actor=actor)
        else:
            assert item.pdf is not None
            view = attachments.attach(store, home, code, [(name, item.pdf)], document=name, actor=actor)
        total += view.pages
    return total


class ScansMixin(IntakeState):
    """The checklist's capture buttons, re-use offers, and storing them once the dossier exists."""

    def capture_document(self, name: str) -> Any:
        """Open the capture screen for one paper of the checklist."""
        from counterdesk.ui.desk.capture.dialog import CaptureDialog, pdf_saver

        dialog = CaptureDialog(self.store, name, pdf_saver(name), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._captured(name, dialog.result_))
        self.capture_dialog = dialog
        dialog.open()
        return dialog

    def _captured(self, name: str, processed: Any) -> None:
        self._captures[name] = Pending(int(processed.pages), pdf=bytes(processed.pdf))
        self._refresh_scan_marks(tick=name)

    def use_offer(self, name: str) -> None:
        """Take the earlier scan offered for this paper instead of scanning it again."""
        view = self._offers.get(name)
        if view is not None:
            self._captures[name] = Pending(view.pages, reuse=view)
            self._refresh_scan_marks(tick=name)

    def _offer_reuse(self) -> None:
        """Earlier scans of this citizen's papers on the checklist (by ID number)."""
        names = [r.name for r in self._doc_rows]
        try:
            found = attachments.reusable_for_citizen(self.store, self.id_number.text(), names)
        except DomainError:
            found = []
        self._offers = {}
        for row in self._doc_rows:
            view = next((v for v in found if fold(v.document_name) == fold(row.name)), None)
            if view is not None:
                self._offers[row.name] = view
        self._refresh_scan_marks()

    def _refresh_scan_marks(self, tick: str | None = None) -> None:
        for row in self._doc_rows:
            pending = self._captures.get(row.name)
            offer = self._offers.get(row.name)
            if pending is not None and pending.reuse is not None:
                text = f"dùng bản đã số hoá ngày {_day(pending.reuse)}, {pending.pages} trang"
            elif pending is not None:
                text = f"đã số hoá, {pending.pages} trang"
            else:
                text = ""
            row.state.setText(text)
            row.state.setVisible(bool(text))
            row.offer.setVisible(pending is None and offer is not None)
            if offer is not None:
                row.offer.setText(f"Dùng bản đã số hoá ngày {_day(offer)} ({offer.pages} trang)")
            row.capture.setText("Quét lại…" if pending is not None else "Số hoá…")
            if tick == row.name:
                row.check.setChecked(True)

    def _take_captures(self) -> dict[str, Pending]:
        """The scans of the papers handed in (ticked), taken before the form is cleared."""
        ticked = {r.name for r in self._doc_rows if r.check.isChecked()}
        return {name: p for name, p in self._captures.items() if name in ticked}

    def _store_captures(self, code: str, pending: dict[str, Pending]) -> None:
        if not pending:
            return
        self.storing_scans += 1
        prefix = self.banner.text()

        def done(pages: int) -> None:
            self.storing_scans -= 1
            if self.banner.text() == prefix:
                self._banner(f"{prefix} Đã lưu {len(pending)} bản số hoá ({pages} trang).")

        def failed(exc: BaseException) -> None:
            self.storing_scans -= 1
            why = exc.message if isinstance(exc, DomainError) else "lỗi không xác định"
            self._banner(f"Hồ sơ {code} đã tiếp nhận nhưng chưa lưu được bản số hoá: {why} "
                         "Số hoá lại ở trang Luân chuyển hồ sơ.", failed=True)

        run_in_background(store_pending, self.store, home_of(self), code, pending, self.actor,
                          on_done=done, on_failed=failed, owner=self)
