"""Every form renders, stays on one sheet, shows its form number and extracts as NFC Vietnamese."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime

import pytest

from counterdesk.domain.clock import VN_TZ
from counterdesk.printing import samples
from counterdesk.printing.apology import render_apology
from counterdesk.printing.control_sheet import render_control_sheet
from counterdesk.printing.forms_data import HandoverRow
from counterdesk.printing.rasterise import page_count
from counterdesk.printing.receipt import render_receipt
from counterdesk.printing.refusal import render_refusal
from counterdesk.printing.return_slip import render_return_slip, timeliness
from counterdesk.printing.supplement import render_supplement
from counterdesk.printing.withdrawal import render_withdrawal
from tests.unit.printing.conftest import is_nfc, pdf_pages_text

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

CASES = [
    ("supplement", lambda: render_supplement(samples.supplement()), "Mẫu số 02",
     ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "1. Bổ sung Giấy chứng sinh bản chính",
      "2. Ghi đầy đủ nơi sinh", "NGƯỜI HƯỚNG DẪN", "Lý do: Hồ sơ chưa có Giấy chứng sinh",
      "số điện thoại 028 3822 1234 để được hướng dẫn./.", "Số: 37/PBS-TTPVHCC"]),
    ("refusal", lambda: render_refusal(samples.refusal()), "Mẫu số 03",
     ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ (nếu có):", "Đăng ký kết hôn",
      "một bên là người nước ngoài", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Văn Bình"]),
    ("apology", lambda: render_apology(samples.apology()), "Mẫu số 04",
     ["PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Kính gửi:",
      "09 giờ 15 phút, ngày 27 tháng 11 năm 2026", "16 giờ 00 phút, ngày 02 tháng 12 năm 2026",
      "Lý do: Cần xác minh thông tin nơi sinh", "GIÁM ĐỐC", "Trần Thị Thu Hà", samples.SAMPLE_CODE]),
    ("withdrawal", lambda: render_withdrawal(samples.withdrawal()), "Mẫu số 05",
     ["THÔNG BÁO", "Về việc dừng giải quyết hồ sơ", "10 giờ 30 phút, ngày 24 tháng 11 năm 2026",
      "Gia đình chuyển nơi cư trú", "Toàn bộ thành phần hồ sơ đã nộp", "GIÁM ĐỐC", "Trần Thị Thu Hà"]),
    ("control_sheet", lambda: render_control_sheet(samples.control_sheet()), "Mẫu số 06",
     ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "TÊN ĐƠN VỊ", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
      "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ", "1. Giao: Bộ phận Tiếp nhận và Trả kết quả",
      "2. Nhận: Công chức Tư pháp - Hộ tịch", "Đúng hạn", "Trước hạn", "Quá hạn",
      "10 giờ 00 phút, ngày 20/11/2026", "Bệnh viện Từ Dũ", samples.SAMPLE_CODE]),
    ("return_slip", lambda: render_return_slip(samples.return_slip()), None,
     ["PHIẾU XÁC NHẬN TRẢ KẾT QUẢ", "NGƯỜI NHẬN KẾT QUẢ", "NGƯỜI TRẢ KẾT QUẢ",
      "Nhận trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả", "08 giờ 40 phút, ngày 27 tháng 11 năm 2026",
      "079186001234", "Giấy khai sinh (bản chính)"]),
]


@pytest.mark.parametrize(("name", "render", "form_no", "expected"), CASES, ids=[c[0] for c in CASES])
def test_form_renders_one_page_with_its_strings(name, render, form_no, expected) -> None:  # type: ignore[no-untyped-def]
    pdf = render()
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    text = pdf_pages_text(pdf)[0]
    assert is_nfc(text)
    for needle in [NATION, MOTTO, "UBND PHƯỜNG BẾN NGHÉ", *expected]:
        assert unicodedata.normalize("NFC", needle) in text, (name, needle)
    if form_no:
        assert form_no in text
    else:
        assert "Mẫu số" not in text


def test_receipt_two_copies_with_all_fields() -> None:
    data = samples.receipt()
    pdf = render_receipt(data)
    pages = pdf_pages_text(pdf)
    assert len(pages) == 2
    assert "(Liên 1: Lưu)" in pages[0] and "(Liên 2: Giao người nộp hồ sơ)" in pages[1]
    for text in pages:
        assert is_nfc(text)
        for needle in [
            "Mẫu số 01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", NATION, MOTTO, "Số: 125/TTPVHCC",
            "Bến Nghé, ngày 20 tháng 11 năm 2026", f"Mã hồ sơ: {samples.SAMPLE_CODE}",
            "Nguyễn Thị Ánh Tuyết", "079186001234", "12 Nguyễn Huệ", "0903 123 456", "anhtuyet@example.vn",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh", "1. Thành phần hồ sơ nộp gồm:",
            "Giấy chứng sinh", "Bản chính", "Bản sao", "2. Số lượng hồ sơ: 01 (bộ)",
            "3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
            "4. Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 20 tháng 11 năm 2026",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 15 phút, ngày 27 tháng 11 năm 2026",
            "không tính thứ Bảy, Chủ nhật", "6. Đăng ký nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả",
            "Quyển số: 01/2026", "Số thứ tự: 1245", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Văn Bình",
        ]:
            assert needle in text, needle
        assert "Phí, lệ phí" not in text  # no fee, no line


def test_receipt_worst_case_is_one_page_per_copy_and_keeps_everything() -> None:
    data = samples.worst_receipt()
    pdf = render_receipt(data)
    pages = pdf_pages_text(pdf)
    assert len(pages) == 2
    for text in pages:
        for needle in ["Người được ủy quyền", "Tôn Nữ Thị Huyền Trang Nguyễn Phước", "1.250.000 đồng",
                       "Số thứ tự: 123456", "Nguyễn Thị Hoàng Phương Thảo", "02 (bộ)",
                       "ngày 05 tháng 01 năm 2026", "08 giờ 00 phút, ngày 24 tháng 02 năm 2026"]:
            assert needle in text, needle
        for doc in data.documents:
            assert doc.name in text, doc.name


def test_receipt_without_due_date_or_documents() -> None:
    data = replace(samples.receipt(), due_at=None, documents=(), due_explanation="", log_number=None, log_book="")
    text = pdf_pages_text(render_receipt(data))[0]
    assert "trả kết quả ngay" in text
    assert "(Không có)" in text
    assert "Quyển số: ……" in text


def test_control_sheet_spills_onto_more_pages_with_header_row_repeated() -> None:
    pdf = render_control_sheet(samples.control_sheet(rows=20))
    pages = pdf_pages_text(pdf)
    assert len(pages) >= 2
    assert all("TÊN ĐƠN VỊ" in text for text in pages)
    assert f"Mã hồ sơ: {samples.SAMPLE_CODE}" in pages[1]
    assert "39. Giao:" in " ".join(pages) and "40. Nhận:" in " ".join(pages)


def test_control_sheet_prints_blank_rows_for_hand_completion() -> None:
    data = replace(samples.control_sheet(), rows=(), due_at=None)
    text = pdf_pages_text(render_control_sheet(data))[0]
    assert "7. Giao:" in text and "8. Nhận:" in text
    assert "Hẹn trả kết quả vào: … giờ … phút" in text


def test_return_slip_by_post_shows_tracking_and_lateness() -> None:
    late = datetime(2026, 11, 28, 9, 0, tzinfo=VN_TZ)
    data = replace(samples.return_slip(), delivery="post", postal_reference="EN123456789VN", returned_at=late,
                   outcome="late")
    text = pdf_pages_text(render_return_slip(data))[0]
    assert "Gửi qua dịch vụ bưu chính công ích (số vận đơn: EN123456789VN)" in text
    assert "(quá hạn)" in text


def test_timeliness_is_the_dossier_classification() -> None:
    """The slip prints the dossier's classification (end of processing vs the judged due moment),
    not a comparison of the hand-over moment: a result finished late but collected "early" is late."""
    base = samples.return_slip()  # due 27/11 09:15
    early_pickup = replace(base, returned_at=datetime(2026, 11, 26, 16, 0, tzinfo=VN_TZ))
    assert timeliness(replace(early_pickup, outcome="late")) == "Quá hạn"
    assert timeliness(replace(base, outcome="early")) == "Trước hạn"
    assert timeliness(replace(base, outcome="on_time")) == "Đúng hạn"
    assert timeliness(replace(base, due_at=None, outcome="on_time")) == ""


def test_handover_rows_are_plain_frozen_data() -> None:
    row = HandoverRow(giver_unit="A", receiver_unit="B", at=samples.RECEIVED)
    with pytest.raises(AttributeError):
        row.giver_unit = "C"  # type: ignore[misc]


def test_nfd_input_prints_as_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    data = replace(samples.refusal(), applicant_name=nfd)
    text = pdf_pages_text(render_refusal(data))[0]
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert is_nfc(text)


def test_utc_moments_print_in_vietnam_time() -> None:
    from datetime import UTC

    data = replace(samples.receipt(), received_at=datetime(2026, 11, 20, 2, 15, tzinfo=UTC))
    assert "09 giờ 15 phút, ngày 20 tháng 11 năm 2026" in pdf_pages_text(render_receipt(data))[0]


@pytest.mark.parametrize("payload", ["", "   ", "X" * 3000, "Q" * 400])
def test_receipt_prints_without_a_usable_qr_payload(payload: str) -> None:
    text = pdf_pages_text(render_receipt(replace(samples.receipt(), qr_payload=payload)))[0]
    assert f"Mã hồ sơ: {samples.SAMPLE_CODE}" in text


def test_receipt_with_a_code_too_long_for_code128_still_prints_it() -> None:
    code = "000.17.22.H56.ABCDEFGHIJKLMNOPQRSTUVWXY-261120-00012345"
    text = pdf_pages_text(render_receipt(samples.receipt(code)))[0]
    assert f"Mã hồ sơ: {code}" in text


def test_render_form_dispatches_every_form() -> None:
    from counterdesk.printing.forms import form_title, render_form

    all_data = [samples.receipt(), samples.supplement(), samples.refusal(), samples.apology(),
                samples.withdrawal(), samples.control_sheet(), samples.return_slip()]
    numbers = []
    for data in all_data:
        text = " ".join(pdf_pages_text(render_form(data)))
        numbers.append(form_title(data).split(" - ")[0])
        assert form_title(data).split(" - ")[0].upper() in text.upper()
    assert numbers == ["Mẫu số 01", "Mẫu số 02", "Mẫu số 03", "Mẫu số 04", "Mẫu số 05", "Mẫu số 06",
                       "Phiếu xác nhận trả kết quả"]
    with pytest.raises(TypeError):
        render_form(samples.OFFICE)  # type: ignore[arg-type]
