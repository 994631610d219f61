"""Biên bản chốt sổ cuối ngày: the reconciliation, its discrepancies and the signatures, followed by
the day's Sổ theo dõi hồ sơ in the same PDF (one numbering "Trang x/y" across both)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counterdesk.domain.classification import WORDS, Outcome
from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.domain.report_data import KIND_LABELS, DailyLog, Reconciliation
from counterdesk.printing import daily_log
from counterdesk.printing.fonts import SANS
from counterdesk.printing.report_base import (
    GRID,
    HEAD_BG,
    ZEBRA,
    binary_streams,
    nfc,
    numbered_canvas,
    p,
    styles,
)

PAGE = daily_log.PAGE
MARGIN = daily_log.MARGIN
WIDTH = PAGE[0] - 2 * MARGIN


def _figures(rec: Reconciliation) -> Table:
    st = styles()
    groups: list[tuple[str, list[tuple[str, int | str]]]] = [
        ("Hàng đợi", [("Phiếu đã cấp", rec.tickets_issued), ("Đã gọi", rec.tickets_called),
                      ("Đã phục vụ", rec.tickets_served), ("Hoàn thành", rec.tickets_done),
                      ("Vắng mặt", rec.tickets_no_show), ("Còn chờ", rec.tickets_waiting)]),
        ("Hồ sơ", [("Tiếp nhận", rec.dossiers_received), ("Đã in giấy tiếp nhận", rec.receipts_printed),
                   ("Không tiếp nhận (từ chối, trả lại tại quầy)", rec.dossiers_not_accepted)]),
        ("Giải quyết trong ngày", [(WORDS[Outcome.EARLY], rec.resolved_early), (WORDS[Outcome.ON_TIME], rec.resolved_on_time),
                                   (WORDS[Outcome.LATE], rec.resolved_late)]),
        ("Cuối ngày", [(WORDS[Outcome.OVERDUE], rec.pending_overdue),
                       (WORDS[Outcome.CLOCK_STOPPED], rec.pending_clock_stopped)]),
        ("Số hoá hồ sơ (QĐ 766, nhóm 4)", _digitised(rec)),
        ("Tin nhắn cho công dân", [("Đã gửi / đã ghi", rec.notice_rate)]),
        ("Phí, lệ phí thu trong ngày", [("Số biên lai", rec.fee_receipts),
                                        ("Tổng tiền (đồng)", f"{rec.fees_collected:,}".replace(",", "."))]),
        ("Đồng bộ cổng (bản ghi trong ngày)", [("Đã gửi", rec.outbox_accepted), ("Chờ gửi", rec.outbox_pending),
                                              ("Bị cách ly", rec.outbox_quarantined)]),
    ]
    data: list[list[object]] = [[p("Nhóm", st["head"]), p("Chỉ tiêu", st["head"]), p("Số lượng", st["head"])]]
    spans = []
    for name, items in groups:
        first = len(data)
        for i, (label, value) in enumerate(items):
            data.append([p(name, st["cell_b"]) if i == 0 else "", p(label, st["cell"]), str(value)])
        spans.append(("SPAN", (0, first), (0, len(data) - 1)))
    return Table(data, colWidths=[70 * mm, 80 * mm, 30 * mm], hAlign="LEFT", style=TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 9, 11), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans,
    ]))


def _digitised(rec: Reconciliation) -> list[tuple[str, int | str]]:
    d = rec.digitisation
    return [("Hồ sơ có thành phần được số hoá / hồ sơ nhận trực tiếp, bưu chính", d.component_rate_text),
            ("Thành phần đã số hoá / tổng thành phần", f"{d.components_digitised}/{d.components}"),
            ("Trong đó dùng lại bản quét đã có", d.components_reused),
            ("Kết quả được số hoá / kết quả giải quyết", d.result_rate_text)]


def _discrepancies(rec: Reconciliation) -> list[Flowable]:
    st = styles()
    flow: list[Flowable] = []
    summary = [[p("Loại chênh lệch", st["head"]), p("Số lượng", st["head"])]]
    for kind, label in KIND_LABELS.items():
        summary.append([p(label, st["cell"]), str(rec.discrepancy_counts.get(kind, 0))])
    flow.append(Table(summary, colWidths=[150 * mm, 30 * mm], hAlign="LEFT", style=TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 9, 11), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        *[("TEXTCOLOR", (1, i), (1, i), colors.HexColor("#c53030"))
          for i, kind in enumerate(KIND_LABELS, start=1) if rec.discrepancy_counts.get(kind)],
    ])))
    if rec.discrepancies:
        flow.append(Spacer(1, 3 * mm))
        rows: list[list[object]] = [[p("Loại", st["head"]), p("Phiếu / hồ sơ", st["head"]), p("Chi tiết", st["head"])]]
        for x in rec.discrepancies:
            rows.append([p(x.label, st["cell"]), p(x.ref, st["cell"]), p(x.detail, st["cell"])])
        flow.append(LongTable(rows, colWidths=[90 * mm, 60 * mm, WIDTH - 150 * mm], repeatRows=1, hAlign="LEFT",
                              style=TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID),
                                                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                                                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                                                ("VALIGN", (0, 0), (-1, -1), "TOP")])))
    else:
        flow.append(p("Không có chênh lệch: số liệu trong ngày khớp.", st["body"]))
    return flow


def story(rec: Reconciliation) -> list[Flowable]:
    st = styles()
    org = Table([[p(rec.parent_name.upper(), st["org"])], [p(rec.office_name.upper(), st["org_b"])]],
                colWidths=[150 * mm], hAlign="LEFT", style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    if rec.closed_at:
        signed = f"Đã chốt lúc {rec.closed_at:%H:%M ngày %d/%m/%Y} bởi {rec.closed_by}."
    else:
        signed = "Bản xem trước — chưa chốt sổ."
    return [
        org,
        Paragraph(nfc("BIÊN BẢN CHỐT SỔ CUỐI NGÀY"), st["title"]),
        p(f"Ngày làm việc {rec.day:%d/%m/%Y} — {signed}", st["subtitle"]),
        p("1. Số liệu trong ngày", st["h2"]),
        _figures(rec),
        p("2. Đối chiếu, chênh lệch", st["h2"]),
        *_discrepancies(rec),
        # the signature block moves to the next page whole rather than split (titles and names together)
        KeepTogether([
            Spacer(1, 10 * mm),
            Table([[p("CÁN BỘ ĐỐI CHIẾU", st["sign"]), p("LÃNH ĐẠO / PHỤ TRÁCH BỘ PHẬN MỘT CỬA", st["sign"])],
                   [p("(Ký và ghi rõ họ tên)", st["sign_i"]), p("(Ký và ghi rõ họ tên)", st["sign_i"])],
                   ["", ""], ["", p(rec.closed_by, st["sign"]) if rec.closed_by else ""]],
                  colWidths=[WIDTH / 2] * 2, rowHeights=[None, None, 18 * mm, None]),
        ]),
    ]


def render(rec: Reconciliation, log: DailyLog | None = None, *, cancel: CancelFlag | None = None,
           progress: Progress | None = None) -> bytes:
    """The close report, then (if given) the day's tracking book."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=daily_log.TOP,
                            bottomMargin=daily_log.BOTTOM, title=nfc(f"Chốt sổ ngày {rec.day:%d/%m/%Y}"),
                            author=nfc(rec.office_name))
    flow = story(rec)
    pages = 2  # the close report itself: one page, two with a long discrepancy list
    if log is not None:
        book = daily_log.story(log)
        flow += [PageBreak(), *book]
        pages += daily_log.page_count(book)
    footer = f"{rec.office_name} — Chốt sổ ngày {rec.day:%d/%m/%Y}"
    with binary_streams():
        doc.build(flow, canvasmaker=numbered_canvas(footer, cancel, progress, pages))
    return buf.getvalue()
