"""Plain data for the official forms (TT 03/2025/TT-VPCP Phụ lục I) and the return slip.

Services build these from the ORM rows; the renderers turn them into PDF bytes. Keeping the
boundary to frozen dataclasses means printing never imports Qt or SQLAlchemy and can be tested
(and benchmarked) without a database. All fields are keyword-only so new optional fields can be
added without breaking callers. Datetimes should be aware (naive ones are taken as Vietnam time);
they are printed in Vietnam time. Strings are NFC-normalised by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

# Result column of the control sheet (Mẫu 06), entered by the receiving side at hand-over.
HandoverResult = Literal["", "early", "on_time", "late"]
HANDOVER_RESULT_LABELS: Final[dict[str, str]] = {
    "": "",
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
}

# How the result is returned (Dossier.delivery).
Delivery = Literal["counter", "post"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeHeader:
    """Who issues the form: printed in the left header block, the place line and the head's signature."""

    parent_name: str  # đơn vị chủ quản, e.g. "UBND PHƯỜNG BẾN NGHÉ"
    office_name: str  # e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place_name: str  # e.g. "Bến Nghé" → "Bến Nghé, ngày 20 tháng 11 năm 2026"
    address: str = ""
    phone: str = ""
    head_title: str = "GIÁM ĐỐC"
    head_name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentLine:
    """One item of "Thành phần hồ sơ" with the number of originals and copies handed in."""

    name: str
    originals: int = 0  # bản chính
    copies: int = 0  # bản sao


@dataclass(frozen=True, slots=True, kw_only=True)
class Representative:
    """The authorised person who files on the applicant's behalf (TT 03/2025 wording)."""

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    authorisation: str = ""  # văn bản ủy quyền, e.g. "Giấy ủy quyền số 12/UQ ngày 01/11/2026"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptData:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (two copies: Lưu / Giao người nộp)."""

    office: OfficeHeader
    dossier_code: str  # Mã hồ sơ; also the Code 128 content
    number_label: str  # "Số: …", e.g. "125/TTPVHCC"
    applicant_name: str
    applicant_id_number: str = ""  # số định danh cá nhân/tổ chức
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    representative: Representative | None = None
    procedure_name: str  # nội dung yêu cầu giải quyết
    documents: tuple[DocumentLine, ...] = ()
    sets: int = 1  # số lượng hồ sơ (bộ)
    legal_duration_text: str = ""  # "05 ngày làm việc"
    received_at: datetime
    due_at: datetime | None = None  # the appointment promised at intake; None: result handed over immediately
    rescheduled_due_at: datetime | None = None  # a new date given with an apology (Mẫu 04), printed beside it
    due_explanation: str = ""  # how the due date was computed (weekends, holidays, cut-off)
    delivery_text: str = "Bộ phận Tiếp nhận và Trả kết quả"  # đăng ký nhận kết quả tại
    fee: int = 0  # VND; 0 prints nothing (unless exempt)
    fee_detail: str = ""  # how the fee was reached ("5 trang × 2 bản"), or the exemption's reason
    fee_exempt: bool = False
    clerk_name: str = ""
    log_book: str = ""  # Quyển số (sổ theo dõi hồ sơ)
    log_number: int | None = None  # Số thứ tự
    qr_payload: str  # domain.receipt_qr.payload(code, secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementData:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    office: OfficeHeader
    number_label: str
    dossier_code: str = ""
    applicant_name: str
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    procedure_name: str
    items: tuple[str, ...]  # what must be supplied or corrected, one per line
    reason: str = ""
    contact_name: str = ""  # whom to ask while completing the dossier
    contact_phone: str = ""
    guide_name: str = ""  # NGƯỜI HƯỚNG DẪN (the clerk)
    issued_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RefusalData:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    office: OfficeHeader
    number_label: str
    dossier_code: str = ""  # "Mã hồ sơ (nếu có)"
    applicant_name: str
    applicant_id_number: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    procedure_name: str
    reason: str
    clerk_name: str = ""
    issued_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ApologyData:
    """Mẫu 04 — Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết; signed by the office head."""

    office: OfficeHeader
    number_label: str
    dossier_code: str
    applicant_name: str
    applicant_id_number: str = ""
    procedure_name: str
    received_at: datetime
    original_due_at: datetime
    reason: str
    new_due_at: datetime
    issued_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawalData:
    """Mẫu 05 — Thông báo dừng giải quyết hồ sơ (the applicant withdrew the dossier)."""

    office: OfficeHeader
    number_label: str
    dossier_code: str
    applicant_name: str
    applicant_id_number: str = ""
    applicant_address: str = ""
    procedure_name: str
    received_at: datetime
    requested_at: datetime  # when the applicant asked to withdraw
    reason: str = ""  # the applicant's stated reason, if any
    returned_documents: str = ""  # what was handed back, e.g. "Toàn bộ thành phần hồ sơ đã nộp"
    signer_title: str = ""  # empty: the office head (OfficeHeader.head_title / head_name)
    signer_name: str = ""
    issued_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverRow:
    """One hand-over line of the control sheet: "1. Giao: … / 2. Nhận: …" at a moment."""

    giver_unit: str
    receiver_unit: str
    at: datetime
    result: HandoverResult = ""
    note: str = ""
    giver_name: str = ""
    receiver_name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlSheetData:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (A4)."""

    office: OfficeHeader
    number_label: str = ""
    dossier_code: str
    applicant_name: str = ""
    procedure_name: str = ""
    handling_unit: str  # cơ quan (bộ phận) giải quyết hồ sơ
    coordinating_units: str = ""  # cơ quan phối hợp giải quyết hồ sơ
    received_at: datetime
    due_at: datetime | None = None  # the appointment promised at intake
    rescheduled_due_at: datetime | None = None  # a new date given with an apology, printed beside it
    rows: tuple[HandoverRow, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnSlipData:
    """Phiếu xác nhận trả kết quả: who took the result, how, and when."""

    office: OfficeHeader
    number_label: str = ""
    dossier_code: str
    applicant_name: str
    procedure_name: str
    result_text: str = ""  # the document issued, e.g. "Giấy khai sinh (bản chính)"
    receiver_name: str
    receiver_id_number: str = ""
    delivery: Delivery = "counter"
    postal_reference: str = ""  # số vận đơn when sent by post
    received_at: datetime | None = None
    due_at: datetime | None = None
    outcome: str = ""  # early|on_time|late: the dossier's classification (domain/classification.py)
    returned_at: datetime
    clerk_name: str = ""
