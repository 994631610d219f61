"""Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả: A5, two copies (Lưu / Giao người nộp hồ sơ).

The applicant keeps copy 2 as proof of filing and of the promised date; copy 1 stays with the
control sheet. Both carry a Code 128 of the dossier code (counter scanners) and a QR of the
signed payload (kiosk, offline authenticity check). Each copy is exactly one page whatever the
data: the body shrinks to fit.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from counterdesk.printing import layout as L
from counterdesk.printing import wording as W
from counterdesk.printing.barcodes import Code128, QrCode, SymbolFlowable, fit_code128, fit_qr
from counterdesk.printing.forms_data import DocumentLine, ReceiptData

FORM_NO = "01"
TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPIES = ("(Liên 1: Lưu)", "(Liên 2: Giao người nộp hồ sơ)")
SHEET = L.A5_SHEET
HEADER_SIZE = 8.6
BODY_SIZES = (9.0, 8.6, 8.2, 7.8, 7.4, 7.0, 6.6, 6.2, 5.8, 5.4, 5.0)
QR_MAX = 21 * mm
BAR_HEIGHT = 7 * mm
TABLE_MIN_SIZE = 7.8  # below this the documents are a numbered list: cells waste too much width


def _documents_table(docs: tuple[DocumentLine, ...], st: L.Styles, width: float) -> Table:
    """TT | Tên giấy tờ | Bản chính | Bản sao — the numbered list of 1. Thành phần hồ sơ."""
    rows: list[list[Flowable | str]] = [[
        Paragraph("TT", st.cell_head), Paragraph("Tên giấy tờ", st.cell_head),
        Paragraph("Bản chính", st.cell_head), Paragraph("Bản sao", st.cell_head),
    ]]
    for i, doc in enumerate(docs, start=1):
        rows.append([
            Paragraph(str(i), st.cell_centre),
            Paragraph(W.esc(doc.name), st.cell),
            Paragraph(W.two_digits(doc.originals) if doc.originals else "-", st.cell_centre),
            Paragraph(W.two_digits(doc.copies) if doc.copies else "-", st.cell_centre),
        ])
    if not docs:
        rows.append([Paragraph("", st.cell), Paragraph("(Không có)", st.cell), "", ""])
    num_w = st.size * 2.2
    count_w = st.size * 5.2
    table = Table(rows, colWidths=[num_w, width - num_w - 2 * count_w, count_w, count_w], repeatRows=1)
    pad = st.size * 0.18
    table.setStyle(TableStyle([
        L.TABLE_FACE,
        ("GRID", (0, 0), (-1, -1), 0.4, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    table.spaceAfter = st.size * 0.35
    return table


def _qr(payload: str) -> QrCode | None:
    """The receipt QR, or None when there is no payload or it would not fit legibly (≥ 3 dots/module).

    The payload comes from domain.receipt_qr (~50 characters); a receipt must still print if it is
    missing, the Code 128 and the printed code remain.
    """
    text = payload.strip()
    if not text:
        return None
    try:
        qr = fit_qr(text, QR_MAX)
    except segno.DataOverflowError:
        return None
    return qr if qr.dots_per_module >= 3 else None


def _counts(doc: DocumentLine) -> str:
    """"01 bản chính, 02 bản sao" (only the kinds handed in)."""
    parts = [f"{W.two_digits(doc.originals)} bản chính" if doc.originals else "",
             f"{W.two_digits(doc.copies)} bản sao" if doc.copies else ""]
    return ", ".join(p for p in parts if p)


def _documents_list(docs: tuple[DocumentLine, ...], st: L.Styles) -> list[Flowable]:
    """The numbered list of the circular's own layout: denser than the table, used at small sizes."""
    if not docs:
        return [Paragraph("(Không có)", st.body)]
    items: list[Flowable] = []
    for i, doc in enumerate(docs, start=1):
        counts = _counts(doc)
        items.append(Paragraph(f"{i}) {W.esc(doc.name)}{f' ({counts})' if counts else ''}.", st.item))
    return items


def _body(data: ReceiptData, width: float) -> Callable[[L.Styles], list[Flowable]]:
    """Everything under the barcode band, at the largest size that fits the page.

    The QR sits between the two signature blocks, in room the signatures leave empty anyway.
    """
    qr = _qr(data.qr_payload)

    def make(st: L.Styles) -> list[Flowable]:
        story: list[Flowable] = [
            L.field_line("Bộ phận Tiếp nhận và Trả kết quả:", data.office.office_name, st),
            L.field_line("Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức:", data.applicant_name, st, bold=True),
            L.field_line("Số định danh cá nhân/tổ chức:", data.applicant_id_number, st),
            L.field_line("Địa chỉ:", data.applicant_address, st),
            Paragraph(f"Số điện thoại: {W.esc(data.applicant_phone)}&nbsp;&nbsp;&nbsp; "
                      f"Email: {W.esc(data.applicant_email)}", st.body),
        ]
        rep = data.representative
        if rep is not None:
            story.append(Paragraph(
                f"Người được ủy quyền: <b>{W.esc(rep.name)}</b>; Số định danh cá nhân: {W.esc(rep.id_number)}; "
                f"Địa chỉ: {W.esc(rep.address)}; Số điện thoại: {W.esc(rep.phone)}; Email: {W.esc(rep.email)}; "
                f"Văn bản ủy quyền: {W.esc(rep.authorisation)}.", st.body))
        story += [
            L.field_line("Nội dung yêu cầu giải quyết:", data.procedure_name, st, bold=True),
            Paragraph("1. Thành phần hồ sơ nộp gồm:", st.body),
            *([_documents_table(data.documents, st, width)] if st.size >= TABLE_MIN_SIZE
              else _documents_list(data.documents, st)),
            Paragraph(f"2. Số lượng hồ sơ: {W.two_digits(data.sets)} (bộ)", st.body),
            L.field_line("3. Thời gian giải quyết hồ sơ theo quy định là:", data.legal_duration_text, st),
            Paragraph(f"4. Thời gian nhận hồ sơ: {W.vn_datetime(data.received_at)}", st.body),
        ]
        due = (f"<b>{W.vn_datetime(data.due_at)}</b>" if data.due_at is not None
               else "<b>trả kết quả ngay khi giải quyết xong trong ngày</b>")
        story.append(Paragraph(f"5. Thời gian trả kết quả giải quyết hồ sơ: {due}", st.body))
        if W.clean(data.due_explanation):
            story.append(Paragraph(f"({W.esc(data.due_explanation)})", st.italic))
        if data.rescheduled_due_at is not None:  # beside the promised date, never instead of it
            story.append(Paragraph(f"Hẹn lại: <b>{W.vn_datetime(data.rescheduled_due_at)}</b> "
                                   "(theo Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết)", st.body))
        story.append(L.field_line("6. Đăng ký nhận kết quả tại:", data.delivery_text, st))
        if data.fee_exempt:
            story.append(Paragraph(f"Phí, lệ phí: <b>miễn</b> ({W.esc(data.fee_detail)})", st.body))
        elif data.fee > 0:
            detail = f" ({W.esc(data.fee_detail)})" if data.fee_detail else ""
            story.append(Paragraph(f"Phí, lệ phí: <b>{W.vn_money(data.fee)}</b>{detail}", st.body))
        number = str(data.log_number) if data.log_number is not None else "……"
        story.append(Paragraph(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {W.esc(data.log_book, '……')}&nbsp;&nbsp; Số thứ tự: {number}",
            st.body))
        submitter = data.representative.name if data.representative is not None else data.applicant_name
        qr_col = qr.size + 4 if qr is not None else width * 0.1
        side = (width - qr_col) / 2
        sig = L.signatures(
            [L.Signature("Người nộp hồ sơ", name=submitter),
             [SymbolFlowable(qr, qr_col)] if qr is not None else None,
             L.Signature("Người tiếp nhận hồ sơ", name=data.clerk_name)],
            width, st, space=st.size * 3.4, widths=[side, qr_col, side])
        sig.spaceBefore = st.size * 0.3
        story.append(sig)
        return story

    return make


def _band(canvas: Canvas, data: ReceiptData, top: float, st: L.Styles) -> float:
    """"Mã hồ sơ" and its Code 128, centred; returns the y under the band."""
    code = W.clean(data.dossier_code)
    label = f"Mã hồ sơ: {code}"
    size = L.fit_font_size(label, L.BOLD, SHEET.width, st.size * 1.15)
    mid = SHEET.left + SHEET.width / 2
    canvas.setFont(L.BOLD, size)
    label_y = top - size * 1.1
    canvas.drawCentredString(mid, label_y, label)
    bar: Code128 | None = fit_code128(code, SHEET.width, BAR_HEIGHT) if code.isascii() and code else None
    if bar is None:
        return float(label_y - size * 0.8)
    bar_y = label_y - size * 0.5 - bar.total_height
    bar.draw(canvas, mid - bar.width / 2, bar_y)
    return float(bar_y - 1.5 * mm)


def render_receipt(data: ReceiptData) -> bytes:
    """Two A5 pages, one per copy; identical except for the copy line."""
    make = _body(data, SHEET.width)
    header_st = L.styles(HEADER_SIZE)
    body: list[Flowable] | None = None

    def page(copy_label: str) -> Callable[[Canvas], None]:
        def paint(canvas: Canvas) -> None:
            nonlocal body
            y = L.draw_header(canvas, SHEET, parent_name=data.office.parent_name,
                              office_name=data.office.office_name, number_label=data.number_label,
                              place=data.office.place_name, issued_at=data.received_at, form_no=FORM_NO,
                              size=HEADER_SIZE)
            title_size = L.fit_font_size(TITLE, L.BOLD, SHEET.width, 11.5)
            canvas.setFont(L.BOLD, title_size)
            y -= title_size * 1.2
            canvas.drawCentredString(SHEET.left + SHEET.width / 2, y, TITLE)
            canvas.setFont(L.ITALIC, HEADER_SIZE)
            y -= HEADER_SIZE * 1.4
            canvas.drawCentredString(SHEET.left + SHEET.width / 2, y, copy_label)
            y = _band(canvas, data, y - HEADER_SIZE * 0.5, header_st)
            if body is None:
                body = L.fit_story(make, SHEET.width, y - SHEET.bottom, BODY_SIZES)
            L.draw_story(canvas, body, SHEET.left, y, SHEET.width)

        return paint

    return L.render(SHEET, TITLE, f"Mẫu số {FORM_NO} - {W.clean(data.dossier_code)}",
                    [page(label) for label in COPIES])
