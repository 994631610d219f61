"""Printing our PDFs through Qt: pages land on the printer at the PDF's size, barcodes stay readable."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from counterdesk.domain.errors import InvalidInput
from counterdesk.printing import samples
from counterdesk.printing.receipt import render_receipt
from counterdesk.ui.common.print_pdf import LoadedPdf, paint_pdf


def _pil(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombytes("RGB", (image.width(), image.height()), bytes(image.constBits())[: image.sizeInBytes()],
                           "raw", "RGB", image.bytesPerLine())


def test_render_203dpi_white_and_decodes(qapp: object) -> None:
    pdf = render_receipt(samples.receipt())
    loaded = LoadedPdf(pdf)
    assert loaded.pages == 2
    image = loaded.render(0, 203)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # composited on white, not transparent
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(_pil(image))}
    assert found["Code128"] == samples.SAMPLE_CODE


def test_paint_to_pdf_printer(qapp: object, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert paint_pdf(printer, render_receipt(samples.receipt())) == 2
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 419.5) < 3 and abs(float(box.height) - 595.3) < 3  # A5 in points


def test_garbage_is_refused(qapp: object) -> None:
    with pytest.raises(InvalidInput):
        LoadedPdf(b"not a pdf")


def test_previews_go_to_the_office_a4_printer_when_it_is_installed(qtbot, monkeypatch, caplog) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    from counterdesk.ui.common import print_pdf, printer_choice

    pdf = render_receipt(samples.receipt())
    monkeypatch.setattr(printer_choice, "_office_printer", "")
    printer_choice.remember("  Máy in tầng 1 ")
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", staticmethod(lambda: ["Máy in tầng 1"]))
    seen: list[str] = []
    monkeypatch.setattr(QPrinter, "setPrinterName", lambda self, name: seen.append(name))
    print_pdf.preview_pdf(None, pdf)
    assert seen == ["Máy in tầng 1"]
    # a printer that is not installed (moved, renamed): the default one, and a line in the log
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))
    seen.clear()
    print_pdf.preview_pdf(None, pdf)
    assert seen == [] and "not installed" in caplog.text
    print_pdf.preview_pdf(None, pdf, printer_name="Khác")  # one chosen for this print wins
    assert seen == ["Khác"]
