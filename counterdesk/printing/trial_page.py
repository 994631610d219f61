"""A one-page A4 trial print for the receipt printer: the form header, a margin frame and a ruler.

Receipts must come out on one sheet at true size. The frame sits exactly on the forms' margins
(a cut edge means the driver crops), and the ruler is 100 mm long (shorter on paper means the
driver's "fit to page" shrinks the forms), so the administrator can judge the printer by eye.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counterdesk.domain.clock import to_vn
from counterdesk.printing.fonts import SERIF
from counterdesk.printing.layout import A4_SHEET, BOLD, draw_header, render

TITLE = "TRANG IN THỬ — KHÔNG CÓ GIÁ TRỊ"
ACCENTS = ("Chữ có dấu phải in rõ: ă â đ ê ô ơ ư — á à ả ã ạ — ắ ằ ẳ ẵ ặ — ế ề ể ễ ệ — ố ồ ổ ỗ ộ",
           "Ắ Ằ Ẳ Ẵ Ặ Ấ Ầ Ẩ Ẫ Ậ Đ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự Ỳ Ỷ Ỹ Ỵ")


def a4_trial_pdf(*, office_name: str, parent_name: str, place: str, printer_name: str, at: datetime) -> bytes:
    """The trial page as PDF bytes (one A4 portrait page)."""
    sheet = A4_SHEET
    moment = to_vn(at)

    def paint(canvas: Canvas) -> None:
        y = draw_header(canvas, sheet, parent_name=parent_name, office_name=office_name, number_label="",
                        place=place, issued_at=moment, form_no="", size=13)
        canvas.setLineWidth(0.8)
        canvas.rect(sheet.left, sheet.bottom, sheet.width, sheet.pagesize[1] - sheet.top - sheet.bottom)
        mid = sheet.left + sheet.width / 2
        y -= 16 * mm
        canvas.setFont(BOLD, 20)
        canvas.drawCentredString(mid, y, TITLE)
        canvas.setFont(SERIF, 11)
        lines = [
            f"Máy in giấy tiếp nhận: {printer_name or 'máy in mặc định của Windows'}",
            f"In lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}",
            "",
            "Khung viền trang này trùng với lề của giấy tiếp nhận: khung phải in đủ bốn cạnh.",
            "Đoạn thẳng dưới đây phải dài đúng 100 mm khi đo bằng thước;",
            "ngắn hơn là trình điều khiển máy in đang thu nhỏ trang (tắt 'Fit to page').",
            "",
            *ACCENTS,
        ]
        for line in lines:
            y -= 7 * mm
            canvas.drawCentredString(mid, y, line)
        y -= 16 * mm
        left = mid - 50 * mm
        canvas.setLineWidth(1.2)
        canvas.line(left, y, left + 100 * mm, y)
        canvas.setLineWidth(0.6)
        canvas.setFont(SERIF, 8)
        for cm in range(11):
            x = left + cm * 10 * mm
            canvas.line(x, y, x, y + (4 if cm % 5 else 7) * mm)
            canvas.drawCentredString(x, y - 4 * mm, f"{cm * 10}")
        canvas.setFont(SERIF, 10)
        canvas.drawCentredString(mid, y - 10 * mm, "0 — 100 mm")

    return render(sheet, "Trang in thử", TITLE, [paint])
