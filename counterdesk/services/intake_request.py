"""What the counter hands to intake: the request as typed or scanned, the views the form shows,
and the request's validation — pure, no database, so the form can check on every keystroke and
services/intake.py (the writes) refuses with the same messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counterdesk.domain import fees
from counterdesk.domain.citizen_id import (
    check_id,
    clean_id,
    normalise_email,
    normalise_gender,
    normalise_phone,
)
from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.status import CLOSED_WITHOUT_RESULT
from counterdesk.domain.text import fold, has_control_chars, nfc

DELIVERIES = ("counter", "post")
CHANNELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
# Dossiers that do not count when asking "did this person already file this today?"
NOT_DUPLICATES = CLOSED_WITHOUT_RESULT


@dataclass(frozen=True, slots=True)
class ApplicantInput:
    """The citizen as typed or scanned; normalised and checked by :func:`validate`."""

    name: str
    id_number: str = ""
    birth_date: date | None = None
    gender: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True, slots=True)
class RepresentativeInput:
    """An authorised person filing for the applicant (TT 03/2025 Mẫu 01 wording)."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    authorisation: str = ""


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One paper handed in, with the number of originals and copies."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True, slots=True)
class IntakeRequest:
    procedure_code: str
    applicant: ApplicantInput
    documents: tuple[DocumentInput, ...] | None = None  # None: the procedure's required list
    representative: RepresentativeInput | None = None
    sets: int = 1
    fee: int | None = None  # None: computed from the procedure's fee rule
    pages: int = 0  # pages of one copy, for a per-page fee (0: not given, counted as 1)
    copies: int = 0  # copies issued, for per-page/per-copy fees (0: not given, counted as 1)
    fee_exemption: str = ""  # reason the citizen pays nothing (on-time registration, policy group…)
    delivery: str = "counter"
    channel: int = 1
    received_at: datetime | None = None  # None: now
    ticket_id: int | None = None
    complete_now: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class IntakeResult:
    dossier_id: int
    code: str
    status: int
    received_at: datetime
    due_at: datetime | None
    due_explanation: str
    procedure_code: str
    procedure_name: str
    applicant_id: int
    applicant_name: str
    ticket_id: int | None
    provisional_calendar: bool = False


@dataclass(frozen=True, slots=True)
class ApplicantView:
    """A returning applicant, for prefilling the form."""

    id: int
    name: str
    id_number: str
    birth_date: date | None
    gender: str
    phone: str
    email: str
    address: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    name: str
    originals: int
    copies: int
    required: bool


@dataclass(frozen=True, slots=True)
class ProcedureDetail:
    """What the form needs once a procedure is chosen."""

    id: int
    code: str
    name: str
    field_name: str
    unit: str
    duration_text: str
    fee: int
    fee_note: str
    documents: tuple[DocumentView, ...]
    fee_exemption: str = ""  # the procedure's usual exemption, offered to the clerk

    @property
    def immediate(self) -> bool:
        return self.unit == "same_day"


class DuplicateDossier(Conflict):
    """Same applicant, same procedure, same day: the clerk must confirm before a second dossier."""

    def __init__(self, message: str, codes: tuple[str, ...]) -> None:
        super().__init__(message, field="procedure")
        self.codes = codes


def duration_text(duration: Any, unit: str) -> str:
    """"03 ngày làm việc", "Trong ngày"… as printed on Mẫu 01 item 3."""
    value = float(duration or 0)
    number = f"{int(value):02d}" if value == int(value) else f"{value:g}".replace(".", ",")
    return {
        "working_days": f"{number} ngày làm việc",
        "working_hours": f"{number} giờ làm việc",
        "calendar_days": f"{number} ngày",
        "months": f"{number} tháng",
    }.get(unit, "Trong ngày")


# --------------------------------------------------------------------------- validation (pure)

def _text(value: str, limit: int, name: str, key: str, errors: dict[str, str], *, required: bool = False) -> str:
    clean = nfc(value)
    if has_control_chars(clean):
        errors[key] = f"{name} chứa ký tự không hợp lệ."
    elif required and not clean:
        errors[key] = f"Chưa nhập {name.lower()}."
    elif len(clean) > limit:
        errors[key] = f"{name} dài quá {limit} ký tự."
    return clean


def _applicant(a: ApplicantInput, errors: dict[str, str], prefix: str = "") -> ApplicantInput:
    name = _text(a.name, 150, "Họ và tên", f"{prefix}name", errors, required=True)
    if name and not any(ch.isalpha() for ch in name):
        errors[f"{prefix}name"] = "Họ và tên phải có chữ cái."
    address = _text(a.address, 300, "Địa chỉ", f"{prefix}address", errors)
    gender = ""
    try:
        gender = normalise_gender(a.gender)
    except InvalidInput as exc:
        errors[f"{prefix}gender"] = exc.message
    today = now_vn().date()
    if a.birth_date is not None and not date(1900, 1, 1) <= a.birth_date <= today:
        errors[f"{prefix}birth_date"] = "Ngày sinh không hợp lý."
    id_number = clean_id(a.id_number)
    if id_number:
        try:
            check_id(id_number, a.birth_date, gender)
        except InvalidInput as exc:
            errors[f"{prefix}id_number"] = exc.message
    phone = email = ""
    try:
        phone = normalise_phone(a.phone)
    except InvalidInput as exc:
        errors[f"{prefix}phone"] = exc.message
    try:
        email = normalise_email(a.email)
    except InvalidInput as exc:
        errors[f"{prefix}email"] = exc.message
    return ApplicantInput(name, id_number, a.birth_date, gender, phone, email, address)


def clean_request(request: IntakeRequest, *, require_id: bool = True) -> tuple[IntakeRequest, dict[str, str]]:
    """Normalise every field (NFC, phone and ID forms) and collect all errors, keyed by field.

    The form shows each message next to its field; the service refuses the first one. Pure: no
    database, so the form can call it on every keystroke if it wants.
    """
    errors: dict[str, str] = {}
    code = request.procedure_code.strip()
    if not code:
        errors["procedure"] = "Chưa chọn thủ tục."
    applicant = _applicant(request.applicant, errors)
    if require_id and not applicant.id_number and not errors.get("id_number"):
        errors["id_number"] = "Chưa nhập số định danh cá nhân."
    rep = request.representative
    if rep is not None:
        rep_errors: dict[str, str] = {}
        base = _applicant(ApplicantInput(rep.name, rep.id_number, None, "", rep.phone, rep.email, rep.address),
                          rep_errors, "rep_")
        errors.update(rep_errors)
        authorisation = _text(rep.authorisation, 300, "Văn bản ủy quyền", "rep_authorisation", errors)
        rep = RepresentativeInput(base.name, base.id_number, base.phone, base.email, base.address, authorisation)
    docs: tuple[DocumentInput, ...] | None = None
    if request.documents is not None:
        cleaned = []
        for d in request.documents:
            name = _text(d.name, 400, "Tên giấy tờ", "documents", errors, required=True)
            if not (0 <= d.originals <= 99 and 0 <= d.copies <= 99):
                errors["documents"] = f"Số bản của '{name[:40]}' phải từ 0 đến 99."
            cleaned.append(DocumentInput(name, d.originals, d.copies))
        docs = tuple(cleaned)
    if not 1 <= request.sets <= 99:
        errors["sets"] = "Số bộ hồ sơ phải từ 1 đến 99."
    if request.fee is not None and not 0 <= request.fee <= fees.MAX_AMOUNT:
        errors["fee"] = "Lệ phí phải từ 0 đến 100.000.000 đồng."
    if not 0 <= request.pages <= fees.MAX_PAGES:
        errors["pages"] = f"Số trang phải từ 0 đến {fees.MAX_PAGES}."
    if not 0 <= request.copies <= fees.MAX_COPIES:
        errors["copies"] = f"Số bản phải từ 0 đến {fees.MAX_COPIES}."
    exemption = _text(request.fee_exemption, 300, "Lý do miễn phí", "fee_exemption", errors)
    if request.delivery not in DELIVERIES:
        errors["delivery"] = "Nơi nhận kết quả phải là tại quầy hoặc qua bưu chính."
    if request.channel not in CHANNELS:
        errors["channel"] = "Kênh nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."
    note = _text(request.note, 2000, "Ghi chú", "note", errors)
    clean = IntakeRequest(
        procedure_code=code, applicant=applicant, documents=docs, representative=rep, sets=request.sets,
        fee=request.fee, pages=request.pages, copies=request.copies, fee_exemption=exemption,
        delivery=request.delivery, channel=request.channel, received_at=request.received_at,
        ticket_id=request.ticket_id, complete_now=request.complete_now, note=note,
    )
    return clean, errors


def raise_first(errors: dict[str, str]) -> None:
    if errors:
        key, message = next(iter(errors.items()))
        raise InvalidInput(message, field=key)


def missing_documents(required: tuple[DocumentView, ...], given: tuple[DocumentInput, ...]) -> list[str]:
    """Names of required papers not handed in.

    Matched without diacritics or case, and a shortened name counts ("Bản chính giấy tờ" for
    "Bản chính giấy tờ, văn bản"): scripts and older catalogues name papers loosely, and the
    clerk has looked at the paper itself.
    """
    have = [fold(d.name) for d in given if fold(d.name)]

    def handed_in(name: str) -> bool:
        key = fold(name)
        return any(h == key or key.startswith(h) or h.startswith(key) for h in have)

    return [d.name for d in required if d.required and not handed_in(d.name)]
