"""Scan clean-up: a crooked page comes back straight, the scanner bed is cut off, text pages stay
under 150 KB, and a JPEG that needs nothing is embedded as it is."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from counterdesk.domain.scan_profiles import BW, COLOUR, GREY, profile_for
from counterdesk.scans import imaging
from counterdesk.scans.process import clean_page, preview, process
from tests.helpers.scans import photo, text_page

BED = 55


def _page() -> Image.Image:
    return Image.open(io.BytesIO(text_page())).convert("L")


def _on_bed(paper: Image.Image, angle: float = 0.0, size: tuple[int, int] = (1800, 2500)) -> Image.Image:
    bed = Image.new(paper.mode, size, BED if paper.mode == "L" else (BED, BED, BED))
    turned = paper.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                          fillcolor=BED if paper.mode == "L" else (BED, BED, BED))
    bed.paste(turned, (60, 45))
    return bed


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


@pytest.mark.parametrize("angle", [0.0, 0.7, -1.3, 2.3, -3.7, 6.2, -7.5])
def test_skew_of_a_turned_page_is_found_within_half_a_degree(angle: float) -> None:
    turned = _page().rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
    assert abs(imaging.skew_angle(turned) - angle) <= 0.5


def test_processed_page_comes_back_straight() -> None:
    turned = _page().rotate(3.1, resample=Image.Resampling.BICUBIC, fillcolor=250)
    cleaned, angle, _ = clean_page(turned, profile_for("Tờ khai"))
    assert abs(angle - 3.1) <= 0.5
    assert abs(imaging.skew_angle(cleaned.convert("L"))) <= 0.5


def test_scanner_bed_is_cut_off_around_the_paper() -> None:
    scan = _on_bed(_page())
    box = imaging.paper_box(scan)
    assert box is not None
    left, top, right, bottom = box
    assert abs(left - 60) <= 8 and abs(top - 45) <= 8
    assert abs((right - left) - 1654) <= 12 and abs((bottom - top) - 2339) <= 12


def test_white_page_without_bed_is_not_cropped() -> None:
    assert imaging.paper_box(_page()) is None


def test_crooked_page_on_a_bed_becomes_an_a4_pdf_under_150kb() -> None:
    out = process([("scan.png", _png(_on_bed(_page(), angle=-2.0, size=(1900, 2600))))], "Đơn đề nghị")
    box = PdfReader(io.BytesIO(out.pdf)).pages[0].mediabox
    width_px, height_px = float(box.width) / 72 * 200, float(box.height) / 72 * 200
    assert abs(width_px - 1654) <= 90 and abs(height_px - 2339) <= 110  # the paper, not the bed
    assert b"/CCITTFaxDecode" in out.pdf and len(out.pdf) <= 150 * 1024


def test_black_white_uses_otsu_between_ink_and_paper() -> None:
    img = Image.new("L", (200, 100), 230)
    ImageDraw.Draw(img).rectangle((20, 20, 120, 60), fill=40)
    assert 40 <= imaging.otsu(img) < 230
    bw = imaging.to_black_white(img)
    assert bw.mode == "1" and bw.getpixel((50, 40)) == 0 and bw.getpixel((150, 80)) == 255


def test_small_card_on_a_large_bed_keeps_only_the_card() -> None:
    card = Image.open(io.BytesIO(photo())).convert("L")
    scan = Image.new("L", (1654, 2339), 30)
    scan.paste(card, (300, 400))
    cleaned, _, cropped = clean_page(scan, profile_for("Căn cước công dân"))
    assert cropped and cleaned.mode == "L"
    assert abs(cleaned.width - card.width) <= 20 and abs(cleaned.height - card.height) <= 20


def test_profiles_by_document_type() -> None:
    assert profile_for("Căn cước công dân").mode == GREY
    assert profile_for("Ảnh 4x6").mode == GREY
    assert profile_for("Trích lục bản đồ địa chính").mode == COLOUR
    assert profile_for("Tờ khai đăng ký khai sinh").mode == BW


def test_grey_jpeg_needing_nothing_is_embedded_byte_for_byte() -> None:
    card = Image.open(io.BytesIO(photo())).convert("L")
    raw = io.BytesIO()
    card.save(raw, "JPEG", quality=80, dpi=(200, 200))
    out = process([("cccd.jpg", raw.getvalue())], "Căn cước công dân")
    assert raw.getvalue() in out.pdf and out.pages == 1
    assert len(PdfReader(io.BytesIO(out.pdf)).pages) == 1


def test_colour_map_stays_in_colour() -> None:
    out = process([("map.jpg", photo())], "Trích lục bản đồ địa chính")
    assert b"/DeviceRGB" in out.pdf


@pytest.mark.parametrize("angle", [-6.0, -2.5, 3.3])
def test_stored_pdf_of_a_crooked_scan_is_straight_and_without_bed(angle: float) -> None:
    from tests.helpers.scans import on_bed

    out = process([("scan.png", on_bed(text_page(), angle=angle, size=(2100, 2750)))], "Tờ khai")
    page = PdfReader(io.BytesIO(out.pdf)).pages[0].images[0].image.convert("L")
    assert abs(imaging.skew_angle(page)) <= 0.5
    corners = [page.getpixel((x, y)) for x in (3, page.width - 4) for y in (3, page.height - 4)]
    assert corners == [255] * 4  # white paper, no dark bed, in every corner
    assert len(out.pdf) <= 150 * 1024


@pytest.mark.parametrize("angle", [-6.0, -1.2, 0.8, 3.0, 7.0])
def test_tilted_card_on_a_bed_comes_back_straight_by_its_edges(angle: float) -> None:
    from tests.helpers.scans import on_bed

    out = process([("scan.png", on_bed(photo(), angle=angle, size=(1654, 2339)))], "Căn cước công dân")
    card = PdfReader(io.BytesIO(out.pdf)).pages[0].images[0].image.convert("L")
    assert abs(card.width - 1010) <= 30 and abs(card.height - 640) <= 30
    corners = [card.getpixel((x, y)) for x in (3, card.width - 4) for y in (3, card.height - 4)]
    assert min(corners) > 150, corners  # card, not the dark bed, in every corner


def test_preview_gives_the_cleaned_page_as_png() -> None:
    from tests.helpers.scans import on_bed

    shown = preview(on_bed(text_page(), angle=2.0, size=(2000, 2700)), "Tờ khai")
    assert shown.mode == BW and shown.cropped and abs(shown.angle - 2.0) <= 0.5
    img = Image.open(io.BytesIO(shown.png))
    assert img.size == (shown.width, shown.height) and img.mode == "1"
    assert abs(shown.width - 1654) <= 60


def test_preview_refuses_what_is_not_an_image() -> None:
    from counterdesk.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        preview(b"%PDF-1.4 ...", "Tờ khai")
    with pytest.raises(InvalidInput):
        preview(b"not an image", "Tờ khai")
