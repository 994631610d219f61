"""The receipt's Code 128 and QR decode from a 203-dpi rasterisation by poppler and by pdfium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from counterdesk.domain.receipt_qr import verify
from counterdesk.printing import samples
from counterdesk.printing.rasterise import rasterise
from counterdesk.printing.receipt import render_receipt

CODES = [samples.SAMPLE_CODE, "H15.50.05.13-261008-0975", "G09.20.05.13-260609-0092637", "000.17.22.H56.XA01-261120-00123456"]


def _decoded(image: Image.Image) -> dict[str, str]:
    found: dict[str, str] = {}
    for result in zxingcpp.read_barcodes(image):
        found[result.format.name] = result.text
    return found


def _check(found: dict[str, str], code: str, qr_text: str) -> None:
    assert found.get("Code128") == code
    assert found.get("QRCode") == qr_text
    assert verify(found["QRCode"], samples.SAMPLE_SECRET) == code


@pytest.mark.parametrize("worst", [False, True], ids=["typical", "worst"])
@pytest.mark.parametrize("code", CODES)
def test_pdfium_203dpi_decodes_both_symbols_on_both_copies(code: str, worst: bool) -> None:
    data = samples.worst_receipt(code) if worst else samples.receipt(code)
    pdf = render_receipt(data)
    for page in (0, 1):
        for mode in ("RGB", "1"):
            _check(_decoded(rasterise(pdf, page, 203, mode)), code, data.qr_payload)  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("code", CODES)
def test_poppler_203dpi_mono_decodes_both_symbols(code: str, tmp_path: Path) -> None:
    data = samples.worst_receipt(code)
    pdf_path = tmp_path / "receipt.pdf"
    pdf_path.write_bytes(render_receipt(data))
    subprocess.run(["pdftoppm", "-r", "203", "-mono", str(pdf_path), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    images = sorted(tmp_path.glob("page-*.pbm"))
    assert len(images) == 2
    for image_path in images:
        with Image.open(image_path) as image:
            _check(_decoded(image.convert("L")), code, data.qr_payload)
