"""Dossier intake at the counter: accept (Mẫu 01), guide to complete (Mẫu 02), refuse (Mẫu 03).

Every path is one transaction that writes the dossier, its code, its due moment, its event(s),
the applicant (upserted by personal ID number), the link to the queue ticket being served and the
outbox row for the portal, or nothing at all. The code's sequence number is taken inside that
transaction, so a failure leaves no gap (DESIGN §3.2).

Choices where the law leaves room (documented for the lead and the lifecycle work):
* Refusal (Mẫu 03) creates a dossier with a code and status 3 "Không được tiếp nhận": the form
  has "Mã hồ sơ (nếu có)", the national status list has a code for it, and the tracking book,
  statistics and portal then see refusals like any other dossier.
* A request to complete the dossier at the counter (Mẫu 02) also creates a coded dossier, status 5,
  with no due date: the citizen brings the missing papers back quoting the code, and the clock
  starts only when the complete dossier is accepted (Decree 61/2018 art. 19(4)).
* "Complete now" (procedures whose unit is ``same_day`` when the clerk issues the result on the
  spot): received → done (9), and → returned (10) when the result is handed over at the counter.
  No receipt is printed unless the citizen asks (Decree 61/2018 art. 17(4)); due_at stays empty.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counterdesk.domain import notice
from counterdesk.domain.citizen_id import (
    clean_id,
)
from counterdesk.domain.clock import business_day, now_vn, to_vn
from counterdesk.domain.dossier_code import check_agency, format_code
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.status import DONE, RECEIVED, RETURNED
from counterdesk.domain.text import fold
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure, Ticket
from counterdesk.services import audit, notify, numbering, outbox, search
from counterdesk.services import fees as fee_service
from counterdesk.services.calendar import due_for_procedure
from counterdesk.services.intake_request import (
    CHANNELS,
    DELIVERIES,
    NOT_DUPLICATES,
    ApplicantInput,
    ApplicantView,
    DocumentInput,
    DocumentView,
    DuplicateDossier,
    IntakeRequest,
    IntakeResult,
    ProcedureDetail,
    RepresentativeInput,
    clean_request,
    duration_text,
    missing_documents,
    raise_first,
)
from counterdesk.services.log_book import volume_label
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

# --------------------------------------------------------------------------- reads

def procedure_detail_of(p: Procedure) -> ProcedureDetail:
    return ProcedureDetail(
        p.id, p.code, p.name, p.field_name, p.unit, duration_text(p.duration, p.unit), p.fee, p.fee_note,
        tuple(DocumentView(d.name, d.originals, d.copies, d.required) for d in p.documents), p.fee_exemption,
    )


def _procedure(session: Session, code: str) -> Procedure:
    proc = session.scalars(select(Procedure).where(Procedure.code == code)).first()
    if proc is None or not proc.active:
        raise NotFound(f"Không có thủ tục mã {code} trong danh mục.", field="procedure")
    return proc


def procedure_detail(store: Store, code: str) -> ProcedureDetail:
    with store.read() as session:
        return procedure_detail_of(_procedure(session, code))


def _applicant_view(a: Applicant) -> ApplicantView:
    return ApplicantView(a.id, a.full_name, a.id_number or "", a.birth_date, a.gender, a.phone, a.email, a.address)


def find_applicant(store: Store, id_number: str) -> ApplicantView | None:
    """A returning applicant by personal ID number (None if new or the number is malformed)."""
    number = clean_id(id_number)
    if len(number) != 12 or not number.isdigit():
        return None
    with store.read() as session:
        found = session.scalars(select(Applicant).where(Applicant.id_number == number)).first()
        return None if found is None else _applicant_view(found)


# --------------------------------------------------------------------------- writes

def _upsert_applicant(session: Session, a: ApplicantInput, at: datetime) -> Applicant:
    """Find by ID number and refresh what was given; create otherwise (race-safe on PostgreSQL)."""
    for _attempt in range(3):
        found = None
        if a.id_number:
            found = session.scalars(select(Applicant).where(Applicant.id_number == a.id_number)).first()
        if found is not None:
            found.full_name, found.name_key = a.name, fold(a.name)
            if a.birth_date is not None:
                found.birth_date = a.birth_date
            for attr in ("gender", "phone", "email", "address"):
                if getattr(a, attr):
                    setattr(found, attr, getattr(a, attr))
            found.updated_at = at
            search.index_applicant_name(session, found)
            return found
        row = Applicant(id_number=a.id_number or None, full_name=a.name, name_key=fold(a.name),
                        birth_date=a.birth_date, gender=a.gender, phone=a.phone, email=a.email,
                        address=a.address, created_at=at, updated_at=at)
        try:
            with session.begin_nested():
                session.add(row)
                search.index_applicant_name(session, row)
            return row
        except IntegrityError:
            continue  # another counter registered the same person a moment ago
    raise Conflict("Không lưu được thông tin người nộp (tranh chấp); vui lòng thử lại.")


def _duplicates(session: Session, applicant: Applicant, proc: Procedure, day: date) -> tuple[str, ...]:
    if applicant.id is None:
        return ()
    return tuple(session.scalars(
        select(Dossier.code).where(
            Dossier.applicant_id == applicant.id, Dossier.procedure_id == proc.id, Dossier.received_day == day,
            Dossier.status.not_in(NOT_DUPLICATES),
        ).order_by(Dossier.id)
    ))


def _event(session: Session, dossier: Dossier, actor: Actor, at: datetime, kind: str,
           from_status: int | None, to_status: int | None, note: str = "", data: dict[str, Any] | None = None) -> None:
    session.add(DossierEvent(dossier_id=dossier.id, at=at, user_id=actor.user_id, kind=kind,
                             from_status=from_status, to_status=to_status, note=note, data=data))


def _check_ticket(session: Session, ticket_id: int | None) -> Ticket | None:
    if ticket_id is None:
        return None
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"Không có phiếu xếp hàng số {ticket_id}.", field="ticket")
    return ticket


def _new_dossier(session: Session, request: IntakeRequest, actor: Actor, proc: Procedure, applicant: Applicant,
                 received_at: datetime, status: int, documents: list[dict[str, Any]]) -> Dossier:
    """Take the day's next number (as late as possible: it holds the sequence row lock) and insert."""
    off = office(session)
    agency = check_agency(off.agency_code)
    day = business_day(received_at)
    seq = numbering.next_value(session, f"dossier:{agency}", day, first=off.sequence_start, last=off.sequence_end)
    rep = request.representative
    book = numbering.next_value(session, f"logbook:{agency}", date(day.year, 1, 1))
    dossier = Dossier(
        code=format_code(agency, day, seq), agency_code=agency, received_day=day, sequence=seq,
        procedure_id=proc.id, applicant_id=applicant.id,
        representative=None if rep is None else {
            "name": rep.name, "id_number": rep.id_number, "phone": rep.phone, "email": rep.email,
            "address": rep.address, "authorisation": rep.authorisation,
        },
        documents=documents, sets=request.sets, fee=0, fee_pages=request.pages, fee_copies=request.copies,
        fee_exemption=request.fee_exemption,
        delivery=request.delivery, channel=request.channel, status=status, received_at=received_at,
        clock_start_at=received_at, due_at=None, original_due_at=None, due_explanation="", rescheduled=False,
        handling_unit=proc.handling_unit, supplement_count=0, supplement_seconds=0, clerk_id=actor.user_id,
        ticket_id=request.ticket_id, log_number=book, log_book=volume_label(day.year), receipt_printed=0,
        note=request.note,
        receiver_name="", receiver_id_number="",
    )
    session.add(dossier)
    session.flush()
    return dossier


def _result(dossier: Dossier, proc: Procedure, applicant: Applicant, provisional: bool = False) -> IntakeResult:
    return IntakeResult(
        dossier_id=dossier.id, code=dossier.code, status=dossier.status, received_at=to_vn(dossier.received_at),
        due_at=None if dossier.due_at is None else to_vn(dossier.due_at), due_explanation=dossier.due_explanation,
        procedure_code=proc.code, procedure_name=proc.name, applicant_id=applicant.id,
        applicant_name=applicant.full_name, ticket_id=dossier.ticket_id, provisional_calendar=provisional,
    )


def _documents(request: IntakeRequest, proc: Procedure) -> list[dict[str, Any]]:
    if request.documents is None:
        return [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in proc.documents if d.required]
    return [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in request.documents]


def accept(store: Store, request: IntakeRequest, actor: Actor, *, allow_duplicate: bool = False) -> IntakeResult:
    """Receive a complete dossier: code, due moment, event, ticket link and outbox row, all or nothing.

    Raises InvalidInput (field set) for bad input, NotFound for an unknown procedure or ticket,
    DuplicateDossier when the same person already filed the same procedure today (unless
    ``allow_duplicate``), Conflict when the office's sequence block is exhausted.
    """
    actor.require("dossier.intake")
    request, errors = clean_request(request)
    raise_first(errors)
    received_at = to_vn(request.received_at) if request.received_at is not None else now_vn()
    with store.write() as session:
        proc = _procedure(session, request.procedure_code)
        if request.complete_now and proc.unit != "same_day":
            raise InvalidInput("Chỉ thủ tục trả kết quả trong ngày mới giải quyết ngay tại quầy được.",
                               field="complete_now")
        documents = _documents(request, proc)
        given = tuple(DocumentInput(d["name"], d["originals"], d["copies"]) for d in documents)
        missing = missing_documents(procedure_detail_of(proc).documents, given)
        if missing:
            raise InvalidInput("Hồ sơ chưa đủ giấy tờ bắt buộc: " + "; ".join(missing) + ".", field="documents")
        ticket = _check_ticket(session, request.ticket_id)
        applicant = _upsert_applicant(session, request.applicant, datetime.now(UTC))
        session.flush()
        if not allow_duplicate:
            codes = _duplicates(session, applicant, proc, business_day(received_at))
            if codes:
                raise DuplicateDossier(
                    f"{applicant.full_name} đã nộp hồ sơ thủ tục này hôm nay ({', '.join(codes)}). "
                    "Vẫn tạo thêm hồ sơ mới?", codes)
        due = due_for_procedure(session, proc, received_at)
        dossier = _new_dossier(session, request, actor, proc, applicant, received_at, RECEIVED, documents)
        fee = fee_service.quote_for(proc, pages=request.pages, copies=request.copies,
                                    exemption=request.fee_exemption, explicit=request.fee)
        dossier.fee = fee.amount
        dossier.clock_start_at = due.start
        if not request.complete_now:
            dossier.due_at = dossier.original_due_at = dossier.judged_due_at = due.due
            dossier.due_explanation = due.explanation
        note = f"Phiếu {ticket.number}" if ticket is not None else ""
        _event(session, dossier, actor, received_at, "received", None, RECEIVED, note,
               {"documents": len(documents), "channel": request.channel, "ticket": ticket.number if ticket else None,
                "fee": fee.amount, "fee_explanation": fee.explanation})
        outbox.enqueue_dossier(session, dossier, "dossier.received")
        notify.queue(session, dossier, notice.RECEIPT, at=received_at)
        if request.complete_now:
            _complete_now(session, dossier, actor, applicant, request)
        audit.append(session, actor, "dossier.received", "dossier", dossier.code, proc.code)
        return _result(dossier, proc, applicant, due.provisional)


def _complete_now(session: Session, dossier: Dossier, actor: Actor, applicant: Applicant,
                  request: IntakeRequest) -> None:
    """Result issued on the spot: 2 → 9, and 9 → 10 when it is handed over at the counter."""
    at = max(now_vn(), to_vn(dossier.received_at))
    dossier.status, dossier.finished_at = DONE, at
    _event(session, dossier, actor, at, "status", RECEIVED, DONE, "Giải quyết ngay tại quầy")
    if request.delivery == "counter":
        rep = request.representative
        dossier.status, dossier.returned_at = RETURNED, at
        dossier.receiver_name = rep.name if rep is not None else applicant.full_name
        dossier.receiver_id_number = (rep.id_number if rep is not None else applicant.id_number) or ""
        _event(session, dossier, actor, at, "status", DONE, RETURNED, "Trả kết quả ngay tại quầy")
    outbox.enqueue_dossier(session, dossier, "dossier.status")


_NOT_ACCEPTED_NAMES = ("NotAcceptedRequest", "refuse", "request_supplement")


def __getattr__(name: str) -> Any:
    """Refused or sent back at the counter (Mẫu 03 / Mẫu 02) live in services/intake_not_accepted.py,
    which builds on this module; their old names here are looked up there on first use."""
    if name in _NOT_ACCEPTED_NAMES:
        from counterdesk.services import intake_not_accepted

        return getattr(intake_not_accepted, name)
    raise AttributeError(name)


__all__ = [
    "CHANNELS", "DELIVERIES", "ApplicantInput", "ApplicantView", "DocumentInput", "DocumentView", "DuplicateDossier", "IntakeRequest",
    "IntakeResult", "ProcedureDetail", "RepresentativeInput", "accept", "clean_request", "duration_text",
    "find_applicant", "missing_documents", "procedure_detail",
]
