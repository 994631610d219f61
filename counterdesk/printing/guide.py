"""The user guide: Vietnamese Markdown (docs/guide/*.md) to one PDF with the DejaVu fonts embedded,
a bookmark outline, and the page of every section (``{#anchor}`` after a heading) so that F1 can
open the guide at the part for the current window.

The Markdown is the small subset the guide uses: ``#``/``##`` headings, paragraphs, ``-`` and
``1.`` lists, ``**bold**``, ``*italic*``, ```code```, and images on a line of their own. An image
file that does not exist yet (screenshots come from ``make screenshots``) is drawn as a visible
placeholder box naming the file, so a missing screenshot is noticed, never silently dropped.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counterdesk.printing.fonts import SANS, register_fonts

_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*(?:\{#([a-z0-9-]+)\})?\s*$")
_IMAGE = re.compile(r"^!\[(.*?)\]\((.+?)\)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*]|\d+\.)\s+(.*)$")
MAX_IMAGE_W, MAX_IMAGE_H = 170 * mm, 120 * mm


@dataclass(frozen=True)
class GuideResult:
    pdf: bytes
    sections: dict[str, int]  # anchor -> 1-based page
    missing_images: tuple[str, ...]


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r'<font color="#7a1f00">\1</font>', out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*(?!\*)", r"<i>\1</i>", out)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SANS, fontSize=10.5, leading=15, spaceAfter=5)
    return {
        "body": base,
        "h1": ParagraphStyle("h1", parent=base, fontSize=20, leading=26, spaceBefore=4, spaceAfter=12,
                             textColor=colors.HexColor("#0b3d91"), fontName=f"{SANS}-Bold"),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13.5, leading=18, spaceBefore=10, spaceAfter=5,
                             textColor=colors.HexColor("#0b3d91"), fontName=f"{SANS}-Bold"),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11.5, leading=16, spaceBefore=6, fontName=f"{SANS}-Bold"),
        "caption": ParagraphStyle("caption", parent=base, fontSize=9, leading=12, alignment=1,
                                  textColor=colors.HexColor("#555555")),
        "title": ParagraphStyle("title", parent=base, fontSize=28, leading=36, alignment=1, spaceBefore=70 * mm,
                                fontName=f"{SANS}-Bold", textColor=colors.HexColor("#0b3d91")),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18, alignment=1),
    }


class _Anchor(Flowable):  # type: ignore[misc]
    """Zero-size marker: records its page and adds a named destination and an outline entry."""

    def __init__(self, key: str, title: str, level: int) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
        self._doctemplate_pages[self.key] = canvas.getPageNumber()


def _image(path: Path, caption: str, styles: dict[str, ParagraphStyle], missing: list[str]) -> Flowable:
    if path.is_file():
        img = Image(str(path))
        scale = min(1.0, MAX_IMAGE_W / img.imageWidth, MAX_IMAGE_H / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        body: Flowable = img
    else:
        missing.append(path.name)
        body = Table([[Paragraph(f"[Ảnh chưa có: {html.escape(path.name)} — tạo bằng <b>make "
                                 "screenshots</b>]", styles["caption"])]],
                     colWidths=[MAX_IMAGE_W * 0.8], rowHeights=[45 * mm])
        body.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#b00020")),
                                  ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4f4")),
                                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return KeepTogether([Spacer(1, 3 * mm), body, Paragraph(_inline(caption), styles["caption"]), Spacer(1, 2 * mm)])


def _flowables(text: str, base: Path, styles: dict[str, ParagraphStyle], pages: dict[str, int],
               missing: list[str]) -> Iterable[Flowable]:
    bullets: list[str] = []
    para: list[str] = []

    def flush() -> Iterable[Flowable]:
        if para:
            yield Paragraph(_inline(" ".join(para)), styles["body"])
            para.clear()
        if bullets:
            yield ListFlowable([ListItem(Paragraph(_inline(b), styles["body"]), leftIndent=14) for b in bullets],
                               bulletType="bullet", start="•", leftIndent=14, bulletFontName=SANS)
            bullets.clear()

    for line in text.splitlines():
        heading, image, bullet = _HEADING.match(line), _IMAGE.match(line), _BULLET.match(line)
        if heading:
            yield from flush()
            level = len(heading[1])
            title = heading[2]
            key = heading[3] or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            anchor = _Anchor(key, title, level - 1)
            anchor._doctemplate_pages = pages
            yield KeepTogether([anchor, Paragraph(_inline(title), styles[f"h{level}"])])
        elif image:
            yield from flush()
            yield _image((base / image[2]).resolve(), image[1], styles, missing)
        elif bullet:
            if para:
                yield from flush()
            bullets.append(bullet[1])
        elif not line.strip():
            yield from flush()
        elif bullets and line.startswith("   "):
            bullets[-1] += " " + line.strip()
        else:
            if bullets:
                yield from flush()
            para.append(line.strip())
    yield from flush()


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(SANS, 8.5)
    canvas.setFillColor(colors.HexColor("#666666"))
    canvas.drawString(20 * mm, 12 * mm, "CounterDesk — Hướng dẫn sử dụng")
    canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Trang {doc.page}")
    canvas.restoreState()


def build_guide(chapters: list[Path], version: str) -> GuideResult:
    """One PDF from the chapter files (each starts on a new page), in the order given."""
    register_fonts()
    styles = _styles()
    pages: dict[str, int] = {}
    missing: list[str] = []
    story: list[Flowable] = [Paragraph("Hướng dẫn sử dụng CounterDesk", styles["title"]),
                             Paragraph(f"Phần mềm quầy một cửa — phiên bản {version}", styles["subtitle"])]
    for chapter in chapters:
        story.append(PageBreak())
        story.extend(_flowables(chapter.read_text(encoding="utf-8"), chapter.parent, styles, pages, missing))
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                          bottomMargin=20 * mm, title="Hướng dẫn sử dụng CounterDesk", author="CounterDesk",
                          lang="vi")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_footer)])
    doc.build(story)
    return GuideResult(out.getvalue(), dict(pages), tuple(sorted(set(missing))))
