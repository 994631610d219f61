"""Every official form is set in the shipped Times New Roman-metric face, embedded, NFC, and its
header keeps an agency's name whole ("PHƯỜNG SÀI GÒN" on one line); codes still decode at 203 dpi."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from counterdesk.printing import daily_log, layout
from counterdesk.printing import samples as S
from counterdesk.printing.fonts import SERIF, register_fonts
from counterdesk.printing.forms import render_form
from counterdesk.printing.forms_data import OfficeHeader
from counterdesk.printing.rasterise import rasterise
from tests.unit.printing.conftest import is_nfc, pdf_pages_text

SAI_GON = OfficeHeader(parent_name="Ủy ban nhân dân phường Sài Gòn",
                       office_name="Trung tâm Phục vụ hành chính công phường Sài Gòn", place_name="Sài Gòn")


def _forms() -> dict[str, bytes]:
    datas = {"01": S.receipt(), "02": S.supplement(), "03": S.refusal(), "04": S.apology(), "05": S.withdrawal(),
             "06": S.control_sheet(), "slip": S.return_slip()}
    return {k: render_form(dataclasses.replace(d, office=SAI_GON)) for k, d in datas.items()}  # type: ignore[type-var]


def _fonts(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            obj = font.get_object()
            names.add(str(obj["/BaseFont"]))
            for desc in obj.get("/DescendantFonts", []):
                assert "/FontFile2" in desc.get_object()["/FontDescriptor"]  # embedded, not referenced
    return names


def test_liberation_serif_covers_vietnamese() -> None:
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import getFont

    widths = getFont(SERIF).face.charWidths
    letters = "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĐƠƯ"
    missing = [ch for ch in letters + letters.lower() if ord(ch) not in widths]
    assert missing == []
    # Times New Roman metrics: "n" is 500/1000 em, the space 250/1000 em.
    assert stringWidth("n", SERIF, 1000) == 500 and stringWidth(" ", SERIF, 1000) == 250


def test_every_form_embeds_the_times_metric_face() -> None:
    for name, pdf in _forms().items():
        fonts = _fonts(pdf)
        assert fonts and all("LiberationSerif" in f for f in fonts if "DejaVu" not in f), name
        assert not any("DejaVu" in f for f in fonts), name
        text = " ".join(pdf_pages_text(pdf))
        assert is_nfc(text) and "PHƯỜNG SÀI GÒN" in text, name


def test_daily_log_uses_the_form_face() -> None:
    from tests.unit.test_report_documents import make_log

    fonts = _fonts(daily_log.render(make_log(5)))
    assert any("LiberationSerif" in f for f in fonts)


@pytest.mark.parametrize("name", ["ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN",
                                  "UBND PHƯỜNG SÀI GÒN", "ỦY BAN NHÂN DÂN PHƯỜNG KHÁNH HỘI, THÀNH PHỐ HỒ CHÍ MINH"])
def test_agency_names_break_between_their_parts(name: str) -> None:
    register_fonts()
    width = layout.A5_SHEET.width * 0.42 - 2
    lines, size = layout.agency_lines(name, layout.BOLD, width, 8.2)
    assert " ".join(lines) == name and size >= 5.5
    assert all(stringWidth(line, layout.BOLD, size) <= width + 0.01 for line in lines)
    if "SÀI GÒN" in name:
        assert any(line.endswith("PHƯỜNG SÀI GÒN") for line in lines)  # never "PHƯỜNG SÀI / GÒN"
    if len(lines) > 1:
        assert lines[1].split(" ")[0] in ("PHƯỜNG", "THÀNH")


def test_short_name_stays_on_one_line_at_full_size() -> None:
    register_fonts()
    assert layout.agency_lines("UBND PHƯỜNG SÀI GÒN", layout.SERIF, 200, 8.2) == (["UBND PHƯỜNG SÀI GÒN"], 8.2)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_header_line_keeps_the_ward_whole(tmp_path: Path) -> None:
    pdf = _forms()["01"]
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(src), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert any("PHƯỜNG SÀI GÒN" in line for line in text.splitlines()[:8])
    assert not any(line.strip().endswith("PHƯỜNG SÀI") for line in text.splitlines())


def test_codes_decode_at_thermal_resolution() -> None:
    pdf = _forms()["01"]
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(rasterise(pdf, 0, 203))}
    assert found.get("Code128") == S.SAMPLE_CODE
    assert found.get("QRCode", "").startswith(S.SAMPLE_CODE) or S.SAMPLE_CODE in found.get("QRCode", "")
    sheet = render_form(dataclasses.replace(S.control_sheet(), office=SAI_GON))
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(rasterise(sheet, 0, 203))}
    assert found.get("Code128") == S.SAMPLE_CODE


@pytest.mark.parametrize("rows", [31, 49])  # lengths where the closing block used to fall across a page break
def test_book_signature_block_never_splits(rows: int) -> None:
    from tests.unit.test_report_documents import make_log

    pages = pdf_pages_text(daily_log.render(make_log(rows)))
    total = [i for i, t in enumerate(pages) if "Tổng số hồ sơ trong ngày" in t]
    signer = [i for i, t in enumerate(pages) if "NGƯỜI LẬP SỔ" in t and "Ký và ghi rõ họ tên" in t]
    assert total == signer and len(total) == 1
