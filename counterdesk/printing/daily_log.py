"""Sổ theo dõi hồ sơ (Mẫu số 07, TT 03/2025/TT-VPCP): A4 landscape, header repeated on every page.

Plain data in (services.reports.DailyLog), PDF bytes out. A 2,000-line day must lay out in well
under a second, so the body is no platypus Table: cells are pre-wrapped plain strings, rows are cut
into pages by their line counts, and each page is one flowable that draws its rules, stripes and
text straight onto the canvas.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counterdesk.domain.classification import Outcome, word
from counterdesk.printing.fonts import SANS
from counterdesk.printing.report_base import (
    GRID,
    HEAD_BG,
    ZEBRA,
    CancelFlag,
    Progress,
    binary_streams,
    nfc,
    numbered_canvas,
    p,
    styles,
    vn_datetime,
)
from counterdesk.services.reports import DailyLog, LogRow

PAGE = landscape(A4)
MARGIN = 12 * mm
FORM_NO = "Mẫu số 07 – Thông tư 03/2025/TT-VPCP"
# STT | Mã hồ sơ | Tên TTHC | Tên tổ chức, cá nhân | Địa chỉ/SĐT | Cơ quan chủ trì | Nhận | Hẹn trả | Trả | Phương thức | Ký nhận
WIDTHS: list[float] = [11 * mm, 26 * mm, 48 * mm, 30 * mm, 38 * mm, 28 * mm, 18.5 * mm, 18.5 * mm, 18.5 * mm, 19.5 * mm, 16 * mm]
FONT_SIZE = 7.5
LEADING = FONT_SIZE + 1.5
PAD = 2
TOP, BOTTOM = 10 * mm, 14 * mm
FRAME_HEIGHT = PAGE[1] - TOP - BOTTOM - 12  # SimpleDocTemplate's frame has 6 pt padding top and bottom
EDGES = [sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1)]
ALIGN = "RLLLLLCCCLL"  # per column: STT flush right, the three times centred
HEAD_FORM = "counterdeskDailyLogHead"
EMPTY_DAY = "Không có hồ sơ tiếp nhận trong ngày."


@lru_cache(maxsize=4096)
def _wrap(text: str, width: float) -> str:
    """Break text into lines that fit the column (cached: procedure names repeat all day)."""
    lines = simpleSplit(nfc(text), SANS, FONT_SIZE, width - 4)
    return "\n".join(lines)


def _code(code: str) -> str:
    """Dossier codes have no spaces: break after the agency part."""
    head, sep, tail = code.partition("-")
    return f"{head}{sep}\n{tail}" if sep else code


def _when(moment: datetime | None) -> str:
    text = vn_datetime(moment)
    return text.replace(" ", "\n", 1)


def header_rows() -> list[list[Any]]:
    st = styles()
    h = st["head"]
    top = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên tổ chức, cá nhân", "Địa chỉ / Số điện thoại",
           "Cơ quan chủ trì giải quyết", "Nhận và trả kết quả", "", "", "", ""]
    sub = ["", "", "", "", "", "", "Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả", "Phương thức nhận kết quả",
           "Ký nhận"]
    nums = [f"({i})" for i in range(1, 12)]
    return [[p(t, h) if t else "" for t in top], [p(t, h) if t else "" for t in sub], nums]


def story(log: DailyLog) -> list[Flowable]:
    """The book's flowables (used alone, and appended to the day-close report)."""
    st = styles()
    org = Table(
        [[p(log.parent_name.upper(), st["org"]), p(FORM_NO, st["form_no"])],
         [p(log.office_name.upper(), st["org_b"]), ""]],
        colWidths=[150 * mm, PAGE[0] - 2 * MARGIN - 150 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("ALIGN", (0, 0), (0, -1), "LEFT")]),
        hAlign="LEFT",
    )
    scope = f"Lĩnh vực: {log.field_name}" if log.field_code else "Tất cả lĩnh vực"
    title = [
        org,
        Paragraph("SỔ THEO DÕI HỒ SƠ", st["title"]),
        p(f"{scope} — Hồ sơ tiếp nhận ngày {log.day:%d/%m/%Y} — Số thứ tự liên tục trong năm {log.day.year}",
          st["subtitle"]),
    ]
    body = [_row(r) for r in log.rows] or [_row_of(("", nfc(EMPTY_DAY), *[""] * 9))]
    head = _head_table()
    head_height = head.wrap(PAGE[0], PAGE[1])[1]
    title_height = sum(f.wrap(PAGE[0] - 2 * MARGIN, PAGE[1])[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in title)
    pages = _paginate(body, FRAME_HEIGHT - title_height - head_height - 4, FRAME_HEIGHT - head_height - 4)
    ink = _Ink()
    flow: list[Flowable] = list(title)
    for i, chunk in enumerate(pages):
        if i:
            flow.append(PageBreak())
        flow.append(_Sheet(head, head_height, chunk, ink, merged=not log.rows))
    closing = Table(
        [[p(f"Tổng số hồ sơ trong ngày: {len(log.rows)}", st["body"]), p("NGƯỜI LẬP SỔ", st["sign"])],
         ["", p("(Ký và ghi rõ họ tên)", st["sign_i"])]],
        colWidths=[PAGE[0] - 2 * MARGIN - 80 * mm, 80 * mm],
    )
    return [*flow, Spacer(1, 6 * mm), closing]


class _Row(NamedTuple):
    """One line of the book: its cells pre-wrapped, and its height from their line counts."""

    cells: tuple[str, ...]
    height: float


def _due_cell(r: LogRow) -> str:
    """Due moment; a row of a dossier not accepted at the counter says so (docs/rules.md R1)."""
    if not r.accepted:
        return word(Outcome.NOT_ACCEPTED).replace(" ", "\n", 1)
    return _when(r.due_at) if r.due_at else "Trả ngay"


def _row(r: LogRow) -> _Row:
    return _row_of((
        str(r.stt), _code(r.code), _wrap(r.procedure, WIDTHS[2]), _wrap(r.applicant, WIDTHS[3]),
        _wrap(r.address_phone, WIDTHS[4]), _wrap(r.handling_unit, WIDTHS[5]), _when(r.received_at),
        _due_cell(r), _when(r.returned_at), _wrap(r.delivery, WIDTHS[9]),
        _wrap(r.receiver, WIDTHS[10]),
    ))


def _row_of(cells: tuple[str, ...]) -> _Row:
    return _Row(cells, max(cell.count("\n") + 1 for cell in cells) * LEADING + 2 * PAD)


def _paginate(body: list[_Row], first: float, rest: float) -> list[list[_Row]]:
    """Cut the rows into pages by their line counts; a row that does not fit the room left on a
    page starts the next one (rows are never split)."""
    pages: list[list[_Row]] = [[]]
    room = first
    for row in body:
        if row.height > room and pages[-1]:
            pages.append([])
            room = rest
        pages[-1].append(row)
        room -= row.height
    return pages


def _head_table() -> Table:
    """The three header rows as a real Table (spans, wrapped bold titles); no outer box: each page
    draws the box around header and body together."""
    return Table(header_rows(), colWidths=WIDTHS, hAlign="LEFT", style=TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE, LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, -1), HEAD_BG),
        ("SPAN", (6, 0), (10, 0)),
        *[("SPAN", (c, 0), (c, 1)) for c in range(6)],
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("ALIGN", (0, 2), (-1, 2), "CENTER"),
        ("FONT", (0, 2), (-1, 2), SANS, 6.5, 8),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]))


@lru_cache(maxsize=8192)
def _width(text: str) -> float:
    """Times and dates repeat all day long: measure each once."""
    return float(stringWidth(text, SANS, FONT_SIZE))


def _offset(line: str, col: int) -> float:
    """Where a line starts inside its column: STT flush right, the three times centred."""
    align = ALIGN[col]
    if align == "L":
        return PAD
    spare = WIDTHS[col] - _width(line)
    return spare - PAD if align == "R" else spare / 2


class _Ink:
    """The body's text as raw PDF operators, each distinct cell encoded once per document.

    reportlab's text objects re-encode every string they show (TrueType subset lookup, escaping,
    number formatting); a day's book shows ~45,000 lines, most of them repeats (procedures,
    units, times). Subset codes belong to the document that assigned them, so the cache is
    dropped when the canvas belongs to another document.
    """

    def __init__(self) -> None:
        self._doc: Any = None
        self._cells: dict[tuple[str, int, int], tuple[float, str, int]] = {}

    def draw(self, canv: Canvas, rows: list[_Row], tops: list[float]) -> None:
        doc = canv._doc  # the subset tables live on the document
        if doc is not self._doc:
            self._doc, self._cells = doc, {}
        out = ["BT"]
        subset = -1  # no font selected yet in this text object
        for (cells, _), top in zip(rows, tops, strict=True):
            y = f"{top - PAD - FONT_SIZE:.2f}"
            for col, text in enumerate(cells):
                if not text:
                    continue
                key = (text, col, subset)
                hit = self._cells.get(key)
                if hit is None:
                    hit = self._cells[key] = self._encode(text, col, subset)
                dx, ops, subset = hit
                out.append(f"1 0 0 1 {EDGES[col] + dx:.2f} {y} Tm {ops}")
        out.append("ET")
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.addLiteral("\n".join(out))
        canv.restoreState()

    def _encode(self, text: str, col: int, subset: int) -> tuple[float, str, int]:
        """(x offset of the first line, operators showing every line, subset left selected)."""
        font, doc = getFont(SANS), self._doc
        ops: list[str] = []
        first = prev = 0.0
        for i, line in enumerate(text.split("\n")):
            x = _offset(line, col)
            if i:
                ops.append(f"{x - prev:.2f} {-LEADING:g} Td")
            else:
                first = x
            prev = x
            for sub, chunk in font.splitString(line, doc):
                if sub != subset:
                    ops.append(f"{font.getSubsetInternalName(sub, doc)} {FONT_SIZE:g} Tf")
                    subset = sub
                ops.append(f"({escapePDF(chunk)}) Tj")
        return first, " ".join(ops), subset


class _Sheet(Flowable):  # type: ignore[misc]
    """One page of the book, drawn straight onto the canvas: a platypus Table would style, measure
    and draw each of the page's ~250 cells one by one. The header Table is drawn once per
    document into a form XObject that every page reuses."""

    def __init__(self, head: Table, head_height: float, rows: list[_Row], ink: _Ink, *, merged: bool) -> None:
        super().__init__()
        self.head, self.head_height, self.rows, self.ink, self.merged = head, head_height, rows, ink, merged
        self.width = EDGES[-1]
        self.height = head_height + sum(r.height for r in rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        body_top = self.height - self.head_height
        tops = list(accumulate((r.height for r in self.rows[:-1]), lambda y, h: y - h, initial=body_top))
        self._stripes(canv, tops)
        self._header(canv, body_top)
        self.ink.draw(canv, self.rows, tops)
        self._grid(canv, tops, body_top)

    def _stripes(self, canv: Canvas, tops: list[float]) -> None:
        canv.saveState()
        canv.setFillColor(ZEBRA)
        for row, top in list(zip(self.rows, tops, strict=True))[1::2]:
            canv.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
        canv.restoreState()

    def _header(self, canv: Canvas, body_top: float) -> None:
        if not canv.hasForm(HEAD_FORM):
            canv.beginForm(HEAD_FORM, -1, -1, self.width + 1, self.head_height + 1)
            self.head.drawOn(canv, 0, 0)
            canv.endForm()
        canv.saveState()
        canv.translate(0, body_top)
        canv.doForm(HEAD_FORM)
        canv.restoreState()

    def _grid(self, canv: Canvas, tops: list[float], body_top: float) -> None:
        """Row and column rules in one path, then the heavier box around header and body."""
        canv.saveState()
        path = canv.beginPath()
        for top in tops[1:]:
            path.moveTo(0, top)
            path.lineTo(self.width, top)
        for x in EDGES[1:2] if self.merged else EDGES[1:-1]:
            path.moveTo(x, 0)
            path.lineTo(x, body_top)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.drawPath(path, stroke=1, fill=0)
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.8)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


def page_count(flow: list[Flowable]) -> int:
    """Pages of the book's flowables, known before layout (one sheet a page): the progress total."""
    return sum(isinstance(f, _Sheet) for f in flow)


def render(log: DailyLog, *, cancel: CancelFlag | None = None, progress: Progress | None = None) -> bytes:
    """The book for one day as PDF bytes."""
    buf = io.BytesIO()
    scope = f"lĩnh vực {log.field_name}" if log.field_code else "tất cả lĩnh vực"
    doc = SimpleDocTemplate(
        buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM,
        title=nfc(f"Sổ theo dõi hồ sơ {log.day:%d/%m/%Y}"), author=nfc(log.office_name), subject=FORM_NO,
    )
    flow = story(log)
    pages = page_count(flow)
    footer = f"{log.office_name} — Sổ theo dõi hồ sơ ngày {log.day:%d/%m/%Y} ({scope})"
    with binary_streams():
        doc.build(flow, canvasmaker=numbered_canvas(footer, cancel, progress, pages))
    return buf.getvalue()
