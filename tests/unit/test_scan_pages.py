"""Pages at the capture screen: split into single pages, rotated, handed to processing in order."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from counterdesk.domain.errors import InvalidInput
from counterdesk.scans import pages
from counterdesk.scans.process import process
from tests.helpers.scans import multipage_tiff, photo, text_page


def test_a_multipage_tiff_and_a_pdf_split_into_pages() -> None:
    tiff = pages.split("scan.tif", multipage_tiff(3))
    assert [p.name for p in tiff] == ["scan.tif (trang 1)", "scan.tif (trang 2)", "scan.tif (trang 3)"]
    assert all(p.kind == pages.IMAGE for p in tiff)
    pdf = process([("a", text_page()), ("b", text_page())], "Tờ khai").pdf
    split = pages.split("ho-so.pdf", pdf)
    assert [p.kind for p in split] == [pages.PDF, pages.PDF]
    assert all(len(PdfReader(io.BytesIO(p.data)).pages) == 1 for p in split)
    assert pages.thumbnail(split[0]) is None and pages.thumbnail(tiff[0]) is not None


@pytest.mark.parametrize("data", [b"", b"garbage", b"%PDF-1.4 broken"])
def test_bad_input_is_refused_in_vietnamese(data: bytes) -> None:
    with pytest.raises(InvalidInput) as err:
        pages.split("x.jpg", data)
    assert "Tệp x.jpg" in err.value.message


def test_rotation_is_applied_to_images_and_pdf_pages() -> None:
    image = pages.split("cc.jpg", photo())[0].rotated(90)
    pdf_page = pages.split("a.pdf", process([("a", text_page())], "Tờ khai").pdf)[0].rotated(270)
    (_, turned), (_, pdf) = pages.prepare([image, pdf_page])
    with Image.open(io.BytesIO(turned)) as img:
        assert img.size == (640, 1010)  # the 1010×640 card now stands
        assert round(img.info["dpi"][0]) == 200
    assert PdfReader(io.BytesIO(pdf)).pages[0].get("/Rotate") == 270
    assert pages.thumbnail(image) is not None
    with pytest.raises(InvalidInput):
        pages.prepare([])
