"""Resume a dossier the counter sent back for more papers (Mẫu 02 at intake) when the citizen returns.

The send-back gave the dossier a code but did not accept it (legal-rules.md §8: no received
dossier, no supplement request). When the missing papers arrive the clerk ticks what was brought
and accepts: the same code is received at that moment, its clock starts then per the procedure's
rule (Decree 61/2018 art. 19(4)), and a new Mẫu 01 is printed with the same code. The history keeps
the send-back; the statistics see one dossier, received now. A supplement requested after
acceptance is completed through lifecycle.complete_supplement instead (its clock restarts there).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.clock import iso_vn, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import nfc
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure
from counterdesk.services import audit, outbox
from counterdesk.services import fees as fee_service
from counterdesk.services.calendar import due_for_procedure
from counterdesk.services.intake import (
    DocumentInput,
    IntakeResult,
    ProcedureDetail,
    missing_documents,
    procedure_detail,
    procedure_detail_of,
)
from counterdesk.store.uow import Store


def _sent_back_at_counter(dossier: Dossier) -> bool:
    return dossier.status == st.SUPPLEMENT and not dossier.accepted


def is_sent_back(store: Store, code: str) -> bool:
    """True when the dossier waits at the counter for papers it was sent back for (the resume button)."""
    with store.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code.strip().upper())).first()
        return dossier is not None and _sent_back_at_counter(dossier)


def sent_back(store: Store, code: str) -> tuple[ProcedureDetail, list[dict[str, Any]], list[str]]:
    """What the resume screen shows: the procedure, the papers seen at the send-back, what was asked."""
    with store.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code.strip().upper())).first()
        if dossier is None:
            raise NotFound(f"Không có hồ sơ mã {code}.", field="code")
        if not _sent_back_at_counter(dossier):
            raise Conflict(f"Hồ sơ {dossier.code} không phải hồ sơ được trả lại tại quầy để bổ sung "
                           f"(trạng thái: {st.name(dossier.status)}).")
        proc = session.get(Procedure, dossier.procedure_id)
        assert proc is not None
        asked = session.scalars(select(DossierEvent.data).where(
            DossierEvent.dossier_id == dossier.id, DossierEvent.kind == "supplement_requested")).first() or {}
        proc_code, documents = proc.code, list(dossier.documents or [])
    return procedure_detail(store, proc_code), documents, [str(i) for i in asked.get("items", [])]


def resume(store: Store, code: str, documents: tuple[DocumentInput, ...], actor: Actor, *,
           at: datetime | None = None, pages: int = 0, copies: int = 0, fee_exemption: str = "") -> IntakeResult:
    """Accept a dossier sent back at the counter, now complete: same code, received and due from now."""
    actor.require("dossier.intake")
    moment = to_vn(at) if at is not None else now_vn()
    given = tuple(DocumentInput(nfc(d.name), d.originals, d.copies) for d in documents if nfc(d.name))
    if any(not (0 <= d.originals <= 99 and 0 <= d.copies <= 99) for d in given):
        raise InvalidInput("Số bản của mỗi giấy tờ phải từ 0 đến 99.", field="documents")
    docs = [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in given]
    with store.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code.strip().upper())
                                  .with_for_update()).first()
        if dossier is None:
            raise NotFound(f"Không có hồ sơ mã {code}.", field="code")
        if not _sent_back_at_counter(dossier):
            raise Conflict(f"Hồ sơ {dossier.code} không chờ bổ sung tại quầy (trạng thái: "
                           f"{st.name(dossier.status)}); không tiếp nhận lại được.")
        if moment < to_vn(dossier.received_at):
            raise InvalidInput("Thời điểm tiếp nhận lại không được trước lúc trả hồ sơ để bổ sung.", field="at")
        proc = session.get(Procedure, dossier.procedure_id)
        applicant = session.get(Applicant, dossier.applicant_id)
        assert proc is not None and applicant is not None
        missing = missing_documents(procedure_detail_of(proc).documents, given)
        if missing:
            raise InvalidInput("Hồ sơ vẫn chưa đủ giấy tờ bắt buộc: " + "; ".join(missing) + ".", field="documents")
        sent_back_at = to_vn(dossier.received_at)
        due = due_for_procedure(session, proc, moment)
        fee = fee_service.quote_for(proc, pages=pages, copies=copies, exemption=fee_exemption)
        dossier.status = st.RECEIVED
        dossier.documents = docs
        dossier.received_at = moment
        dossier.clock_start_at = due.start
        dossier.due_at = dossier.original_due_at = dossier.judged_due_at = due.due
        dossier.accepted = True  # received now (legal-rules.md §8): judged from here, as one dossier
        dossier.due_explanation = due.explanation
        dossier.supplement_count, dossier.supplement_seconds = 0, 0  # never accepted: no supplement to count
        dossier.fee, dossier.fee_pages, dossier.fee_copies = fee.amount, pages, copies
        dossier.fee_exemption = fee.exemption
        dossier.clerk_id = actor.user_id
        session.add(DossierEvent(
            dossier_id=dossier.id, at=moment, user_id=actor.user_id, kind="received", from_status=st.SUPPLEMENT,
            to_status=st.RECEIVED, note="Tiếp nhận hồ sơ đã bổ sung đầy đủ",
            data={"resumed": True, "sent_back_at": iso_vn(sent_back_at), "documents": len(docs),
                  "fee": fee.amount, "fee_explanation": fee.explanation}))
        outbox.enqueue_dossier(session, dossier, "dossier.status")
        audit.append(session, actor, "dossier.resumed", "dossier", dossier.code, proc.code)
        return IntakeResult(
            dossier_id=dossier.id, code=dossier.code, status=dossier.status, received_at=moment,
            due_at=to_vn(due.due) if due.due is not None else None, due_explanation=due.explanation,
            procedure_code=proc.code, procedure_name=proc.name, applicant_id=applicant.id,
            applicant_name=applicant.full_name, ticket_id=dossier.ticket_id, provisional_calendar=due.provisional,
        )
