"""Print preview and printing of our reportlab PDFs through Qt (the Windows driver does the rest).

The PDF is the single source of truth: QtPdf renders each page to an image at the printer's
resolution (capped: a full A5 page at 1200 dpi would be ~280 MB), composited on white because
QPdfDocument.render() leaves the background transparent, then painted onto the QPrinter page,
which takes the PDF's own size and orientation — so screen, paper and saved file agree.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from counterdesk.domain.errors import InvalidInput
from counterdesk.ui.common.printer_choice import office_printer

log = logging.getLogger("counterdesk.ui.print")

MAX_DPI = 300  # enough for laser printers and 203-dpi thermal heads, bounded memory
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')  # not allowed in a Windows file name


def pdf_folder() -> Path:
    """Where a PDF is proposed: the working folder when it is the user's own, else their home
    (the rule Qt's "print to file" follows, so the name we make unique is the one it shows)."""
    home, cur = Path.home(), Path.cwd()
    return cur if cur == home or home in cur.parents else home


def unique_file_name(*parts: str, suffix: str = ".pdf", folder: Path | None = None) -> str:
    """"<parts> <suffix>" made safe for any file system and new in ``folder`` ("… (2).pdf" if taken),
    so saving never replaces an earlier receipt or report without being asked."""
    stem = _UNSAFE.sub("-", " ".join(p.strip() for p in parts if p.strip())).strip(" .-") or "ban-in"
    where = folder or pdf_folder()
    name, n = f"{stem}{suffix}", 1
    while (where / name).exists():
        n += 1
        name = f"{stem} ({n}){suffix}"
    return name


class LoadedPdf:
    """A QPdfDocument that owns the buffer it reads from (QtPdf reads lazily)."""

    def __init__(self, pdf: bytes) -> None:
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            raise InvalidInput("Tệp PDF không đọc được để in.")

    @property
    def pages(self) -> int:
        return int(self.document.pageCount())

    def page_size_points(self, page: int) -> QSizeF:
        return self.document.pagePointSize(page)

    def render(self, page: int, dpi: float) -> QImage:
        """One page at ``dpi`` on an opaque white background."""
        size_pt = self.page_size_points(page)
        pixels = QSize(max(1, round(size_pt.width() * dpi / 72)), max(1, round(size_pt.height() * dpi / 72)))
        transparent = self.document.render(page, pixels)
        image = QImage(pixels, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawImage(0, 0, transparent)
        painter.end()
        return image


def _set_page(printer: QPrinter, size_pt: QSizeF) -> None:
    """Give the printer the PDF's paper size and orientation (A4 landscape logs stay landscape)."""
    landscape = size_pt.width() > size_pt.height()
    portrait = QSizeF(size_pt.height(), size_pt.width()) if landscape else size_pt
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)


def paint_pdf(printer: QPrinter, pdf: bytes | LoadedPdf) -> int:
    """Paint the pages of ``pdf`` (all, or the range chosen in the dialog) onto ``printer``; returns pages."""
    loaded = pdf if isinstance(pdf, LoadedPdf) else LoadedPdf(pdf)
    _set_page(printer, loaded.page_size_points(0))
    first, last = 0, loaded.pages - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise InvalidInput("Không mở được máy in (máy in tắt, hết giấy hoặc chưa cài đặt).")
    try:
        for page in range(first, last + 1):
            if page > first:
                printer.newPage()
            image = loaded.render(page, dpi)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(target.x(), target.y(), scaled.width(), scaled.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            painter.setWindow(QRect(0, 0, target.width(), target.height()))
    finally:
        painter.end()
    return last - first + 1


def preview_pdf(parent: QWidget | None, pdf: bytes, title: str = "Xem trước khi in",
                printer_name: str = "", file_name: str = "") -> QPrintPreviewDialog:
    """A print preview dialog (with its print button) for ``pdf``, not yet shown; ``printer_name``
    (an installed system printer), else the office's A4 printer (``printer.receipt``), is chosen
    instead of the system's default one. ``file_name`` (ending in .pdf) is what "print to PDF"
    proposes; by default a new name made from the title.

    The dialog keeps the document and the printer alive for as long as it lives.
    """
    loaded = LoadedPdf(pdf)  # refuse an unreadable PDF before opening a dialog
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    chosen = printer_name or _installed(office_printer())
    if chosen:
        printer.setPrinterName(chosen)
    # the document name becomes the proposed PDF file name (Qt drops its last ".ext": keep ".pdf" there)
    printer.setDocName(file_name or unique_file_name(title))
    _set_page(printer, loaded.page_size_points(0))
    printer.setFromTo(1, loaded.pages)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda p: paint_pdf(p, loaded))
    dialog.setProperty("pdf_pages", loaded.pages)
    dialog._loaded = loaded  # type: ignore[attr-defined]
    dialog._printer = printer  # type: ignore[attr-defined]
    dialog.resize(1100, 800)
    return dialog


def _installed(name: str) -> str:
    """``name`` if the system has that printer; a missing one is logged and the default used."""
    if not name:
        return ""
    if name in QPrinterInfo.availablePrinterNames():
        return name
    log.warning("the A4 printer '%s' (printer.receipt) is not installed; using the default printer", name)
    return ""


def preview_and_print(parent: QWidget | None, pdf: bytes, title: str, file_name: str = "") -> bool:
    """Qt's print preview for ``pdf``, modal; True when the clerk printed it (``file_name``: see preview_pdf)."""
    dialog = preview_pdf(parent, pdf, f"Xem trước — {title}", file_name=file_name or unique_file_name(title))
    return bool(dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted)


def print_pdf(parent: QWidget | None, pdf: bytes) -> bool:
    """The system print dialog, then print; False if the user cancelled."""
    loaded = LoadedPdf(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    chosen = _installed(office_printer())
    if chosen:
        printer.setPrinterName(chosen)
    _set_page(printer, loaded.page_size_points(0))
    printer.setFromTo(1, loaded.pages)
    if QPrintDialog(printer, parent).exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint_pdf(printer, loaded)
    return True


def save_pdf(parent: QWidget | None, data: bytes, suggested: str, filter_: str = "PDF (*.pdf)") -> Path | None:
    """Ask where to save and write the bytes (PDF or XLSX); None if the user cancelled.

    ``suggested`` is made new in the proposed folder; choosing an existing file asks first.
    """
    proposed = Path(suggested)
    folder = proposed.parent if proposed.is_absolute() else pdf_folder()
    name = unique_file_name(proposed.stem, suffix=proposed.suffix or ".pdf", folder=folder)
    name, _ = QFileDialog.getSaveFileName(parent, "Lưu tệp", str(folder / name), filter_)
    if not name:
        return None
    path = Path(name)
    try:
        path.write_bytes(data)
    except OSError as exc:
        QMessageBox.warning(parent, "Không lưu được", f"Không ghi được tệp {path}: {exc.strerror or exc}")
        return None
    return path
