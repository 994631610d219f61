"""Phiếu xác nhận trả kết quả: proof that the result left the office, to whom, how and when.

Not one of the circular's numbered forms (so no "Mẫu số"); it closes the loop opened by Mẫu 01 and
is what the office shows when a citizen later says the result was never received.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from counterdesk.domain.classification import word
from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.forms_data import ReturnSlipData

TITLE = "PHIẾU XÁC NHẬN TRẢ KẾT QUẢ"


def timeliness(data: ReturnSlipData) -> str:
    """The dossier's classification in the words every paper uses ("" for a result on the spot)."""
    return word(data.outcome) if data.due_at is not None else ""


def render_return_slip(data: ReturnSlipData) -> bytes:
    """One A5 page."""
    if data.delivery == "post":
        how = "Gửi qua dịch vụ bưu chính công ích"
        if W.clean(data.postal_reference):
            how += f" (số vận đơn: {W.esc(data.postal_reference)})"
    else:
        how = "Nhận trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả"
    status = timeliness(data)

    def make(st: L.Styles) -> list[Flowable]:
        story: list[Flowable] = [
            L.field_line("Mã hồ sơ:", data.dossier_code, st, bold=True),
            L.field_line("Hồ sơ của Ông (Bà)/Tổ chức:", data.applicant_name, st, bold=True),
            L.field_line("Nội dung yêu cầu giải quyết:", data.procedure_name, st),
        ]
        if data.received_at is not None:
            story.append(Paragraph(f"Thời gian nhận hồ sơ: {W.vn_datetime(data.received_at)}", st.body))
        if data.due_at is not None:
            story.append(Paragraph(f"Thời gian hẹn trả kết quả: {W.vn_datetime(data.due_at)}", st.body))
        # the document issued, not the papers handed in at intake
        story.append(L.field_line("Kết quả giải quyết hồ sơ trả cho người nhận:", data.result_text, st, bold=True))
        story += [
            Paragraph(f"Hình thức trả kết quả: {how}", st.body),
            Paragraph(f"Người nhận kết quả: <b>{W.esc(data.receiver_name)}</b>", st.body),
            L.field_line("Số định danh cá nhân:", data.receiver_id_number, st),
            Paragraph(f"Thời gian trả kết quả: <b>{W.vn_datetime(data.returned_at)}</b>"
                      + (f" ({status.lower()})" if status else ""), st.body),
            Paragraph("Người nhận đã kiểm tra và nhận đủ kết quả giải quyết hồ sơ nêu trên./.", st.italic),
            L.signatures([L.Signature("Người nhận kết quả", name=data.receiver_name),
                          L.Signature("Người trả kết quả", name=data.clerk_name)],
                         L.A5_SHEET.width, st, space=st.size * 3.6),
        ]
        return story

    return L.simple_form(office_parent=data.office.parent_name, office_name=data.office.office_name,
                         place=data.office.place_name, number_label=data.number_label,
                         issued_at=data.returned_at, form_no="", title=TITLE, make=make,
                         subject=f"{TITLE} - {W.clean(data.dossier_code)}")
