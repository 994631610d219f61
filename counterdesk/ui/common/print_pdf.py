"""Print preview and printing of our reportlab PDFs through Qt (the Windows driver does the rest).

QtPdf renders each page to an image at the printer's resolution (capped: a full A5 page at
1200 dpi would be ~280 MB), composited on white because QPdfDocument.render() leaves the
background transparent, then painted onto the QPrinter page, which takes the PDF's own size.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from counterdesk.domain.errors import InvalidInput

MAX_DPI = 300  # enough for laser printers and 203-dpi thermal heads, bounded memory


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


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint every page of ``pdf`` onto ``printer`` (a real printer or the preview); returns pages."""
    loaded = LoadedPdf(pdf)
    first = loaded.page_size_points(0)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(first, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise InvalidInput("Không mở được máy in (máy in tắt, hết giấy hoặc chưa cài đặt).")
    try:
        for page in range(loaded.pages):
            if page:
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
    return loaded.pages


def preview_and_print(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """Qt's print preview for ``pdf``; True when the clerk printed it."""
    LoadedPdf(pdf)  # refuse an unreadable PDF before opening a dialog
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Xem trước — {title}")
    dialog.paintRequested.connect(lambda p: paint_pdf(p, pdf))
    return bool(dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted)
