"""Sổ theo dõi thu phí, lệ phí: every collection of a period with its receipt number, and the total.

Plain data in (built by services/fees.py), PDF or XLSX bytes out. The supervisor signs the PDF; the
XLSX keeps amounts as numbers so the accountant can add them up again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, TableStyle

from counterdesk.domain.fees import money
from counterdesk.printing import sheet
from counterdesk.printing.report_base import GRID, HEAD_BG, nfc, p, styles


@dataclass(frozen=True, slots=True)
class RegisterRow:
    paid_at: datetime
    receipt_no: str
    code: str
    applicant_name: str
    procedure_name: str
    amount: int
    clerk: str


@dataclass(frozen=True, slots=True)
class FeeRegister:
    """One row a collection in the period, oldest first, and the dossiers exempted meanwhile."""

    office_name: str
    parent_name: str
    start: date
    end: date  # inclusive
    rows: tuple[RegisterRow, ...]
    exempted: int
    generated_at: datetime

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def period(self) -> str:
        if self.start == self.end:
            return f"Ngày {self.start:%d/%m/%Y}"
        return f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


HEADERS = ("STT", "Thời điểm thu", "Số biên lai", "Mã hồ sơ", "Người nộp", "Thủ tục", "Số tiền (đồng)", "Cán bộ thu")


def render_pdf(register: FeeRegister) -> bytes:
    st = styles()
    width = sheet.WIDTH
    cols = [11 * mm, 26 * mm, 24 * mm, 50 * mm, 40 * mm, 0.0, 24 * mm, 36 * mm]
    cols[5] = width - sum(cols)
    data = [[p(h, st["head"]) for h in HEADERS]]
    for i, r in enumerate(register.rows, start=1):
        data.append([p(str(i), st["cell_c"]), p(f"{r.paid_at:%H:%M %d/%m/%Y}", st["cell"]), p(r.receipt_no, st["cell"]),
                     p(r.code, st["cell"]), p(r.applicant_name, st["cell"]), p(r.procedure_name, st["cell"]),
                     p(f"{r.amount:,}".replace(",", "."), st["cell_r"]), p(r.clerk, st["cell"])])
    data.append(["", p("Tổng cộng", st["cell_b"]), "", "", "", p(f"{len(register.rows)} lần thu", st["cell"]),
                 p(f"{register.total:,}".replace(",", "."), st["cell_b"]), ""])
    table = LongTable(data, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f4f8")),
    ]))
    return sheet.render(
        parent_name=register.parent_name, office_name=register.office_name, title="SỔ THEO DÕI THU PHÍ, LỆ PHÍ",
        subtitle=register.period, table=table, maker="NGƯỜI LẬP SỔ",
        closing=f"Tổng số tiền đã thu: {money(register.total)}. Số hồ sơ được miễn phí, lệ phí trong kỳ: "
                f"{register.exempted}.",
        footer=f"{register.office_name} — Sổ thu phí, lệ phí — lập lúc {register.generated_at:%H:%M %d/%m/%Y}",
    )


def render_xlsx(register: FeeRegister) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ thu phí"
    ws.append([nfc(f"{register.office_name} — Sổ theo dõi thu phí, lệ phí — {register.period}")])
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, r in enumerate(register.rows, start=1):
        ws.append([i, r.paid_at.replace(tzinfo=None), r.receipt_no, r.code, nfc(r.applicant_name),
                   nfc(r.procedure_name), r.amount, nfc(r.clerk)])
        ws.cell(row=ws.max_row, column=2).number_format = "hh:mm dd/mm/yyyy"
        ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
    ws.append(["", "Tổng cộng", "", "", "", f"{len(register.rows)} lần thu", register.total, ""])
    ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
    for col, w in zip("ABCDEFGH", (6, 18, 14, 28, 26, 48, 16, 22), strict=True):
        ws.column_dimensions[col].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
