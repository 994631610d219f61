"""Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.

Handed to the applicant when the dossier is incomplete: lists every item to supply or fix, so a
second visit is enough, and names whom to call meanwhile.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import SupplementData

FORM_NO = "02"
TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"


def render_supplement(data: SupplementData) -> bytes:
    """One A5 page."""

    def make(st: L.Styles) -> list[Flowable]:
        story: list[Flowable] = [
            L.field_line("Hồ sơ của:", data.applicant_name, st, bold=True),
        ]
        if W.clean(data.dossier_code):
            story.append(L.field_line("Mã hồ sơ:", data.dossier_code, st, bold=True))
        story += [
            L.field_line("Nội dung yêu cầu giải quyết:", data.procedure_name, st),
            L.field_line("Địa chỉ:", data.applicant_address, st),
            Paragraph(f"Số điện thoại: {W.esc(data.applicant_phone)}&nbsp;&nbsp;&nbsp; "
                      f"Email: {W.esc(data.applicant_email)}", st.body),
            Paragraph("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", st.body),
        ]
        items = [item for item in data.items if W.clean(item)] or [""]
        story += [Paragraph(f"{i}. {W.esc(item)}", st.item) for i, item in enumerate(items, start=1)]
        story.append(L.field_line("Lý do:", data.reason, st))
        story.append(Paragraph(
            f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{W.esc(data.contact_name)} số điện thoại {W.esc(data.contact_phone)} để được hướng dẫn./.",
            st.body))
        story.append(L.signatures([None, L.Signature("Người hướng dẫn", name=data.guide_name)],
                                  L.A5_SHEET.width, st, space=st.size * 3.6))
        return story

    return L.simple_form(office_parent=data.office.parent_name, office_name=data.office.office_name,
                         place=data.office.place_name, number_label=data.number_label,
                         issued_at=data.issued_at, form_no=FORM_NO, title=TITLE, make=make,
                         subject=f"Mẫu số {FORM_NO} - {W.clean(data.dossier_code or data.applicant_name)}")
