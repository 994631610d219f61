"""Danh sách hồ sơ quá hạn, sắp đến hạn: the desk's late list as a signed sheet (PDF) or a workbook (XLSX)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer, Table, TableStyle

from counterdesk.printing.report_base import GRID, HEAD_BG, binary_streams, nfc, numbered_canvas, p, styles

PAGE = landscape(A4)
MARGIN = 14 * mm
HEADERS = ("STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Hạn trả", "Tình trạng", "Trạng thái", "Đơn vị đang giải quyết")


@dataclass(frozen=True, slots=True)
class LateRow:
    code: str
    procedure_name: str
    applicant_name: str
    due_at: datetime
    overdue: bool
    rescheduled: bool
    status_name: str
    handling_unit: str

    @property
    def state(self) -> str:
        word = "Quá hạn" if self.overdue else "Sắp đến hạn"
        return word + (" (đã hẹn lại)" if self.rescheduled else "")


@dataclass(frozen=True, slots=True)
class LateList:
    office_name: str
    parent_name: str
    at: datetime
    rows: tuple[LateRow, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def _cells(i: int, r: LateRow) -> list[str]:
    return [str(i), r.code, r.procedure_name, r.applicant_name, f"{r.due_at:%H:%M %d/%m/%Y}", r.state, r.status_name,
            r.handling_unit]


def render_pdf(late: LateList) -> bytes:
    st = styles()
    width = PAGE[0] - 2 * MARGIN
    cols = [11 * mm, 50 * mm, 0.0, 38 * mm, 28 * mm, 30 * mm, 30 * mm, 38 * mm]
    cols[2] = width - sum(cols)
    data = [[p(h, st["head"]) for h in HEADERS]]
    for i, r in enumerate(late.rows, start=1):
        data.append([p(c, st["cell_b"] if r.overdue and j == 5 else st["cell"]) for j, c in enumerate(_cells(i, r))])
    table = LongTable(data, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    org = Table([[p(late.parent_name.upper(), st["org"])], [p(late.office_name.upper(), st["org_b"])]],
                colWidths=[110 * mm], hAlign="LEFT", style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    sign = Table([[p("NGƯỜI LẬP", st["sign"]), p("THỦ TRƯỞNG ĐƠN VỊ", st["sign"])],
                  [p("(Ký và ghi rõ họ tên)", st["sign_i"]), p("(Ký, ghi rõ họ tên và đóng dấu)", st["sign_i"])]],
                 colWidths=[width / 2] * 2)
    summary = (f"{len(late.rows)} hồ sơ, trong đó {late.overdue} quá hạn và {len(late.rows) - late.overdue} "
               "sắp đến hạn (trong một ngày làm việc). Hồ sơ đang chờ bổ sung không tính (thời hạn tạm dừng).")
    flow = [org, p("DANH SÁCH HỒ SƠ QUÁ HẠN, SẮP ĐẾN HẠN", st["title"]),
            p(f"Tính đến {late.at:%H:%M} ngày {late.at:%d/%m/%Y}", st["subtitle"]), table, Spacer(1, 3 * mm),
            p(summary, st["body"]), Spacer(1, 8 * mm), KeepTogether([sign])]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=nfc("Danh sách hồ sơ quá hạn"), author=nfc(late.office_name))
    footer = f"{late.office_name} — Hồ sơ quá hạn, sắp đến hạn — lập lúc {late.at:%H:%M %d/%m/%Y}"
    with binary_streams():
        doc.build(flow, canvasmaker=numbered_canvas(footer))
    return buf.getvalue()


def render_xlsx(late: LateList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Hồ sơ quá hạn"
    ws.append([nfc(f"{late.office_name} — Hồ sơ quá hạn, sắp đến hạn — {late.at:%H:%M %d/%m/%Y}")])
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, r in enumerate(late.rows, start=1):
        ws.append([i, r.code, nfc(r.procedure_name), nfc(r.applicant_name), r.due_at.replace(tzinfo=None), r.state,
                   r.status_name, nfc(r.handling_unit)])
        ws.cell(row=ws.max_row, column=5).number_format = "hh:mm dd/mm/yyyy"
    for col, w in zip("ABCDEFGH", (6, 28, 60, 26, 18, 22, 22, 30), strict=True):
        ws.column_dimensions[col].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
