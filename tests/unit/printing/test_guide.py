"""The user guide PDF: every chapter, Vietnamese text that extracts back, fonts embedded, section
pages for F1, screenshots embedded when present and a visible placeholder only when missing."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from counterdesk.printing.guide import build_guide

GUIDE = Path(__file__).parents[3] / "docs" / "guide"


def test_guide_builds_from_the_docs_with_sections_and_fonts() -> None:
    chapters = sorted(GUIDE.glob("*.md"))
    result = build_guide(chapters, "9.9.9")
    reader = PdfReader(io.BytesIO(result.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Cán bộ quầy: một ngày làm việc", "Chốt ngày", "Thiết lập lần đầu", "Sao lưu", "phiên bản 9.9.9"):
        assert words in text
    for anchor in ("quay", "lanh-dao", "lanh-dao-thong-ke", "quan-tri", "quan-tri-tai-khoan", "quan-tri-lich",
                   "quan-tri-may-in", "quan-tri-sao-luu", "quan-tri-dong-bo"):
        assert anchor in result.sections
    assert result.sections["quay"] < result.sections["lanh-dao"] < result.sections["quan-tri"] <= len(reader.pages)
    page = reader.pages[result.sections["lanh-dao"] - 1].extract_text()
    assert "Lãnh đạo" in page
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages
             for f in (p["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in f for f in fonts)
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == ["Giới thiệu", "Cán bộ quầy: một ngày làm việc"]


def test_present_screenshot_is_embedded_missing_one_is_a_placeholder(tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    shots = tmp_path / "screenshots"
    shots.mkdir()
    image = QImage(1366, 768, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    image.save(str(shots / "desk-1366x768.png"))
    chapter = tmp_path / "guide" / "10.md"
    chapter.parent.mkdir()
    chapter.write_text("# Quầy {#quay}\n\n![Quầy](../screenshots/desk-1366x768.png)\n\n"
                       "![Ki-ốt](../screenshots/kiosk-1080x1920.png)\n", encoding="utf-8")
    result = build_guide([chapter], "1")
    assert result.missing_images == ("kiosk-1080x1920.png",)
    reader = PdfReader(io.BytesIO(result.pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Ảnh chưa có: kiosk-1080x1920.png" in text and "desk-1366x768.png" not in text
    assert sum(len(p.images) for p in reader.pages) == 1
