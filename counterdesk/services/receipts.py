"""The intake forms of a dossier as PDF: receipt (Mẫu 01), supplement request (02), refusal (03).

Building the data reads the database (one short read transaction) and returns frozen printing
dataclasses; rendering is a pure function of that data, so the desk runs it on a worker thread.
Printing is recorded afterwards (``record_printed``): the receipt counter and a "print" event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.dossier_code import parse_code
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.receipt_qr import payload
from counterdesk.domain.roles import Actor
from counterdesk.models import Applicant, Dossier, DossierEvent, Office, Procedure, User
from counterdesk.printing.forms_data import (
    DocumentLine,
    OfficeHeader,
    ReceiptData,
    RefusalData,
    Representative,
    SupplementData,
)
from counterdesk.services import settings
from counterdesk.services.intake import duration_text
from counterdesk.services.log_book import not_accepted, volume_label
from counterdesk.store.uow import Store

FORMS = {"receipt": "01", "supplement": "02", "refusal": "03"}


@dataclass(frozen=True, slots=True)
class FormPdf:
    code: str
    form: str  # receipt|supplement|refusal
    pdf: bytes


def office_header(off: Office) -> OfficeHeader:
    return OfficeHeader(parent_name=off.parent_name, office_name=off.name, place_name=off.place_name,
                        address=off.address, phone=off.phone, head_title=off.head_title, head_name=off.head_name)


def _load(session: Session, code: str) -> tuple[Dossier, Procedure, Applicant, str]:
    clean = str(parse_code(code))
    dossier = session.scalars(select(Dossier).where(Dossier.code == clean)).first()
    if dossier is None:
        raise NotFound(f"Không có hồ sơ mã {clean}.")
    proc = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Applicant, dossier.applicant_id)
    assert proc is not None and applicant is not None  # foreign keys
    clerk = session.get(User, dossier.clerk_id) if dossier.clerk_id is not None else None
    return dossier, proc, applicant, clerk.full_name if clerk is not None else ""


def _representative(raw: dict[str, Any] | None) -> Representative | None:
    if not raw:
        return None
    return Representative(name=str(raw.get("name", "")), id_number=str(raw.get("id_number", "")),
                          phone=str(raw.get("phone", "")), address=str(raw.get("address", "")),
                          email=str(raw.get("email", "")), authorisation=str(raw.get("authorisation", "")))


def _number(dossier: Dossier, suffix: str) -> str:
    return f"{dossier.log_number or dossier.sequence}/{suffix}"


def promised_due(dossier: Dossier) -> datetime | None:
    """The appointment the receipt promised (kept through a reschedule)."""
    due = dossier.original_due_at or dossier.due_at
    return None if due is None else to_vn(due)


def rescheduled_due(dossier: Dossier) -> datetime | None:
    """The new appointment given with an apology, when it differs from the promised one."""
    if dossier.due_at is None or promised_due(dossier) == to_vn(dossier.due_at):
        return None
    return to_vn(dossier.due_at)


def _fee_detail(dossier: Dossier) -> str:
    """What the receipt says beside the fee: the exemption's reason, or the pages and copies it counts."""
    if dossier.fee_exemption:
        return dossier.fee_exemption
    parts = [f"{dossier.fee_pages} trang"] if dossier.fee_pages else []
    parts += [f"{dossier.fee_copies} bản"] if dossier.fee_copies else []
    return " × ".join(parts)


def receipt_data(store: Store, code: str) -> ReceiptData:
    """Mẫu 01 for a dossier: office header, applicant, papers, dates, clerk, signed QR."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        if dossier.id in not_accepted(session, [dossier.id]):  # refused or sent back at the counter
            raise InvalidInput(f"Hồ sơ {dossier.code} không được tiếp nhận nên không có giấy tiếp nhận.")
        off = settings.office(session)
        secret = settings.read(session, "qr.secret")
        if dossier.delivery == "post":
            delivery = "Nhận qua dịch vụ bưu chính công ích tại địa chỉ: " + (applicant.address or "……")
        else:
            delivery = off.name or "Bộ phận Tiếp nhận và Trả kết quả"
        return ReceiptData(
            office=office_header(off), dossier_code=dossier.code, number_label=_number(dossier, "TTPVHCC"),
            applicant_name=applicant.full_name, applicant_id_number=applicant.id_number or "",
            applicant_address=applicant.address, applicant_phone=applicant.phone, applicant_email=applicant.email,
            representative=_representative(dossier.representative), procedure_name=proc.name,
            documents=tuple(DocumentLine(name=str(d.get("name", "")), originals=int(d.get("originals", 0)),
                                         copies=int(d.get("copies", 0))) for d in dossier.documents),
            sets=dossier.sets, legal_duration_text=duration_text(proc.duration, proc.unit),
            received_at=to_vn(dossier.received_at),
            due_at=promised_due(dossier), rescheduled_due_at=rescheduled_due(dossier),
            due_explanation=dossier.due_explanation, delivery_text=delivery, fee=dossier.fee,
            fee_detail=_fee_detail(dossier), fee_exempt=bool(dossier.fee_exemption), clerk_name=clerk,
            log_book=dossier.log_book or volume_label(dossier.received_day.year), log_number=dossier.log_number,
            qr_payload=payload(dossier.code, secret),
        )


# What each notice is issued for: the event that asked for more papers or refused the dossier,
# whether at the counter before acceptance (intake) or later by the handling unit (lifecycle).
_NOTICE = {"supplement": ("supplement_requested", st.SUPPLEMENT, "yêu cầu bổ sung, hoàn thiện hồ sơ"),
           "refusal": ("refused", st.REFUSED, "từ chối tiếp nhận, giải quyết hồ sơ")}


def _notice_event(session: Session, dossier: Dossier, form: str) -> DossierEvent:
    """The latest event the notice records (a dossier may be asked for papers more than once)."""
    kind, status, what = _NOTICE[form]
    event = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier.id,
                                   or_(DossierEvent.kind == kind, DossierEvent.to_status == status))
        .order_by(DossierEvent.id.desc()).limit(1)).first()
    if event is None:
        raise InvalidInput(f"Hồ sơ {dossier.code} chưa có {what} nên chưa có phiếu này.")
    return event


def _notice_number(dossier: Dossier, event: DossierEvent, suffix: str) -> str:
    """The notice's own yearly number when it was given one (after acceptance), else the book's STT."""
    number = (event.data or {}).get("number")
    return f"{int(number):02d}/{suffix}" if number is not None else _number(dossier, suffix)


def _signer(session: Session, event: DossierEvent, clerk: str) -> str:
    """Who issued the notice: the staff member who recorded it (the intake clerk if unknown)."""
    user = session.get(User, event.user_id) if event.user_id is not None else None
    return user.full_name if user is not None else clerk


def supplement_data(store: Store, code: str) -> SupplementData:
    """Mẫu 02 from the dossier's "supplement_requested" event."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        event = _notice_event(session, dossier, "supplement")
        data = event.data or {}
        off = settings.office(session)
        guide = _signer(session, event, clerk)
        listed = tuple(str(i) for i in data.get("items", []))
        # after acceptance the handling unit writes what is missing as one text: that is the list
        items, reason = (listed, event.note) if listed else ((event.note,), "")
        return SupplementData(
            office=office_header(off), number_label=_notice_number(dossier, event, "PBS-TTPVHCC"),
            dossier_code=dossier.code, applicant_name=applicant.full_name, applicant_address=applicant.address,
            applicant_phone=applicant.phone, applicant_email=applicant.email, procedure_name=proc.name,
            items=items, reason=reason, contact_name=str(data.get("contact_name") or guide),
            contact_phone=str(data.get("contact_phone") or off.phone), guide_name=guide, issued_at=to_vn(event.at),
        )


def refusal_data(store: Store, code: str) -> RefusalData:
    """Mẫu 03 from the dossier's "refused" event."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        event = _notice_event(session, dossier, "refusal")
        off = settings.office(session)
        clerk = _signer(session, event, clerk)
        return RefusalData(
            office=office_header(off), number_label=_notice_number(dossier, event, "PTC-TTPVHCC"),
            dossier_code=dossier.code,
            applicant_name=applicant.full_name, applicant_id_number=applicant.id_number or "",
            applicant_address=applicant.address, applicant_phone=applicant.phone, applicant_email=applicant.email,
            procedure_name=proc.name, reason=event.note, clerk_name=clerk, issued_at=to_vn(event.at),
        )


def render(form: str, data: Any) -> bytes:
    """PDF bytes of one form; pure (no database), safe on a worker thread."""
    if form == "receipt":
        from counterdesk.printing.receipt import render_receipt

        return render_receipt(data)
    if form == "supplement":
        from counterdesk.printing.supplement import render_supplement

        return bytes(render_supplement(data))
    if form == "refusal":
        from counterdesk.printing.refusal import render_refusal

        return bytes(render_refusal(data))
    raise InvalidInput(f"Không có biểu mẫu '{form}'.")


def form_data(store: Store, code: str, form: str) -> Any:
    builders: dict[str, Callable[[Store, str], Any]] = {
        "receipt": receipt_data, "supplement": supplement_data, "refusal": refusal_data,
    }
    if form not in builders:
        raise InvalidInput(f"Không có biểu mẫu '{form}'.")
    return builders[form](store, code)


def record_printed(store: Store, code: str, actor: Actor, form: str = "receipt") -> int:
    """Count a printed (or saved) copy; returns how many receipts this dossier has had printed."""
    actor.require("dossier.intake")
    with store.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == str(parse_code(code)))).first()
        if dossier is None:
            raise NotFound(f"Không có hồ sơ mã {code}.")
        if form == "receipt":
            dossier.receipt_printed += 1
        session.add(DossierEvent(dossier_id=dossier.id, at=now_vn(), user_id=actor.user_id, kind="print",
                                 from_status=None, to_status=None, note=f"In Mẫu {FORMS.get(form, form)}",
                                 data={"form": form, "count": dossier.receipt_printed}))
        return dossier.receipt_printed


def form_pdf(store: Store, code: str, actor: Actor, form: str = "receipt") -> FormPdf:
    """Data + render + record, for the command line (the desk splits these across threads)."""
    data = form_data(store, code, form)
    pdf = render(form, data)
    record_printed(store, code, actor, form)
    return FormPdf(data.dossier_code, form, pdf)
