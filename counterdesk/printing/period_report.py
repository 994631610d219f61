"""Period statistics as PDF (A4 landscape, reportlab) and XLSX (openpyxl write-only).

Plain data in (domain.report_data.PeriodReport), bytes out. Both formats share one column list so
the spreadsheet and the printed report always agree.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.domain.report_data import Counts, PeriodReport, QueueTimes, Row
from counterdesk.printing.fonts import SANS, SERIF
from counterdesk.printing.layout import MOTTO, NATION, fit_font_size
from counterdesk.printing.report_base import (
    GRID,
    HEAD_BG,
    ZEBRA,
    binary_streams,
    esc,
    nfc,
    numbered_canvas,
    p,
    styles,
)

PAGE = landscape(A4)
MARGIN = 12 * mm


@dataclass(frozen=True)
class Column:
    group: str
    title: str
    get: Callable[[Counts], float | int | None]
    kind: str  # int | pct | dec


COLUMNS: tuple[Column, ...] = (
    Column("Số hồ sơ nhận", "Kỳ trước chuyển qua", lambda c: c.carried_over, "int"),
    Column("Số hồ sơ nhận", "Mới: trực tiếp", lambda c: c.new_in_person, "int"),
    Column("Số hồ sơ nhận", "Mới: trực tuyến", lambda c: c.new_online, "int"),
    Column("Số hồ sơ nhận", "Mới: bưu chính", lambda c: c.new_postal, "int"),
    Column("Số hồ sơ nhận", "Tổng số", lambda c: c.received, "int"),
    Column("Đã giải quyết", "Trước hạn", lambda c: c.early, "int"),
    Column("Đã giải quyết", "Đúng hạn", lambda c: c.on_time, "int"),
    Column("Đã giải quyết", "Quá hạn", lambda c: c.late, "int"),
    Column("Đang giải quyết", "Trong hạn", lambda c: c.pending_in_time, "int"),
    Column("Đang giải quyết", "Chờ bổ sung (dừng tính)", lambda c: c.pending_clock_stopped, "int"),
    Column("Đang giải quyết", "Quá hạn", lambda c: c.pending_overdue, "int"),
    Column("Khác", "Đã trả kết quả", lambda c: c.returned, "int"),
    Column("Khác", "Rút hồ sơ", lambda c: c.withdrawn, "int"),
    Column("Khác", "Từ chối sau tiếp nhận", lambda c: c.refused, "int"),
    Column("Khác", "Không tiếp nhận tại quầy", lambda c: c.not_accepted, "int"),
    Column("Chỉ số", "Tỷ lệ đúng hạn", lambda c: c.on_time_rate, "pct"),
    Column("Chỉ số", "Thời gian xử lý TB (giờ)", lambda c: c.avg_processing_hours, "dec"),
    Column("Chỉ số", "Tỷ lệ hài lòng", lambda c: c.satisfaction_rate, "pct"),
)

QUEUE_COLUMNS: tuple[tuple[str, Callable[[QueueTimes], float | int | None], str], ...] = (
    ("Số phiếu", lambda q: q.tickets, "int"),
    ("Đã gọi", lambda q: q.called, "int"),
    ("Vắng mặt", lambda q: q.no_show, "int"),
    ("Đã phục vụ xong", lambda q: q.served, "int"),
    ("Chờ trung bình (phút)", lambda q: q.avg_wait_minutes, "dec"),
    ("Phục vụ trung bình (phút)", lambda q: q.avg_serve_minutes, "dec"),
)


def fmt(value: float | int | None, kind: str) -> str:
    """Vietnamese number style: comma decimal, dot thousands."""
    if value is None:
        return "–"
    if kind == "int":
        return f"{int(value):,}".replace(",", ".")
    if kind == "pct":
        return f"{value * 100:.1f}%".replace(".", ",")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def period_label(report: PeriodReport) -> str:
    return f"Từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"


# ---------------------------------------------------------------- PDF


def _counts_table(label_title: str, rows: Sequence[Row], total: Counts) -> LongTable:
    st = styles()
    label_w = 62 * mm
    widths = [label_w] + [(PAGE[0] - 2 * MARGIN - label_w) / len(COLUMNS)] * len(COLUMNS)
    groups: list[tuple[str, int, int]] = []
    for i, col in enumerate(COLUMNS, start=1):
        if groups and groups[-1][0] == col.group:
            groups[-1] = (col.group, groups[-1][1], i)
        else:
            groups.append((col.group, i, i))
    top: list[object] = [p(label_title, st["head"])] + [""] * len(COLUMNS)
    for name, a, _ in groups:
        top[a] = p(name, st["head"])
    sub: list[object] = [""] + [p(c.title, st["head"]) for c in COLUMNS]
    data: list[list[object]] = [top, sub]
    for r in rows:
        data.append([p(r.label, st["cell"])] + [fmt(c.get(r.counts), c.kind) for c in COLUMNS])
    data.append([Paragraph("Tổng cộng", st["cell_b"])] + [fmt(c.get(total), c.kind) for c in COLUMNS])
    style = [
        ("FONT", (0, 0), (-1, -1), SANS, 7.5, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG),
        ("SPAN", (0, 0), (0, 1)),
        *[("SPAN", (a, 0), (b, 0)) for _, a, b in groups],
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 2), (-1, -2), [colors.white, ZEBRA]),
        ("BACKGROUND", (0, -1), (-1, -1), HEAD_BG),
        ("FONT", (1, -1), (-1, -1), f"{SANS}-Bold", 7.5, 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    return LongTable(data, colWidths=widths, repeatRows=2, style=TableStyle(style), hAlign="LEFT")


def _queue_table(label_title: str, rows: Sequence[tuple[str, QueueTimes]], total: QueueTimes) -> LongTable:
    st = styles()
    widths = [80 * mm] + [30 * mm] * len(QUEUE_COLUMNS)
    data: list[list[object]] = [[p(label_title, st["head"])] + [p(t, st["head"]) for t, _, _ in QUEUE_COLUMNS]]
    for label, q in rows:
        data.append([p(label, st["cell"])] + [fmt(get(q), kind) for _, get, kind in QUEUE_COLUMNS])
    data.append([Paragraph("Tổng cộng", st["cell_b"])] + [fmt(get(total), kind) for _, get, kind in QUEUE_COLUMNS])
    style = [
        ("FONT", (0, 0), (-1, -1), SANS, 7.5, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("BACKGROUND", (0, -1), (-1, -1), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONT", (1, -1), (-1, -1), f"{SANS}-Bold", 7.5, 9),
    ]
    return LongTable(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")


def _chart(report: PeriodReport) -> Drawing:
    """Daily intake (bars) and on-time rate of the dossiers resolved that day (line, right axis)."""
    width, height = PAGE[0] - 2 * MARGIN, 62 * mm
    drawing = Drawing(width, height)
    points = report.daily
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 40, 28, width - 90, height - 48
    bars.data = [[pt.received for pt in points] or [0]]
    bars.bars[0].fillColor = colors.HexColor("#2b6cb0")
    bars.bars[0].strokeColor = None
    bars.barSpacing = 0.5 if len(points) > 60 else 2
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontSize = 7
    step = max(1, len(points) // 12)
    bars.categoryAxis.categoryNames = [f"{pt.day:%d/%m}" if i % step == 0 else "" for i, pt in enumerate(points)]
    bars.categoryAxis.labels.fontName = SANS
    bars.categoryAxis.labels.fontSize = 7
    bars.categoryAxis.tickDown = 0
    drawing.add(bars)
    rates = [(i, pt.on_time_rate * 100) for i, pt in enumerate(points) if pt.on_time_rate is not None]
    if rates:
        line = LinePlot()
        line.x, line.y, line.width, line.height = bars.x, bars.y, bars.width, bars.height
        line.data = [[(i + 0.5, v) for i, v in rates]]
        line.lines[0].strokeColor = colors.HexColor("#c05621")
        line.lines[0].strokeWidth = 1.4
        line.xValueAxis.valueMin, line.xValueAxis.valueMax = 0, max(1, len(points))
        line.xValueAxis.visible = False
        line.yValueAxis.valueMin, line.yValueAxis.valueMax, line.yValueAxis.valueStep = 0, 100, 25
        line.yValueAxis.joinAxisMode = "right"
        line.yValueAxis.labels.fontName = SANS
        line.yValueAxis.labels.fontSize = 7
        line.yValueAxis.labelTextFormat = "%d%%"
        drawing.add(line)
    legend = Legend()
    legend.x, legend.y = 44, height - 6
    legend.fontName, legend.fontSize = SANS, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(colors.HexColor("#2b6cb0"), nfc("Hồ sơ tiếp nhận trong ngày")),
                             (colors.HexColor("#c05621"), nfc("Tỷ lệ giải quyết đúng hạn (trục phải)"))]
    drawing.add(legend)
    drawing.add(String(width - 4, 2, nfc("Ngày"), fontName=SANS, fontSize=7, textAnchor="end"))
    return drawing


def _summary(report: PeriodReport) -> Table:
    st = styles()
    t, q = report.total, report.queue_total
    cells = [
        ("Hồ sơ tiếp nhận", fmt(t.received, "int")), ("Đã giải quyết", fmt(t.resolved, "int")),
        ("Tỷ lệ đúng hạn", fmt(t.on_time_rate, "pct")), ("Đang quá hạn", fmt(t.pending_overdue, "int")),
        ("Xử lý TB (giờ)", fmt(t.avg_processing_hours, "dec")), ("Hài lòng", fmt(t.satisfaction_rate, "pct")),
        ("Chờ TB (phút)", fmt(q.avg_wait_minutes, "dec")),
    ]
    value = styles()["title"]
    data = [[Paragraph(nfc(v), value) for _, v in cells], [p(k, st["cell_c"]) for k, _ in cells]]
    w = (PAGE[0] - 2 * MARGIN) / len(cells)
    return Table(data, colWidths=[w] * len(cells), style=TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f4f7fb")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))


def _one_line(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """An agency name on one line: the font shrinks to fit rather than wrap mid-name."""
    size = fit_font_size(nfc(text), style.fontName, width - 4, style.fontSize)
    return Paragraph(esc(text), ParagraphStyle(f"{style.name}_fit", parent=style, fontSize=size,
                                               leading=max(size * 1.27, 8)))


def _header(report: PeriodReport, number: str) -> Table:
    """Agency on the left with "Số: …", national name and motto on the right with place and date
    (Decree 30/2020 layout); names shrink to fit their column rather than wrap."""
    st = styles()
    full = PAGE[0] - 2 * MARGIN
    left_w, right_w = full * 0.55, full * 0.45
    moment = report.generated_at
    place = nfc(report.place_name or "")
    when = f"{place + ', ' if place else ''}ngày {moment.day:02d} tháng {moment.month:02d} năm {moment.year}"
    italic = ParagraphStyle("place_date", parent=st["org"], fontName=f"{SERIF}-Italic")
    left = [_one_line(report.parent_name.upper(), st["org"], left_w),
            _one_line(report.office_name.upper(), st["org_b"], left_w),
            p("―――――", st["org"]), p(f"Số: {nfc(number) if number else '………/BC'}", st["org"])]
    right = [_one_line(NATION, st["org_b"], right_w),
             Paragraph(f"<u>{esc(MOTTO)}</u>", st["org_b"]), Spacer(1, 2 * mm), p(when, italic)]
    return Table([[left, right]], colWidths=[left_w, right_w], hAlign="LEFT",
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))


def story(report: PeriodReport, number: str = "") -> list[Flowable]:
    st = styles()
    flow: list[Flowable] = [
        _header(report, number),
        Spacer(1, 3 * mm),
        p("BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", st["title"]),
        p(period_label(report), st["subtitle"]),
        _summary(report),
        Spacer(1, 4 * mm),
        KeepTogether([p("Diễn biến theo ngày", st["h2"]), _chart(report)]),
        p("I. Theo lĩnh vực", st["h2"]),
        _counts_table("Lĩnh vực", report.by_field, report.total),
        p("II. Theo thủ tục hành chính", st["h2"]),
        _counts_table("Thủ tục hành chính", [Row(r.key, f"{r.key} – {r.label}", r.counts) for r in report.by_procedure],
                      report.total),
        p("III. Theo cán bộ tiếp nhận", st["h2"]),
        _counts_table("Cán bộ", report.by_clerk, report.total),
        p("IV. Hàng đợi: thời gian chờ và phục vụ", st["h2"]),
        _queue_table("Dãy số (quầy dịch vụ)", [(r.label, r.times) for r in report.queue_by_line], report.queue_total),
        Spacer(1, 3 * mm),
        _queue_table("Cán bộ gọi số", [(r.label, r.times) for r in report.queue_by_clerk], report.queue_total),
        p("Cách tính", st["h2"]),
        p("Chỉ tính hồ sơ đã được tiếp nhận: hồ sơ từ chối hoặc trả lại để bổ sung ngay tại quầy ghi riêng "
          "(không tiếp nhận). Kết thúc xử lý là trạng thái kết thúc đầu tiên (Đã xử lý xong trước Đã trả kết "
          "quả, rồi Dừng/Từ chối/Rút). Hồ sơ được so với thời hạn ghi trên giấy tiếp nhận lần đầu, kể cả khi đã "
          "xin lỗi, hẹn lại; thời gian chờ bổ sung (một lần) được trừ; yêu cầu bổ sung quá một lần tính là quá "
          "hạn. Quá hạn: muộn hơn thời hạn; trước hạn: xong từ ngày trước ngày hẹn trả; còn lại là đúng hạn. "
          "Đang chờ bổ sung cuối kỳ: dừng tính thời gian. Tỷ lệ đúng hạn = (trước hạn + đúng hạn + đang giải "
          "quyết trong hạn + chờ bổ sung) / (đã giải quyết + đang giải quyết) (Quyết định 766/QĐ-TTg, chỉ số "
          "2.1). Tỷ lệ hài lòng = đánh giá hài lòng và rất hài lòng / tổng số đánh giá trong kỳ.", st["cell"]),
        # the signature block moves to the next page whole rather than split
        KeepTogether([
            Spacer(1, 8 * mm),
            Table([[p("NGƯỜI LẬP BIỂU", st["sign"]), p(nfc(report.head_title or "THỦ TRƯỞNG ĐƠN VỊ").upper(),
                                                          st["sign"])],
                   [p("(Ký và ghi rõ họ tên)", st["sign_i"]), p("(Ký, ghi rõ họ tên và đóng dấu)", st["sign_i"])],
                   ["", ""]],
                  colWidths=[(PAGE[0] - 2 * MARGIN) / 2] * 2, rowHeights=[None, None, 22 * mm]),
        ]),
    ]
    return flow


def render_pdf(report: PeriodReport, *, cancel: CancelFlag | None = None, progress: Progress | None = None,
               number: str = "") -> bytes:
    """``number``: the report's number in the office's outgoing register ("" leaves it to be written)."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=10 * mm, bottomMargin=14 * mm,
        title=nfc(f"Báo cáo thống kê {report.start:%d/%m/%Y}–{report.end:%d/%m/%Y}"), author=nfc(report.office_name),
    )
    pages = 3 + (len(report.by_procedure) + len(report.by_clerk)) // 25
    footer = f"{report.office_name} — Báo cáo thống kê, {period_label(report).lower()} — lập lúc " \
             f"{report.generated_at:%H:%M %d/%m/%Y}"
    with binary_streams():
        doc.build(story(report, number), canvasmaker=numbered_canvas(footer, cancel, progress, pages))
    return buf.getvalue()


# ---------------------------------------------------------------- XLSX

_FORMATS = {"int": "#,##0", "pct": "0.0%", "dec": "#,##0.0"}


def _cell(ws: Any, value: Any) -> Any:
    """A ready-made sheet's value: text NFC, moments as dates with a format, numbers as they are."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, datetime):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = "DD/MM/YYYY HH:MM"
        return c
    return value


def render_xlsx(report: PeriodReport, *, cancel: CancelFlag | None = None, progress: Progress | None = None,
                extra: Sequence[Any] = ()) -> bytes:
    """One sheet per breakdown, headers bold on a tinted row, numbers as numbers with formats;
    ``extra``: further ready-made sheets (title, headers, rows, widths), e.g. the 766 scorecard."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def sheet(title: str, headers: Sequence[str], widths: Sequence[float]) -> Any:
        ws = wb.create_sheet(title)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "B3"
        ws.append([nfc(f"{report.office_name} — {period_label(report)}")])
        cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=nfc(h))
            c.font, c.fill, c.alignment = bold, fill, wrap
            cells.append(c)
        ws.append(cells)
        return ws

    def num(ws: Any, value: float | int | None, kind: str) -> Any:
        c = WriteOnlyCell(ws, value=value)
        c.number_format = _FORMATS[kind]
        return c

    def total_label(ws: Any) -> Any:
        c = WriteOnlyCell(ws, value="Tổng cộng")
        c.font = bold
        return c

    count_heads = [f"{c.group}: {c.title}" for c in COLUMNS]
    breakdowns: list[tuple[str, str, Sequence[Row], bool]] = [
        ("Theo lĩnh vực", "Lĩnh vực", report.by_field, False),
        ("Theo thủ tục", "Thủ tục hành chính", report.by_procedure, True),
        ("Theo cán bộ", "Cán bộ", report.by_clerk, False),
    ]
    steps = len(breakdowns) + 3
    if progress:
        progress(0, steps)
    summary = sheet("Tổng hợp", ["Chỉ tiêu", "Giá trị"], [48, 16])
    for col in COLUMNS:
        summary.append([nfc(f"{col.group}: {col.title}"), num(summary, col.get(report.total), col.kind)])
    for title, get, kind in QUEUE_COLUMNS:
        summary.append([nfc(f"Hàng đợi: {title}"), num(summary, get(report.queue_total), kind)])
    for i, (name, label, rows, with_code) in enumerate(breakdowns, start=1):
        if cancel and cancel():
            from counterdesk.printing.report_base import PrintCancelled

            raise PrintCancelled()
        heads = (["Mã", label] if with_code else [label]) + count_heads
        ws = sheet(name, heads, ([12, 60] if with_code else [34]) + [13] * len(COLUMNS))
        for r in rows:
            lead = [r.key, nfc(r.label)] if with_code else [nfc(r.label)]
            ws.append(lead + [num(ws, c.get(r.counts), c.kind) for c in COLUMNS])
        lead_total = ["", total_label(ws)] if with_code else [total_label(ws)]
        ws.append(lead_total + [num(ws, c.get(report.total), c.kind) for c in COLUMNS])
        if progress:
            progress(i, steps)
    q_heads = [t for t, _, _ in QUEUE_COLUMNS]
    for name, label, qrows in (("Hàng đợi theo dãy", "Dãy số", report.queue_by_line),
                               ("Hàng đợi theo cán bộ", "Cán bộ", report.queue_by_clerk)):
        ws = sheet(name, [label, *q_heads], [34] + [16] * len(QUEUE_COLUMNS))
        for qr in qrows:
            ws.append([nfc(qr.label)] + [num(ws, get(qr.times), kind) for _, get, kind in QUEUE_COLUMNS])
        ws.append([total_label(ws)] + [num(ws, get(report.queue_total), kind) for _, get, kind in QUEUE_COLUMNS])
    days = sheet("Theo ngày", ["Ngày", "Tiếp nhận", "Giải quyết", "Giải quyết đúng hạn", "Tỷ lệ đúng hạn"],
                 [14, 14, 14, 18, 16])
    for pt in report.daily:
        d = WriteOnlyCell(days, value=pt.day)
        d.number_format = "DD/MM/YYYY"
        days.append([d, num(days, pt.received, "int"), num(days, pt.resolved, "int"),
                     num(days, pt.resolved_in_time, "int"), num(days, pt.on_time_rate, "pct")])
    for extra_sheet in extra:
        ws = sheet(extra_sheet.title, extra_sheet.headers, extra_sheet.widths)
        for values in extra_sheet.rows:
            ws.append([_cell(ws, v) for v in values])
    if progress:
        progress(steps, steps)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
