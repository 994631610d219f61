"""The intake forms of a dossier as PDF: receipt (Mẫu 01), supplement request (02), refusal (03).

Building the data reads the database (one short read transaction) and returns frozen printing
dataclasses; rendering is a pure function of that data, so the desk runs it on a worker thread.
Printing is recorded afterwards (``record_printed``): the receipt counter and a "print" event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.dossier_code import parse_code
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.receipt_qr import payload
from counterdesk.domain.roles import Actor
from counterdesk.domain.status import NOT_ACCEPTED_AT_COUNTER
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


def receipt_data(store: Store, code: str) -> ReceiptData:
    """Mẫu 01 for a dossier: office header, applicant, papers, dates, clerk, signed QR."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        if dossier.status in NOT_ACCEPTED_AT_COUNTER:
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
            due_at=None if dossier.due_at is None else to_vn(dossier.due_at),
            due_explanation=dossier.due_explanation, delivery_text=delivery, fee=dossier.fee, clerk_name=clerk,
            log_book=f"01/{dossier.received_day.year}", log_number=dossier.log_number,
            qr_payload=payload(dossier.code, secret),
        )


def _first_event(session: Session, dossier: Dossier, kind: str) -> DossierEvent:
    event = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id,
                                                       DossierEvent.kind == kind).order_by(DossierEvent.id)).first()
    if event is None:
        raise InvalidInput(f"Hồ sơ {dossier.code} không có phiếu loại này.")
    return event


def supplement_data(store: Store, code: str) -> SupplementData:
    """Mẫu 02 from the dossier's "supplement_requested" event."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        event = _first_event(session, dossier, "supplement_requested")
        data = event.data or {}
        off = settings.office(session)
        return SupplementData(
            office=office_header(off), number_label=_number(dossier, "PBS-TTPVHCC"), dossier_code=dossier.code,
            applicant_name=applicant.full_name, applicant_address=applicant.address,
            applicant_phone=applicant.phone, applicant_email=applicant.email, procedure_name=proc.name,
            items=tuple(str(i) for i in data.get("items", [])), reason=event.note,
            contact_name=str(data.get("contact_name") or clerk), contact_phone=str(data.get("contact_phone") or off.phone),
            guide_name=clerk, issued_at=to_vn(event.at),
        )


def refusal_data(store: Store, code: str) -> RefusalData:
    """Mẫu 03 from the dossier's "refused" event."""
    with store.read() as session:
        dossier, proc, applicant, clerk = _load(session, code)
        event = _first_event(session, dossier, "refused")
        off = settings.office(session)
        return RefusalData(
            office=office_header(off), number_label=_number(dossier, "PTC-TTPVHCC"), dossier_code=dossier.code,
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
