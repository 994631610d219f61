"""Danh sách hồ sơ quá hạn, sắp đến hạn: the desk's late list as a signed sheet (PDF) or a workbook (XLSX)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, TableStyle

from counterdesk.printing import sheet
from counterdesk.printing.report_base import GRID, HEAD_BG, nfc, p, styles

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
    width = sheet.WIDTH
    cols = [11 * mm, 50 * mm, 0.0, 38 * mm, 28 * mm, 30 * mm, 30 * mm, 38 * mm]
    cols[2] = width - sum(cols)
    data = [[p(h, st["head"]) for h in HEADERS]]
    for i, r in enumerate(late.rows, start=1):
        data.append([p(c, st["cell_b"] if r.overdue and j == 5 else st["cell"]) for j, c in enumerate(_cells(i, r))])
    table = LongTable(data, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return sheet.render(
        parent_name=late.parent_name, office_name=late.office_name, title="DANH SÁCH HỒ SƠ QUÁ HẠN, SẮP ĐẾN HẠN",
        subtitle=f"Tính đến {late.at:%H:%M} ngày {late.at:%d/%m/%Y}", table=table, maker="NGƯỜI LẬP",
        closing=f"{len(late.rows)} hồ sơ, trong đó {late.overdue} quá hạn và {len(late.rows) - late.overdue} "
                "sắp đến hạn (trong một ngày làm việc). Hồ sơ đang chờ bổ sung không tính (thời hạn tạm dừng).",
        footer=f"{late.office_name} — Hồ sơ quá hạn, sắp đến hạn — lập lúc {late.at:%H:%M %d/%m/%Y}",
    )


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
