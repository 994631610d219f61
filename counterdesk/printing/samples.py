"""Realistic sample data for every form: used by tests, the benchmark and the settings preview.

The worst-case receipt (ten documents, very long names and addresses, a representative, a fee)
is the one the one-page guarantee is tested against.
"""

from __future__ import annotations

from datetime import datetime

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.receipt_qr import payload
from counterdesk.printing.forms_data import (
    ApologyData,
    ControlSheetData,
    DocumentLine,
    HandoverRow,
    OfficeHeader,
    ReceiptData,
    RefusalData,
    Representative,
    ReturnSlipData,
    SupplementData,
    WithdrawalData,
)

SAMPLE_CODE = "000.00.23.H12-261120-0001"
SAMPLE_SECRET = "sample-secret"

OFFICE = OfficeHeader(
    parent_name="UBND phường Bến Nghé",
    office_name="Trung tâm Phục vụ hành chính công",
    place_name="Bến Nghé",
    address="29 Lê Duẩn, phường Bến Nghé, Thành phố Hồ Chí Minh",
    phone="028 3822 1234",
    head_title="Giám đốc",
    head_name="Trần Thị Thu Hà",
)

RECEIVED = datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ)
DUE = datetime(2026, 11, 27, 9, 15, tzinfo=VN_TZ)


def receipt(code: str = SAMPLE_CODE) -> ReceiptData:
    """A typical birth-registration receipt."""
    return ReceiptData(
        office=OFFICE,
        dossier_code=code,
        number_label="125/TTPVHCC",
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_id_number="079186001234",
        applicant_address="12 Nguyễn Huệ, phường Bến Nghé, Thành phố Hồ Chí Minh",
        applicant_phone="0903 123 456",
        applicant_email="anhtuyet@example.vn",
        procedure_name="Đăng ký khai sinh",
        documents=(
            DocumentLine(name="Tờ khai đăng ký khai sinh theo mẫu", originals=1),
            DocumentLine(name="Giấy chứng sinh", originals=1),
            DocumentLine(name="Giấy tờ tùy thân của người đi đăng ký", copies=1),
        ),
        sets=1,
        legal_duration_text="05 ngày làm việc",
        received_at=RECEIVED,
        due_at=DUE,
        due_explanation="05 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ, không tính thứ Bảy, Chủ nhật",
        delivery_text="Bộ phận Tiếp nhận và Trả kết quả",
        fee=0,
        clerk_name="Lê Văn Bình",
        log_book="01/2026",
        log_number=1245,
        qr_payload=payload(code, SAMPLE_SECRET),
    )


LONG_NAME = "Công ty Trách nhiệm hữu hạn Thương mại Dịch vụ Xuất nhập khẩu Nguyễn Hoàng Phượng Vĩ Đông Nam Á"
LONG_ADDRESS = (
    "Căn hộ số 1208, tầng 12, tòa nhà Sài Gòn Royal Residence, số 34-35 đường Bến Vân Đồn, "
    "khu phố 7, phường Khánh Hội, Thành phố Hồ Chí Minh, Việt Nam"
)


def worst_receipt(code: str = SAMPLE_CODE) -> ReceiptData:
    """Ten documents, long names everywhere, a representative and a fee: still one page per copy."""
    base = receipt(code)
    names = (
        "Phiếu yêu cầu chứng thực hợp đồng, giao dịch (Mẫu số 52/PYC ban hành kèm theo Thông tư 01/2020/TT-BTP)",
        "Dự thảo hợp đồng chuyển nhượng quyền sử dụng đất và tài sản gắn liền với đất đã được các bên ký kết",
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất (bản chính)",
        "Căn cước của bên chuyển nhượng và của vợ hoặc chồng của bên chuyển nhượng (xuất trình bản chính)",
        "Căn cước của bên nhận chuyển nhượng và của vợ hoặc chồng của bên nhận chuyển nhượng",
        "Giấy chứng nhận kết hôn hoặc giấy xác nhận tình trạng hôn nhân của các bên tham gia giao dịch",
        "Văn bản thỏa thuận tài sản riêng của vợ, chồng hoặc văn bản cam kết tài sản riêng (nếu có)",
        "Giấy ủy quyền có chứng thực của người được ủy quyền thực hiện thủ tục thay cho các bên giao dịch",
        "Trích lục bản đồ địa chính hoặc sơ đồ thửa đất do Văn phòng đăng ký đất đai chi nhánh cung cấp",
        "Biên lai thu phí chứng thực và các khoản nghĩa vụ tài chính khác có liên quan theo quy định",
    )
    docs = tuple(DocumentLine(name=name, originals=i % 3, copies=1 + i % 2) for i, name in enumerate(names, start=1))
    return ReceiptData(
        office=OfficeHeader(
            parent_name="Ủy ban nhân dân phường Khánh Hội, Thành phố Hồ Chí Minh",
            office_name="Trung tâm Phục vụ hành chính công phường Khánh Hội",
            place_name="Khánh Hội",
            head_title="Giám đốc",
            head_name="Phạm Nguyễn Hoàng Khánh Linh",
        ),
        dossier_code=code,
        number_label="12345/TTPVHCC (BPTNTKQ)",
        applicant_name=LONG_NAME,
        applicant_id_number="079186001234",
        applicant_address=LONG_ADDRESS,
        applicant_phone="0903 123 456 - 028 3822 9999",
        applicant_email="phong.phaply.xuatnhapkhau.dongnama@congty-nguyenhoangphuongvi.com.vn",
        representative=Representative(
            name="Tôn Nữ Thị Huyền Trang Nguyễn Phước",
            id_number="046190009876",
            phone="0912 345 678",
            address=LONG_ADDRESS,
            email="huyentrang@example.vn",
            authorisation="Giấy ủy quyền số 125/2026/GUQ-CTY ngày 15 tháng 11 năm 2026 của Giám đốc công ty",
        ),
        procedure_name=(
            "Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, "
            "nhà ở và tài sản gắn liền với đất (áp dụng cho cả trường hợp chứng thực văn bản thỏa thuận)"
        ),
        documents=docs,
        sets=2,
        legal_duration_text="02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (có thể kéo dài theo thỏa thuận)",
        received_at=datetime(2026, 1, 5, 15, 59, tzinfo=VN_TZ),
        due_at=datetime(2026, 2, 24, 8, 0, tzinfo=VN_TZ),
        due_explanation=(
            "Hồ sơ nhận sau 15 giờ 00 được tính từ ngày làm việc tiếp theo; không tính thứ Bảy, Chủ nhật và "
            "các ngày nghỉ Tết Nguyên đán Bính Ngọ từ 14/02/2026 đến 22/02/2026 theo lịch nghỉ chính thức"
        ),
        delivery_text="Nhận qua dịch vụ bưu chính công ích tại địa chỉ: " + LONG_ADDRESS,
        fee=1_250_000,
        clerk_name="Nguyễn Thị Hoàng Phương Thảo",
        log_book="03/2026",
        log_number=123456,
        qr_payload=base.qr_payload,
    )


def supplement() -> SupplementData:
    return SupplementData(
        office=OFFICE,
        number_label="37/PBS-TTPVHCC",
        dossier_code=SAMPLE_CODE,
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_address="12 Nguyễn Huệ, phường Bến Nghé, Thành phố Hồ Chí Minh",
        applicant_phone="0903 123 456",
        applicant_email="anhtuyet@example.vn",
        procedure_name="Đăng ký khai sinh",
        items=(
            "Bổ sung Giấy chứng sinh bản chính",
            "Ghi đầy đủ nơi sinh trong Tờ khai đăng ký khai sinh",
        ),
        reason="Hồ sơ chưa có Giấy chứng sinh; Tờ khai còn thiếu thông tin nơi sinh",
        contact_name="Lê Văn Bình",
        contact_phone="028 3822 1234",
        guide_name="Lê Văn Bình",
        issued_at=RECEIVED,
    )


def refusal() -> RefusalData:
    return RefusalData(
        office=OFFICE,
        number_label="08/PTC-TTPVHCC",
        dossier_code="",
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_id_number="079186001234",
        applicant_address="12 Nguyễn Huệ, phường Bến Nghé, Thành phố Hồ Chí Minh",
        applicant_phone="0903 123 456",
        procedure_name="Đăng ký kết hôn",
        reason="Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường (một bên là người nước ngoài)",
        clerk_name="Lê Văn Bình",
        issued_at=RECEIVED,
    )


def apology() -> ApologyData:
    return ApologyData(
        office=OFFICE,
        number_label="03/PXL",
        dossier_code=SAMPLE_CODE,
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_id_number="079186001234",
        procedure_name="Đăng ký khai sinh",
        received_at=RECEIVED,
        original_due_at=DUE,
        reason="Cần xác minh thông tin nơi sinh với Bệnh viện Từ Dũ",
        new_due_at=datetime(2026, 12, 2, 16, 0, tzinfo=VN_TZ),
        issued_at=datetime(2026, 11, 26, 14, 0, tzinfo=VN_TZ),
    )


def withdrawal() -> WithdrawalData:
    return WithdrawalData(
        office=OFFICE,
        number_label="02/TB-TTPVHCC",
        dossier_code=SAMPLE_CODE,
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_id_number="079186001234",
        applicant_address="12 Nguyễn Huệ, phường Bến Nghé, Thành phố Hồ Chí Minh",
        procedure_name="Đăng ký khai sinh",
        received_at=RECEIVED,
        requested_at=datetime(2026, 11, 24, 10, 30, tzinfo=VN_TZ),
        reason="Gia đình chuyển nơi cư trú, đăng ký tại nơi mới",
        returned_documents="Toàn bộ thành phần hồ sơ đã nộp",
        issued_at=datetime(2026, 11, 24, 10, 45, tzinfo=VN_TZ),
    )


def control_sheet(rows: int = 4) -> ControlSheetData:
    steps = [
        ("Bộ phận Tiếp nhận và Trả kết quả", "Công chức Tư pháp - Hộ tịch"),
        ("Công chức Tư pháp - Hộ tịch", "Lãnh đạo UBND phường"),
        ("Lãnh đạo UBND phường", "Công chức Tư pháp - Hộ tịch"),
        ("Công chức Tư pháp - Hộ tịch", "Bộ phận Tiếp nhận và Trả kết quả"),
    ]
    results = ("on_time", "early", "on_time", "late")
    # each side named as it was: the leader signs as giver on the leader's own hand-back
    people = [("Lê Văn Bình", "Phạm Minh Đức"), ("Phạm Minh Đức", "Nguyễn Văn Minh"),
              ("Nguyễn Văn Minh", "Phạm Minh Đức"), ("Phạm Minh Đức", "Lê Văn Bình")]
    made = tuple(
        HandoverRow(
            giver_unit=steps[i % 4][0],
            receiver_unit=steps[i % 4][1],
            at=datetime(2026, 11, 20 + i % 7, 10 + i % 6, 5 * (i % 12), tzinfo=VN_TZ),
            result=results[i % 4],  # type: ignore[arg-type]
            note="Hồ sơ đầy đủ" if i == 0 else "",
            giver_name=people[i % 4][0],
            receiver_name=people[i % 4][1],
        )
        for i in range(rows)
    )
    return ControlSheetData(
        office=OFFICE,
        number_label="125/PKS-TTPVHCC",
        dossier_code=SAMPLE_CODE,
        applicant_name="Nguyễn Thị Ánh Tuyết",
        procedure_name="Đăng ký khai sinh",
        handling_unit="Công chức Tư pháp - Hộ tịch, UBND phường Bến Nghé",
        coordinating_units="Bệnh viện Từ Dũ",
        received_at=RECEIVED,
        due_at=DUE,
        rows=made,
    )


def return_slip() -> ReturnSlipData:
    return ReturnSlipData(
        office=OFFICE,
        number_label="125/PTKQ",
        dossier_code=SAMPLE_CODE,
        applicant_name="Nguyễn Thị Ánh Tuyết",
        procedure_name="Đăng ký khai sinh",
        result_text="Giấy khai sinh (bản chính) và 02 bản sao trích lục khai sinh",
        receiver_name="Nguyễn Thị Ánh Tuyết",
        receiver_id_number="079186001234",
        delivery="counter",
        received_at=RECEIVED,
        due_at=DUE,
        returned_at=datetime(2026, 11, 27, 8, 40, tzinfo=VN_TZ),
        clerk_name="Lê Văn Bình",
    )
