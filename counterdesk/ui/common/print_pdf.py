"""Preview and print a PDF made by counterdesk.printing through Qt's print dialogs.

The PDF is the single source of truth: QtPdf renders each page to an image at the printer's
resolution and QPainter puts it on the QPrinter page, so screen, paper and saved file agree.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from counterdesk.domain.errors import InvalidInput

RENDER_DPI = 200  # sharp on paper for text and tables, fast enough to preview a 150-page book


class PdfPrintJob:
    """Holds the loaded document (and its buffer) for as long as a dialog needs it."""

    def __init__(self, pdf: bytes) -> None:
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise InvalidInput("Không đọc được tệp PDF để in.")

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def paint(self, printer: QPrinter) -> None:
        """Render every page (or the range chosen in the dialog) onto the printer."""
        first, last = 0, self.page_count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
        painter = QPainter()
        if not painter.begin(printer):
            raise InvalidInput("Không mở được máy in. Kiểm tra máy in đã bật và được chọn đúng.")
        try:
            for index in range(first, last + 1):
                if index > first:
                    printer.newPage()
                size_pt = self.document.pagePointSize(index)
                target = painter.viewport()
                scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
                # Render at RENDER_DPI whatever the printer's resolution (1200 dpi pages would be
                # half a gigabyte each); QPainter scales the image onto the page.
                image = self.document.render(
                    index, QSize(int(size_pt.width() * RENDER_DPI / 72), int(size_pt.height() * RENDER_DPI / 72)))
                painter.drawImage(QRect(0, 0, int(size_pt.width() * scale), int(size_pt.height() * scale)), image)
        finally:
            painter.end()


def _printer_for(job: PdfPrintJob) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = job.document.pagePointSize(0) if job.page_count else None
    if size is not None and size.width() > size.height():
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)
    printer.setFromTo(1, max(1, job.page_count))
    return printer


def preview_pdf(parent: QWidget | None, pdf: bytes, title: str = "Xem trước khi in") -> QPrintPreviewDialog:
    """Open the print preview (with its print button) for a PDF; returns the dialog (not yet shown)."""
    job = PdfPrintJob(pdf)
    printer = _printer_for(job)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(job.paint)
    dialog.setProperty("pdf_pages", job.page_count)
    # The dialog does not own the printer nor the document: keep both alive as long as it lives.
    dialog._job = job  # type: ignore[attr-defined]
    dialog._printer = printer  # type: ignore[attr-defined]
    dialog.resize(1100, 800)
    return dialog


def print_pdf(parent: QWidget | None, pdf: bytes) -> bool:
    """The system print dialog, then print; False if the user cancelled."""
    job = PdfPrintJob(pdf)
    printer = _printer_for(job)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    job.paint(printer)
    return True


def save_pdf(parent: QWidget | None, data: bytes, suggested: str, filter_: str = "PDF (*.pdf)") -> Path | None:
    """Ask where to save and write the bytes; None if the user cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, "Lưu tệp", suggested, filter_)
    if not name:
        return None
    path = Path(name)
    try:
        path.write_bytes(data)
    except OSError as exc:
        QMessageBox.warning(parent, "Không lưu được", f"Không ghi được tệp {path}: {exc.strerror or exc}")
        return None
    return path


__all__ = ["PdfPrintJob", "preview_pdf", "print_pdf", "save_pdf"]
