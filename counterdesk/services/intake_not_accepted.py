"""Dossiers the counter does not accept: refused (Mẫu 03) or sent back to be completed (Mẫu 02).

Each gets a code (Mẫu 03 prints "Mã hồ sơ (nếu có)") and its event, but is not a received dossier
(``Dossier.accepted`` is false: legal-rules.md §8, docs/rules.md R1). A dossier sent back can be
resumed later with the same code (services/resume.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.roles import Actor
from counterdesk.domain.status import REFUSED, SUPPLEMENT
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.services import audit, outbox
from counterdesk.services.intake import (
    ApplicantInput,
    DocumentInput,
    IntakeRequest,
    IntakeResult,
    RepresentativeInput,
    _check_ticket,
    _documents,
    _event,
    _new_dossier,
    _procedure,
    _result,
    _upsert_applicant,
    clean_request,
)
from counterdesk.services.intake_request import raise_first
from counterdesk.store.uow import Store


@dataclass(frozen=True, slots=True)
class NotAcceptedRequest:
    """A dossier the counter does not accept: refused (Mẫu 03) or sent back to be completed (Mẫu 02)."""

    procedure_code: str
    applicant: ApplicantInput
    reason: str
    items: tuple[str, ...] = ()  # Mẫu 02: what to supply or correct
    documents: tuple[DocumentInput, ...] = ()  # what the citizen showed
    representative: RepresentativeInput | None = None
    received_at: datetime | None = None
    ticket_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""


def _not_accepted(store: Store, request: NotAcceptedRequest, actor: Actor, status: int) -> IntakeResult:
    actor.require("dossier.intake")
    base = IntakeRequest(procedure_code=request.procedure_code, applicant=request.applicant,
                         documents=request.documents, representative=request.representative,
                         received_at=request.received_at, ticket_id=request.ticket_id)
    clean, errors = clean_request(base, require_id=False)
    reason = nfc(request.reason)
    items = tuple(i for i in (nfc(x) for x in request.items) if i)
    if status == REFUSED and not reason:
        errors["reason"] = "Chưa ghi lý do từ chối."
    if status == SUPPLEMENT and not items:
        errors["items"] = "Chưa ghi nội dung cần bổ sung, hoàn thiện."
    if any(has_control_chars(x) for x in (reason, *items)) or len(reason) > 2000:
        errors["reason"] = "Lý do chứa ký tự không hợp lệ hoặc quá dài."
    raise_first(errors)
    received_at = to_vn(clean.received_at) if clean.received_at is not None else now_vn()
    with store.write() as session:
        proc = _procedure(session, clean.procedure_code)
        ticket = _check_ticket(session, clean.ticket_id)
        applicant = _upsert_applicant(session, clean.applicant, datetime.now(UTC))
        session.flush()
        docs = _documents(clean, proc)
        dossier = _new_dossier(session, clean, actor, proc, applicant, received_at, status, docs)
        dossier.accepted = False  # no received dossier (docs/rules.md R1)
        data: dict[str, Any] = {"reason": reason, "ticket": ticket.number if ticket else None}
        if status == REFUSED:
            dossier.finished_at = received_at
            _event(session, dossier, actor, received_at, "refused", None, REFUSED, reason, data)
        else:
            dossier.supplement_count = 1
            data.update(items=list(items), contact_name=nfc(request.contact_name),
                        contact_phone=nfc(request.contact_phone))
            _event(session, dossier, actor, received_at, "supplement_requested", None, SUPPLEMENT, reason, data)
        outbox.enqueue_dossier(session, dossier, "dossier.received")
        audit.append(session, actor, "dossier.refused" if status == REFUSED else "dossier.supplement",
                     "dossier", dossier.code, reason[:200])
        return _result(dossier, proc, applicant)


def refuse(store: Store, request: NotAcceptedRequest, actor: Actor) -> IntakeResult:
    """Refuse to accept (Mẫu 03): a coded dossier with status 3 and the reason as its event."""
    return _not_accepted(store, request, actor, REFUSED)


def request_supplement(store: Store, request: NotAcceptedRequest, actor: Actor) -> IntakeResult:
    """Send an incomplete dossier back with Mẫu 02: a coded dossier, status 5, no clock running."""
    return _not_accepted(store, request, actor, SUPPLEMENT)
