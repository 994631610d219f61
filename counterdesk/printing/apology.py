"""Mẫu 04 — Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết.

Issued when a dossier will miss its promised date: states the original date, the reason and the
new date, and is signed by the head of the agency (not the clerk).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import ApologyData

FORM_NO = "04"
TITLE = "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN\nTHỜI GIAN GIẢI QUYẾT"


def render_apology(data: ApologyData) -> bytes:
    """One A5 page."""
    office = W.esc(data.office.office_name)

    def make(st: L.Styles) -> list[Flowable]:
        return [
            Paragraph(f"Kính gửi: Ông/Bà/Tổ chức <b>{W.esc(data.applicant_name)}</b>", st.centre),
            Paragraph(
                f"{W.vn_date(data.received_at).capitalize()}, {office} tiếp nhận giải quyết hồ sơ đề nghị giải "
                f"quyết thủ tục hành chính <b>{W.esc(data.procedure_name)}</b> của Ông/Bà/Tổ chức "
                f"{W.esc(data.applicant_name)}.", st.prose),
            Paragraph(f"Số định danh cá nhân/tổ chức: {W.esc(data.applicant_id_number)}; "
                      f"Mã hồ sơ: <b>{W.esc(data.dossier_code)}</b>.", st.body),
            Paragraph(f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {W.vn_datetime(data.original_due_at)}.", st.body),
            Paragraph(f"Tuy nhiên đến nay, {office} chưa trả kết quả giải quyết hồ sơ của Ông/Bà/Tổ chức đúng "
                      "thời hạn quy định ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", st.prose),
            L.field_line("Lý do:", data.reason, st),
            Paragraph(f"{office} xin lỗi Ông/Bà/Tổ chức và đề nghị gia hạn thời gian giải quyết; "
                      f"sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức vào "
                      f"<b>{W.vn_datetime(data.new_due_at)}</b>.", st.prose),
            Paragraph(f"{office} mong nhận được sự thông cảm của Ông/Bà/Tổ chức./.", st.prose),
            L.signatures([L.recipients(["Như trên;", "Lưu: hồ sơ."], st),
                          L.Signature(data.office.head_title or "Thủ trưởng cơ quan, đơn vị",
                                      note="(Ký, ghi rõ họ tên và đóng dấu)", name=data.office.head_name)],
                         L.A5_SHEET.width, st, space=st.size * 4.2),
        ]

    return L.simple_form(office_parent=data.office.parent_name, office_name=data.office.office_name,
                         place=data.office.place_name, number_label=data.number_label,
                         issued_at=data.issued_at, form_no=FORM_NO, title=TITLE, make=make,
                         subject=f"Mẫu số {FORM_NO} - {W.clean(data.dossier_code)}")
