"""Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.

A refusal must state its concrete reason in writing; both the applicant and the clerk sign.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import RefusalData

FORM_NO = "03"
TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"


def render_refusal(data: RefusalData) -> bytes:
    """One A5 page."""

    def make(st: L.Styles) -> list[Flowable]:
        return [
            L.field_line("Bộ phận Tiếp nhận và Trả kết quả:", data.office.office_name, st),
            L.field_line("Tiếp nhận hồ sơ của:", data.applicant_name, st, bold=True),
            L.field_line("Số định danh cá nhân/tổ chức:", data.applicant_id_number, st),
            L.field_line("Địa chỉ:", data.applicant_address, st),
            Paragraph(f"Số điện thoại: {W.esc(data.applicant_phone)}&nbsp;&nbsp;&nbsp; "
                      f"Email: {W.esc(data.applicant_email)}", st.body),
            L.field_line("Mã hồ sơ (nếu có):", data.dossier_code, st),
            L.field_line("Nội dung yêu cầu giải quyết:", data.procedure_name, st, bold=True),
            Paragraph("Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết "
                      "hồ sơ này với lý do cụ thể như sau:", st.prose),
            Paragraph(W.esc(data.reason), st.prose),
            Paragraph("Xin thông báo cho Ông/Bà được biết và thực hiện./.", st.prose),
            L.signatures([L.Signature("Người nộp hồ sơ", name=data.applicant_name),
                          L.Signature("Người tiếp nhận hồ sơ", name=data.clerk_name)],
                         L.A5_SHEET.width, st, space=st.size * 3.6),
        ]

    return L.simple_form(office_parent=data.office.parent_name, office_name=data.office.office_name,
                         place=data.office.place_name, number_label=data.number_label,
                         issued_at=data.issued_at, form_no=FORM_NO, title=TITLE, make=make,
                         subject=f"Mẫu số {FORM_NO} - {W.clean(data.applicant_name)}")
