"""Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (A4).

Travels with the dossier: every hand-over between units is a row (who gave, who took, when, and
whether the step was early, on time or late). The table may run onto further pages; the header
row repeats and later pages repeat the dossier code so loose sheets can be matched.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.barcodes import SymbolFlowable, fit_code128
from counterdesk.printing.fonts import register_fonts
from counterdesk.printing.forms_data import HANDOVER_RESULT_LABELS, ControlSheetData, HandoverRow

FORM_NO = "06"
TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
SHEET = L.A4_SHEET
HEADER_SIZE = 11.0
BODY_SIZE = 11.5
MIN_ROWS = 4  # blank rows printed for hand completion when the system has fewer hand-overs
BAR_HEIGHT = 9 * mm
SIGN_SPACE = 11 * mm  # room for the giver's and the receiver's signatures on each row


def _row_cells(index: int, row: HandoverRow | None, st: L.Styles) -> list[Flowable | list[Flowable]]:
    """Tên đơn vị | Thời gian giao nhận | Kết quả | Ghi chú for one hand-over (None: blank row)."""
    n = 2 * index + 1
    if row is None:
        return [
            [Paragraph(f"{n}. Giao: {W.BLANK}", st.cell), Paragraph(f"{n + 1}. Nhận: {W.BLANK}", st.cell)],
            [Paragraph("… giờ … phút, ngày …/…/……", st.cell_centre),
             Paragraph("Người giao&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; Người nhận", st.cell_centre),
             Spacer(1, SIGN_SPACE)],
            Paragraph("", st.cell),
            Paragraph("", st.cell),
        ]
    # both sign by hand: a title, room to sign, then the name recorded at the hand-over
    names = Table([[Paragraph("<i>Người giao</i>", st.cell_centre), Paragraph("<i>Người nhận</i>", st.cell_centre)],
                   [Spacer(1, SIGN_SPACE), Spacer(1, SIGN_SPACE)],
                   [Paragraph(W.esc(row.giver_name, ""), st.cell_centre),
                    Paragraph(W.esc(row.receiver_name, ""), st.cell_centre)]])
    names.setStyle(TableStyle([L.TABLE_FACE, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        [Paragraph(f"{n}. Giao: <b>{W.esc(row.giver_unit)}</b>", st.cell),
         Paragraph(f"{n + 1}. Nhận: <b>{W.esc(row.receiver_unit)}</b>", st.cell)],
        [Paragraph(W.vn_short_datetime(row.at), st.cell_centre), names],
        Paragraph(HANDOVER_RESULT_LABELS.get(row.result, ""), st.cell_centre),
        Paragraph(W.esc(row.note, ""), st.cell),
    ]


def _table(data: ControlSheetData, st: L.Styles, width: float) -> Table:
    head = [
        Paragraph("TÊN ĐƠN VỊ", st.cell_head),
        Paragraph("THỜI GIAN GIAO, NHẬN HỒ SƠ", st.cell_head),
        Paragraph(f"KẾT QUẢ GIẢI QUYẾT HỒ SƠ<br/><font face=\"{L.ITALIC}\">(Trước hạn/đúng hạn/quá hạn)</font>",
                  st.cell_head),
        Paragraph("GHI CHÚ", st.cell_head),
    ]
    rows: list[list[Flowable | list[Flowable]]] = [head]
    filled: list[HandoverRow | None] = list(data.rows)
    filled += [None] * max(0, MIN_ROWS - len(filled))
    rows += [_row_cells(i, row, st) for i, row in enumerate(filled)]
    widths = [0.31, 0.33, 0.20, 0.16]
    table = Table(rows, colWidths=[width * w for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        L.TABLE_FACE,
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("VALIGN", (2, 1), (2, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def render_control_sheet(data: ControlSheetData) -> bytes:
    """A4 portrait; one page for the usual handful of hand-overs, more if the table needs it."""
    register_fonts()
    st = L.styles(BODY_SIZE)
    width = SHEET.width
    code = W.clean(data.dossier_code)

    # The header is painted on the canvas; measure it once on a scratch canvas to reserve its height.
    scratch = Canvas(io.BytesIO(), pagesize=SHEET.pagesize)
    header_bottom = L.draw_header(scratch, SHEET, parent_name=data.office.parent_name,
                                  office_name=data.office.office_name, number_label=data.number_label,
                                  place=data.office.place_name, issued_at=data.received_at, form_no=FORM_NO,
                                  size=HEADER_SIZE)
    header_h = SHEET.pagesize[1] - SHEET.top - header_bottom

    bar = fit_code128(code, width * 0.6, BAR_HEIGHT) if code and code.isascii() else None
    title_style = ParagraphStyle("cd-cst", parent=st.title, fontSize=BODY_SIZE * 1.3, leading=BODY_SIZE * 1.6)
    story: list[Flowable] = [
        Spacer(1, header_h),
        Paragraph(escape(TITLE), title_style),
        Paragraph(f"Mã hồ sơ: <b>{W.esc(code)}</b>", st.centre),
    ]
    if bar is not None:
        story.append(SymbolFlowable(bar, width, pad=1 * mm))
    story += [
        L.field_line("(Kèm theo hồ sơ của:", f"{W.clean(data.applicant_name) or '…………'})", st, bold=False),
        L.field_line("Nội dung yêu cầu giải quyết:", data.procedure_name, st, bold=True),
        L.field_line("Cơ quan (bộ phận) giải quyết hồ sơ:", data.handling_unit, st),
        L.field_line("Cơ quan phối hợp giải quyết hồ sơ:", data.coordinating_units, st),
        Paragraph(f"Thời gian nhận hồ sơ: {W.vn_datetime(data.received_at)}", st.body),
        Paragraph("Hẹn trả kết quả vào: "
                  + (f"<b>{W.vn_datetime(data.due_at)}</b>" if data.due_at else "… giờ … phút, ngày … tháng … năm …"),
                  st.body),
        *([Paragraph(f"Hẹn lại: <b>{W.vn_datetime(data.rescheduled_due_at)}</b>", st.body)]
          if data.rescheduled_due_at is not None else []),
        Spacer(1, 3 * mm),
        _table(data, st, width),
    ]

    def first(canvas: Canvas, _doc: object) -> None:
        L.draw_header(canvas, SHEET, parent_name=data.office.parent_name, office_name=data.office.office_name,
                      number_label=data.number_label, place=data.office.place_name,
                      issued_at=data.received_at, form_no=FORM_NO, size=HEADER_SIZE)

    def later(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.setFont(L.ITALIC, HEADER_SIZE * 0.85)
        canvas.drawRightString(SHEET.x_right, SHEET.pagesize[1] - SHEET.top,
                               f"Mẫu số {FORM_NO} - Mã hồ sơ: {code} - Trang {doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=SHEET.pagesize, leftMargin=SHEET.left, rightMargin=SHEET.right,
                            topMargin=SHEET.top, bottomMargin=SHEET.bottom, title=TITLE,
                            subject=f"Mẫu số {FORM_NO} - {code}", author="CounterDesk", creator="CounterDesk",
                            invariant=1)
    doc.build(story, onFirstPage=first, onLaterPages=later, canvasmaker=L.FormCanvas)
    return buffer.getvalue()
