"""Shared layout of the administrative forms: header, fit-to-page body, signatures (text: wording.py).

Every form of TT 03/2025/TT-VPCP has the same frame (Nghị định 30/2020 presentation): issuing body
on the left with a short rule and "Số: …", national name and motto on the right with a rule under
the motto, "<place>, ngày … tháng … năm …" in italics, the form number at the top right, a centred
bold title, the body and the signature blocks. Forms must fit one sheet, so the body is laid out at
the largest font size that fits (down to a floor, then scaled as a last resort) rather than
spilling onto a second page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from counterdesk.printing.fonts import SERIF, register_fonts
from counterdesk.printing.wording import BLANK, clean, esc, place_date, upper

A5_PORTRAIT = A5
A4_PORTRAIT = A4
BOLD = f"{SERIF}-Bold"
ITALIC = f"{SERIF}-Italic"
MIN_SIGNING_SPACE = 9 * mm  # room to sign by hand, however small the text had to get
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Every form table names the form face: Table sets its cells' font (default Helvetica, unembedded) even
# where the cells hold paragraphs.
TABLE_FACE = ("FONTNAME", (0, 0), (-1, -1), SERIF)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class Styles:
    """Paragraph styles for one body size; cached so a render builds each style once."""

    size: float
    body: ParagraphStyle
    prose: ParagraphStyle
    item: ParagraphStyle
    body_left: ParagraphStyle
    centre: ParagraphStyle
    centre_bold: ParagraphStyle
    centre_italic: ParagraphStyle
    italic: ParagraphStyle
    title: ParagraphStyle
    small: ParagraphStyle
    small_centre: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_head: ParagraphStyle


@lru_cache(maxsize=64)
def styles(size: float) -> Styles:
    """All the styles a form body needs at body font size ``size`` (points)."""
    register_fonts()
    lead = size * 1.28
    base = ParagraphStyle("cd-body", fontName=SERIF, fontSize=size, leading=lead, alignment=TA_LEFT,
                          spaceAfter=size * 0.22)
    centre = ParagraphStyle("cd-centre", parent=base, alignment=TA_CENTER)
    small = ParagraphStyle("cd-small", parent=base, fontSize=size * 0.85, leading=size * 1.05, spaceAfter=0)
    cell = ParagraphStyle("cd-cell", parent=base, fontSize=size * 0.92, leading=size * 1.15, spaceAfter=0,
                          alignment=TA_LEFT)
    return Styles(
        size=size,
        body=base,
        item=ParagraphStyle("cd-item", parent=base, leftIndent=size * 1.6, firstLineIndent=-size * 1.1,
                            spaceAfter=size * 0.08),
        prose=ParagraphStyle("cd-prose", parent=base, alignment=TA_JUSTIFY, firstLineIndent=size * 1.5),
        body_left=ParagraphStyle("cd-left", parent=base, alignment=TA_LEFT),
        centre=centre,
        centre_bold=ParagraphStyle("cd-cb", parent=centre, fontName=BOLD),
        centre_italic=ParagraphStyle("cd-ci", parent=centre, fontName=ITALIC),
        italic=ParagraphStyle("cd-it", parent=base, fontName=ITALIC),
        title=ParagraphStyle("cd-title", parent=centre, fontName=BOLD, fontSize=size * 1.25,
                             leading=size * 1.55, spaceAfter=size * 0.1),
        small=small,
        small_centre=ParagraphStyle("cd-sc", parent=small, alignment=TA_CENTER),
        cell=cell,
        cell_centre=ParagraphStyle("cd-cc", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cd-ch", parent=cell, alignment=TA_CENTER, fontName=BOLD),
    )


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from already-escaped markup."""
    return Paragraph(markup, style)


def field_line(label: str, value: str | None, st: Styles, bold: bool = False) -> Paragraph:
    """"Label: value" with a dotted leader for empty values; ``label`` is trusted markup."""
    shown = esc(value)
    if bold and clean(value):
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{label} {shown}", st.body)


def fit_font_size(text: str, font: str, width: float, size: float, floor: float = 5.0) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``width`` on one line."""
    actual = float(stringWidth(text, font, size))
    if actual <= width:
        return size
    return max(floor, size * width / actual * 0.995)


# ---------------------------------------------------------------- page frame


@dataclass(frozen=True, slots=True)
class Sheet:
    """Paper and margins (points). A5 forms keep the 20/15 mm left/right ratio scaled to A5."""

    pagesize: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.pagesize[0] - self.left - self.right

    @property
    def x_right(self) -> float:
        return self.pagesize[0] - self.right


A5_SHEET = Sheet(A5_PORTRAIT, left=14 * mm, right=10 * mm, top=8 * mm, bottom=8 * mm)
A4_SHEET = Sheet(A4_PORTRAIT, left=25 * mm, right=15 * mm, top=12 * mm, bottom=15 * mm)


class FormCanvas(Canvas):  # type: ignore[misc]
    """A canvas whose initial font is the form face, so no unembedded Helvetica is referenced."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF  # doc templates pass None
        super().__init__(*args, **kwargs)


def new_canvas(buffer: io.BytesIO, sheet: Sheet, title: str, subject: str) -> Canvas:
    """A canvas with the fonts registered and document metadata set; invariant output for tests."""
    register_fonts()
    canvas = FormCanvas(buffer, pagesize=sheet.pagesize, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor("CounterDesk")
    canvas.setCreator("CounterDesk")
    return canvas


def render(sheet: Sheet, title: str, subject: str, pages: Sequence[Callable[[Canvas], None]]) -> bytes:
    """Run each page painter on its own page and return the PDF bytes."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, sheet, title, subject)
    for paint in pages:
        paint(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_form_number(canvas: Canvas, sheet: Sheet, form_no: str, size: float) -> None:
    """"Mẫu số 0x" at the top right, as in the circular's appendix (nothing for local forms)."""
    if not form_no:
        return
    canvas.setFont(BOLD, size)
    canvas.drawRightString(sheet.x_right, sheet.pagesize[1] - sheet.top - size, f"Mẫu số {form_no}")


# Where an agency's name may break: before the administrative unit that starts a proper name, so
# "ỦY BAN NHÂN DÂN / PHƯỜNG SÀI GÒN" and "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG / PHƯỜNG SÀI GÒN"
# break between the body and the place, never inside the place's name.
_BREAK_BEFORE = ("THÀNH PHỐ", "THỊ XÃ", "ĐẶC KHU", "PHƯỜNG", "XÃ", "THỊ TRẤN", "TỈNH", "QUẬN", "HUYỆN",
                 "BỘ PHẬN", "TRUNG TÂM", "CHI NHÁNH", "ĐIỂM")


def _break_points(words: list[str]) -> list[int]:
    """Word indexes before which a line may start, best first (unit names before plain words)."""
    preferred = []
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if any(rest.startswith(unit + " ") or rest == unit for unit in _BREAK_BEFORE) or words[i - 1].endswith(","):
            preferred.append(i)
    return preferred


def agency_lines(text: str, font: str, width: float, size: float, floor: float = 5.5) -> tuple[list[str], float]:
    """An agency's name as header lines and the size to draw them at.

    One line when it fits. Otherwise two lines broken before an administrative unit (or after a
    comma), choosing the most balanced such break; only a name with no such point breaks at the
    most balanced space. If the longest line still does not fit, the size shrinks (down to
    ``floor``) rather than breaking inside a name: "PHƯỜNG SÀI GÒN" always stays on one line.
    """
    text = clean(text)
    if stringWidth(text, font, size) <= width:
        return [text], size
    words = text.split(" ")
    candidates = _break_points(words) or list(range(1, len(words)))
    if not candidates:
        return [text], fit_font_size(text, font, width, size, floor)

    def widest(i: int) -> float:
        return max(float(stringWidth(" ".join(words[:i]), font, size)), float(stringWidth(" ".join(words[i:]), font, size)))

    best = min(candidates, key=widest)
    lines = [" ".join(words[:best]), " ".join(words[best:])]
    return lines, min(fit_font_size(line, font, width, size, floor) for line in lines)


def draw_header(
    canvas: Canvas,
    sheet: Sheet,
    *,
    parent_name: str,
    office_name: str,
    number_label: str,
    place: str,
    issued_at: datetime | None,
    form_no: str,
    size: float,
) -> float:
    """The two-column heading; returns the y under it, where the title starts.

    Left: ĐƠN VỊ CHỦ QUẢN (regular caps), office (bold caps), a short rule, "Số: …". Right: national
    name and motto in bold, a rule exactly as long as the motto, then the italic place and date on
    the same line as "Số". ``issued_at`` None leaves the date dotted for hand completion.
    """
    draw_form_number(canvas, sheet, form_no, size * 0.95)
    top = sheet.pagesize[1] - sheet.top - size * 1.45
    left_w = sheet.width * 0.42
    right_x = sheet.left + left_w
    right_w = sheet.width - left_w
    lead = size * 1.22

    # Left column: each name on whole lines, broken only between its parts (agency_lines).
    mid_left = sheet.left + left_w / 2
    y = top
    for text, font in ((parent_name, SERIF), (office_name, BOLD)):
        if not clean(text) and font == SERIF:
            continue
        lines, line_size = agency_lines(upper(text) or BLANK, font, left_w - 2, size * 0.95)
        canvas.setFont(font, line_size)
        for line in lines:
            canvas.drawCentredString(mid_left, y - line_size * 0.95, line)
            y -= lead * line_size / (size * 0.95)
    rule_y = y - size * 0.3
    canvas.setLineWidth(0.6)
    canvas.line(mid_left - left_w * 0.17, rule_y, mid_left + left_w * 0.17, rule_y)

    # Right column: the national name must stay on one line, so its size adapts to the column.
    nation_size = fit_font_size(NATION, BOLD, right_w - 2, size * 0.95)
    motto_size = min(nation_size * 1.08, fit_font_size(MOTTO, BOLD, right_w - 2, size * 1.05))
    mid_right = right_x + right_w / 2
    y = top - nation_size * 0.95
    canvas.setFont(BOLD, nation_size)
    canvas.drawCentredString(mid_right, y, NATION)
    y -= motto_size * 1.25
    canvas.setFont(BOLD, motto_size)
    canvas.drawCentredString(mid_right, y, MOTTO)
    motto_w = stringWidth(MOTTO, BOLD, motto_size)
    motto_rule = y - motto_size * 0.3
    canvas.line(mid_right - motto_w / 2, motto_rule, mid_right + motto_w / 2, motto_rule)

    # Shared baseline: "Số: …" left, place and date right.
    base = min(rule_y, motto_rule) - size * 1.45
    number_text = f"Số: {clean(number_label) or '……'}"
    number_size = fit_font_size(number_text, SERIF, left_w - 4, size * 0.95)
    canvas.setFont(SERIF, number_size)
    canvas.drawCentredString(mid_left, base, number_text)
    date_text = place_date(place, issued_at) if issued_at else f"{clean(place) or '……'}, ngày … tháng … năm …"
    date_size = fit_font_size(date_text, ITALIC, right_w - 2, size * 0.95)
    canvas.setFont(ITALIC, date_size)
    canvas.drawCentredString(mid_right, base, date_text)
    return base - size * 0.9


# ---------------------------------------------------------------- body


def story_height(story: Sequence[Flowable], width: float) -> float:
    """Total height of a story wrapped at ``width`` (space before/after included)."""
    total = 0.0
    for i, item in enumerate(story):
        _, h = item.wrap(width, 100_000)
        total += h + item.getSpaceAfter()
        if i:
            total += item.getSpaceBefore()
    return total


def fit_story(
    make: Callable[[Styles], list[Flowable]],
    width: float,
    height: float,
    sizes: Sequence[float],
) -> list[Flowable]:
    """The story at the largest of ``sizes`` (descending) that fits ``height``; else the smallest, scaled.

    Re-laying out at a smaller font keeps the full line width (unlike plain scaling), so long
    names and ten-document lists stay legible; KeepInFrame is only the guarantee of last resort.
    """
    first = make(styles(sizes[0]))
    first_h = story_height(first, width)
    if first_h <= height:
        return first
    # Height grows roughly with the square of the size (taller lines, and more of them), so start
    # at the estimate and walk: a worst case costs two or three layouts instead of one per size.
    target = sizes[0] * (height / first_h) ** 0.5
    i = next((k for k, size in enumerate(sizes) if size <= target), len(sizes) - 1)
    i = max(i, 1)
    story = make(styles(sizes[i]))
    if story_height(story, width) <= height:
        while i > 1:
            larger = make(styles(sizes[i - 1]))
            if story_height(larger, width) > height:
                break
            story, i = larger, i - 1
        return story
    while i < len(sizes) - 1:
        i += 1
        story = make(styles(sizes[i]))
        if story_height(story, width) <= height:
            return story
    return [KeepInFrame(width, height, story, mode="shrink")]


def draw_story(canvas: Canvas, story: Sequence[Flowable], x: float, top: float, width: float) -> float:
    """Draw a fitted story downwards from ``top``; return the bottom y."""
    y = top
    for i, item in enumerate(story):
        if i:
            y -= item.getSpaceBefore()
        _, h = item.wrapOn(canvas, width, 100_000)
        y -= h
        item.drawOn(canvas, x, y)
        y -= item.getSpaceAfter()
    return y


@dataclass(frozen=True, slots=True)
class Signature:
    """One signature block: optional line above (place/date), TITLE, note, space, printed name."""

    title: str
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""
    above: str = ""


def _signature_cell(block: Signature, st: Styles, space: float) -> list[Flowable]:
    col: list[Flowable] = []
    if block.above:
        col.append(Paragraph(esc(block.above, ""), st.centre_italic))
    col.append(Paragraph(escape(upper(block.title)), st.centre_bold))
    if block.note:
        note_style = ParagraphStyle("cd-sn", parent=st.centre_italic, fontSize=st.size * 0.88, leading=st.size * 1.1)
        col.append(Paragraph(escape(block.note), note_style))
    col.append(Spacer(1, max(space, MIN_SIGNING_SPACE)))
    if clean(block.name):
        col.append(Paragraph(f"<b>{esc(block.name)}</b>", st.centre))
    return col


def recipients(lines: Sequence[str], st: Styles) -> list[Flowable]:
    """The "Nơi nhận:" list printed left of the signer on notices."""
    style = ParagraphStyle("cd-rc", parent=st.body_left, fontSize=st.size * 0.85, leading=st.size * 1.05,
                           spaceAfter=0)
    items: list[Flowable] = [Paragraph("<b><i>Nơi nhận:</i></b>", style)]
    items += [Paragraph(f"- {esc(line, '')}", style) for line in lines]
    return items


def signatures(
    blocks: Sequence[Signature | list[Flowable] | None],
    width: float,
    st: Styles,
    space: float,
    widths: Sequence[float] | None = None,
) -> Table:
    """Side-by-side columns: signature blocks (centred, names bold), free flowables, or None (empty).

    A single signer goes right: pass ``[None, Signature(...)]`` as the forms do.
    """
    cells: list[list[Flowable] | str] = []
    for block in blocks:
        if block is None:
            cells.append([Spacer(1, 1)])  # not "": a string cell would pull in Table's default Helvetica
        elif isinstance(block, Signature):
            cells.append(_signature_cell(block, st, space))
        else:
            cells.append(block)
    col_widths = list(widths) if widths is not None else [width / max(1, len(blocks))] * len(blocks)
    table = Table([cells], colWidths=col_widths)
    table.setStyle(TableStyle([
        TABLE_FACE,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = st.size * 0.5
    return table


def title_block(title: str, st: Styles, subtitle: str = "") -> list[Flowable]:
    """Centred bold title (caps) and an optional italic line under it."""
    items: list[Flowable] = [Paragraph(escape(title), st.title)]
    if subtitle:
        items.append(Paragraph(escape(subtitle), st.centre_italic))
    return items


BODY_SIZES = (10.0, 9.5, 9.0, 8.6, 8.2, 7.8, 7.4, 7.0, 6.6, 6.2, 5.8)


def simple_form(
    *,
    office_parent: str,
    office_name: str,
    place: str,
    number_label: str,
    issued_at: datetime | None,
    form_no: str,
    title: str,  # "\n" marks where a long title breaks, for balanced lines
    make: Callable[[Styles], list[Flowable]],
    subtitle: str = "",
    subject: str = "",
    sheet: Sheet = A5_SHEET,
    header_size: float = 8.6,
    sizes: Sequence[float] = BODY_SIZES,
) -> bytes:
    """A one-page form: header, centred bold title (wrapping if long), the body fitted to the page."""

    def paint(canvas: Canvas) -> None:
        y = draw_header(canvas, sheet, parent_name=office_parent, office_name=office_name,
                        number_label=number_label, place=place, issued_at=issued_at, form_no=form_no,
                        size=header_size)
        st = styles(header_size)
        title_style = ParagraphStyle("cd-ft", parent=st.title, fontSize=header_size * 1.3,
                                     leading=header_size * 1.6)
        title_markup = "<br/>".join(escape(line) for line in title.split("\n"))
        head: list[Flowable] = [Spacer(1, header_size * 0.3), Paragraph(title_markup, title_style)]
        if subtitle:
            head.append(Paragraph(f"<b>{escape(subtitle)}</b>", st.centre))
        head.append(Spacer(1, header_size * 0.6))
        y = draw_story(canvas, head, sheet.left, y, sheet.width)
        body = fit_story(make, sheet.width, y - sheet.bottom, sizes)
        draw_story(canvas, body, sheet.left, y, sheet.width)

    flat = " ".join(title.split())
    return render(sheet, flat, subject or flat, [paint])
