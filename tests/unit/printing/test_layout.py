"""Vietnamese administrative formatting and the pdfium rasteriser."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from reportlab.pdfgen.canvas import Canvas

from counterdesk.domain.clock import VN_TZ
from counterdesk.printing import layout as L
from counterdesk.printing import samples
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import DocumentLine, Representative
from counterdesk.printing.rasterise import page_count, rasterise
from counterdesk.printing.receipt import render_receipt
from counterdesk.printing.supplement import render_supplement
from tests.unit.printing.conftest import pdf_pages_text


def test_dates_follow_the_decree_30_style() -> None:
    assert W.vn_date(datetime(2026, 1, 5, tzinfo=VN_TZ)) == "ngày 05 tháng 01 năm 2026"
    assert W.vn_date(datetime(2026, 2, 15, tzinfo=VN_TZ)) == "ngày 15 tháng 02 năm 2026"
    assert W.vn_date(datetime(2026, 3, 9, tzinfo=VN_TZ)) == "ngày 09 tháng 3 năm 2026"
    assert W.vn_date(datetime(2026, 11, 20, tzinfo=VN_TZ)) == "ngày 20 tháng 11 năm 2026"
    assert W.vn_datetime(datetime(2026, 11, 20, 9, 5, tzinfo=VN_TZ)) == "09 giờ 05 phút, ngày 20 tháng 11 năm 2026"
    # 17:30 UTC on the 19th is already the 20th in Vietnam.
    assert W.vn_datetime(datetime(2026, 11, 19, 17, 30, tzinfo=UTC)) == "00 giờ 30 phút, ngày 20 tháng 11 năm 2026"
    assert W.vn_short_datetime(datetime(2026, 3, 1, 14, 0, tzinfo=VN_TZ)) == "14 giờ 00 phút, ngày 01/03/2026"
    assert W.place_date("Bến Nghé", datetime(2026, 11, 20, tzinfo=VN_TZ)) == "Bến Nghé, ngày 20 tháng 11 năm 2026"


def test_money_uses_dot_thousands() -> None:
    assert W.vn_money(15000) == "15.000 đồng"
    assert W.vn_money(1_250_000) == "1.250.000 đồng"
    assert W.vn_money(500) == "500 đồng"


def test_clean_normalises_and_strips_controls() -> None:
    assert W.clean("Nguye\u0302\u0303n\x00 \u200b Văn\tAn\n") == "Nguyễn Văn An"
    assert W.clean(None) == ""
    assert W.esc("A & <B>") == "A &amp; &lt;B&gt;"
    assert W.esc("  ") == W.BLANK
    assert W.upper("phường bến nghé") == "PHƯỜNG BẾN NGHÉ"


def test_markup_in_data_is_printed_literally() -> None:
    data = replace(samples.supplement(), applicant_name="<b>Lê</b> & <font size=40>Tý</font>")
    text = pdf_pages_text(render_supplement(data))[0]
    assert "<b>Lê</b> & <font size=40>Tý</font>" in text


def test_unbreakable_words_everywhere_still_fit_one_page_per_copy() -> None:
    word = "Nguyễn" * 60
    data = replace(
        samples.worst_receipt(),
        applicant_name=word, applicant_address=word, procedure_name=word, delivery_text=word, clerk_name=word,
        documents=tuple(DocumentLine(name=word, originals=1) for _ in range(10)),
        representative=Representative(name=word, address=word, authorisation=word),
    )
    assert page_count(render_receipt(data)) == 2


def test_rasterise_composites_on_white() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    canvas.rect(40, 40, 20, 20, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    rgb = rasterise(pdf, 0, 72)
    assert rgb.mode == "RGB" and rgb.size == (100, 100)
    assert rgb.getpixel((2, 2)) == (255, 255, 255)
    assert rgb.getpixel((50, 50)) == (0, 0, 0)
    assert rasterise(pdf, 0, 144, "L").getpixel((4, 4)) == 255
    mono = rasterise(pdf, 0, 72, "1")
    assert mono.mode == "1" and mono.getpixel((50, 50)) == 0 and mono.getpixel((2, 2)) == 255
    with pytest.raises(IndexError):
        rasterise(pdf, 1)


def test_receipt_is_deterministic() -> None:
    data = samples.receipt()
    assert render_receipt(data) == render_receipt(data)


@pytest.mark.parametrize("height", [10.0, 60.0, 95.0, 140.0, 200.0, 400.0, 2000.0])
def test_fit_story_picks_the_largest_size_that_fits(height: float) -> None:
    from reportlab.platypus import Paragraph

    def make(st: L.Styles) -> list:  # type: ignore[type-arg]
        return [Paragraph("Thành phần hồ sơ nộp gồm tờ khai và giấy tờ tùy thân " * 6, st.body)] * 3

    sizes = L.BODY_SIZES
    fits = [s for s in sizes if L.story_height(make(L.styles(s)), 200) <= height]
    story = L.fit_story(make, 200, height, sizes)
    if fits:
        assert story[0].style.fontSize == max(fits)
    else:
        assert type(story[0]).__name__ == "KeepInFrame"
