"""Images and PDFs become one PDF per component; bad files are refused in Vietnamese."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from counterdesk.domain.errors import InvalidInput
from counterdesk.scans.process import colour_mode, process
from tests.helpers.scans import multipage_tiff, photo, text_page


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_text_page_becomes_black_and_white_pdf_under_150kb() -> None:
    out = process([("p1.png", text_page())], "Tờ khai đăng ký khai sinh")
    assert out.pages == 1 and _pages(out.pdf) == 1
    assert b"/CCITTFaxDecode" in out.pdf
    assert len(out.pdf) <= 150 * 1024
    box = PdfReader(io.BytesIO(out.pdf)).pages[0].mediabox
    assert round(float(box.width) / 72 * 200) == 1654  # 200 dpi kept: A4 width in points


def test_identity_card_stays_greyscale() -> None:
    assert colour_mode("Căn cước công dân") == "grey"
    assert colour_mode("Giấy chứng sinh") == "bw"
    out = process([("cccd.jpg", photo())], "Căn cước công dân")
    assert b"/DCTDecode" in out.pdf and b"/DeviceGray" in out.pdf


def test_several_files_and_tiff_pages_join_in_order() -> None:
    out = process([("a.tif", multipage_tiff(3)), ("b.jpg", text_page("JPEG"))], "Tờ khai")
    assert out.pages == 4 and _pages(out.pdf) == 4


def test_high_resolution_scan_is_brought_to_200_dpi() -> None:
    out = process([("big.png", text_page(size=(2480, 3508), dpi=300))], "Tờ khai")
    width = float(PdfReader(io.BytesIO(out.pdf)).pages[0].mediabox.width)
    assert abs(width - 595.3) < 2  # still A4
    assert len(out.pdf) <= 150 * 1024


def test_pdf_passes_through_unchanged() -> None:
    made = process([("p.png", text_page()), ("q.png", text_page())], "Tờ khai").pdf
    again = process([("x.pdf", made)], "Tờ khai")
    assert again.pdf == made and again.pages == 2


@pytest.mark.parametrize(("name", "data"), [
    ("empty.png", b""),
    ("note.txt", "xin chào".encode()),
    ("cut.png", text_page()[:5000]),
    ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
    ("fake.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),
])
def test_bad_files_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(InvalidInput) as err:
        process([("ok.png", text_page()), (name, data)], "Tờ khai")
    assert name in err.value.message


def test_nothing_to_process_is_refused() -> None:
    with pytest.raises(InvalidInput):
        process([], "Tờ khai")
