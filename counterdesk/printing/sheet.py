"""A one-table landscape sheet the supervisor signs (fee register, late list): the office's two-line
header, a title, the table, a closing sentence, and a signature block that never stands alone."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from counterdesk.printing.report_base import binary_streams, nfc, numbered_canvas, p, styles

PAGE = landscape(A4)
MARGIN = 14 * mm
WIDTH = PAGE[0] - 2 * MARGIN


def render(*, parent_name: str, office_name: str, title: str, subtitle: str, table: Flowable, closing: str,
           maker: str, footer: str) -> bytes:
    st = styles()
    org = Table([[p(parent_name.upper(), st["org"])], [p(office_name.upper(), st["org_b"])]],
                colWidths=[160 * mm], hAlign="LEFT", style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    sign = Table([[p(maker, st["sign"]), p("THỦ TRƯỞNG ĐƠN VỊ", st["sign"])],
                  [p("(Ký và ghi rõ họ tên)", st["sign_i"]), p("(Ký, ghi rõ họ tên và đóng dấu)", st["sign_i"])]],
                 colWidths=[WIDTH / 2] * 2)
    flow = [org, p(title, st["title"]), p(subtitle, st["subtitle"]), table, Spacer(1, 3 * mm),
            p(closing, st["body"]), Spacer(1, 8 * mm), KeepTogether([sign])]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=nfc(f"{title.capitalize()} — {subtitle}"),
                            author=nfc(office_name))
    with binary_streams():
        doc.build(flow, canvasmaker=numbered_canvas(footer))
    return buf.getvalue()
