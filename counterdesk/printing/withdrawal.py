"""Mẫu 05 — Thông báo dừng giải quyết hồ sơ, when the applicant withdraws the dossier.

Records when the applicant asked, why, and what was handed back, so the stop is traceable and the
dossier leaves the on-time statistics properly.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import WithdrawalData

FORM_NO = "05"
TITLE = "THÔNG BÁO"
SUBTITLE = "Về việc dừng giải quyết hồ sơ"


def render_withdrawal(data: WithdrawalData) -> bytes:
    """One A5 page, signed by the office head unless another signer is given."""
    office = W.esc(data.office.office_name)
    signer_title = data.signer_title or data.office.head_title or "Thủ trưởng cơ quan, đơn vị"
    signer_name = data.signer_name if data.signer_title else data.office.head_name

    def make(st: L.Styles) -> list[Flowable]:
        story: list[Flowable] = [
            Paragraph(f"Kính gửi: Ông/Bà/Tổ chức <b>{W.esc(data.applicant_name)}</b>", st.centre),
            Paragraph(
                f"Vào lúc {W.vn_datetime(data.received_at)}, {office} đã tiếp nhận hồ sơ đề nghị giải quyết "
                f"thủ tục hành chính <b>{W.esc(data.procedure_name)}</b> của Ông/Bà/Tổ chức "
                f"{W.esc(data.applicant_name)}.", st.prose),
            L.field_line("Số định danh cá nhân/tổ chức:", data.applicant_id_number, st),
            L.field_line("Địa chỉ:", data.applicant_address, st),
            L.field_line("Mã hồ sơ:", data.dossier_code, st, bold=True),
            Paragraph(f"Vào lúc {W.vn_datetime(data.requested_at)}, Ông/Bà/Tổ chức có văn bản đề nghị rút hồ sơ, "
                      "dừng giải quyết thủ tục hành chính nêu trên.", st.prose),
        ]
        if W.clean(data.reason):
            story.append(L.field_line("Lý do:", data.reason, st))
        story.append(Paragraph(f"{office} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
                               f"{W.vn_datetime(data.issued_at)}.", st.prose))
        if W.clean(data.returned_documents):
            story.append(L.field_line("Hồ sơ đã trả lại cho Ông/Bà/Tổ chức:", data.returned_documents, st))
        story += [
            Paragraph("Xin thông báo để Ông/Bà/Tổ chức được biết./.", st.prose),
            L.signatures([L.recipients(["Như trên;", "Lưu: hồ sơ."], st),
                          L.Signature(signer_title, note="(Ký, ghi rõ họ tên và đóng dấu)", name=signer_name)],
                         L.A5_SHEET.width, st, space=st.size * 4.2),
        ]
        return story

    return L.simple_form(office_parent=data.office.parent_name, office_name=data.office.office_name,
                         place=data.office.place_name, number_label=data.number_label,
                         issued_at=data.issued_at, form_no=FORM_NO, title=TITLE, subtitle=SUBTITLE,
                         make=make, subject=f"Mẫu số {FORM_NO} - {W.clean(data.dossier_code)}")
