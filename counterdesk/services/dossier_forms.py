"""Data for the lifecycle's printed forms, read from the dossier and its events.

Each ``*_data`` function reads in one short transaction and returns the printing branch's frozen
dataclass; ``render`` turns it into PDF bytes and is meant to run off the GUI thread. Forms are
rebuilt from the stored events, so a reprint is identical to the first print.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.clock import parse_vn_iso, to_vn
from counterdesk.domain.errors import Conflict
from counterdesk.domain.roles import CLERK
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure, User
from counterdesk.printing.forms_data import (
    ApologyData,
    ControlSheetData,
    Delivery,
    HandoverRow,
    ReturnSlipData,
    WithdrawalData,
)
from counterdesk.services.classified import outcome_of
from counterdesk.services.lifecycle import HANDOVER_KINDS, _load, office_header
from counterdesk.services.receipts import promised_due, rescheduled_due
from counterdesk.store.uow import Store


def _parts(session: Session, code: str) -> tuple[Dossier, Procedure, Applicant]:
    dossier = _load(session, code, lock=False)
    procedure = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Applicant, dossier.applicant_id)
    assert procedure is not None and applicant is not None
    return dossier, procedure, applicant


def _last_event(session: Session, dossier: Dossier, kind: str, to_status: int | None = None) -> DossierEvent | None:
    query = select(DossierEvent).where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind == kind)
    if to_status is not None:
        query = query.where(DossierEvent.to_status == to_status)
    return session.scalars(query.order_by(DossierEvent.id.desc()).limit(1)).first()


def _user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return "" if user is None else user.full_name


def apology_data(store: Store, code: str) -> ApologyData:
    """Mẫu 04 as issued (reason, number and dates as recorded at the time)."""
    with store.read() as session:
        dossier, procedure, applicant = _parts(session, code)
        event = _last_event(session, dossier, "reschedule")
        if event is None or not event.data:
            raise Conflict(f"Hồ sơ {dossier.code} chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả.")
        return ApologyData(
            office=office_header(session), number_label=f"{int(event.data['number']):02d}/PXL",
            dossier_code=dossier.code, applicant_name=applicant.full_name,
            applicant_id_number=applicant.id_number or "", procedure_name=procedure.name,
            received_at=to_vn(dossier.received_at), original_due_at=parse_vn_iso(str(event.data["old_due_at"])),
            reason=event.note, new_due_at=parse_vn_iso(str(event.data["new_due_at"])), issued_at=to_vn(event.at),
        )


def withdrawal_data(store: Store, code: str) -> WithdrawalData:
    """Mẫu 05 (Thông báo dừng giải quyết hồ sơ) for a withdrawn dossier."""
    with store.read() as session:
        dossier, procedure, applicant = _parts(session, code)
        event = _last_event(session, dossier, "status", st.WITHDRAWN)
        if event is None or not event.data:
            raise Conflict(f"Hồ sơ {dossier.code} chưa được rút.")
        return WithdrawalData(
            office=office_header(session), number_label=f"{int(event.data['number']):02d}/TB-DXL",
            dossier_code=dossier.code, applicant_name=applicant.full_name,
            applicant_id_number=applicant.id_number or "", applicant_address=applicant.address,
            procedure_name=procedure.name, received_at=to_vn(dossier.received_at), requested_at=to_vn(event.at),
            reason=event.note, returned_documents=str(event.data.get("returned_documents", "")),
            issued_at=to_vn(event.at),
        )


def _hand_over_names(session: Session, event: DossierEvent, data: dict[str, Any]) -> tuple[str, str]:
    """(giver, receiver) as recorded at the hand-over. Events recorded before both were kept name
    only the recorder, on the side lifecycle._parties would put them (a desk clerk receives a hand-back)."""
    if "giver_name" in data or "receiver_name" in data:
        return str(data.get("giver_name", "")), str(data.get("receiver_name", ""))
    user = session.get(User, event.user_id) if event.user_id is not None else None
    name = "" if user is None else user.full_name
    if event.kind == "handback" and user is not None and user.role == CLERK:
        return "", name
    return name, ""


def control_sheet_data(store: Store, code: str) -> ControlSheetData:
    """Mẫu 06: one row per hand-over / hand-back, in order."""
    with store.read() as session:
        dossier, procedure, applicant = _parts(session, code)
        events = session.scalars(
            select(DossierEvent).where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind.in_(HANDOVER_KINDS))
            .order_by(DossierEvent.id)
        ).all()
        rows = []
        for e in events:
            data: dict[str, Any] = dict(e.data or {})
            result = str(data.get("result", ""))
            giver, receiver = _hand_over_names(session, e, data)
            rows.append(HandoverRow(
                giver_unit=str(data.get("from_unit", "")), receiver_unit=str(data.get("to_unit", "")),
                at=to_vn(e.at), result=result if result in ("early", "on_time", "late") else "",  # type: ignore[arg-type]
                note=e.note, giver_name=giver, receiver_name=receiver,
            ))
        return ControlSheetData(
            office=office_header(session), number_label=f"{dossier.code}/PKS", dossier_code=dossier.code,
            applicant_name=applicant.full_name, procedure_name=procedure.name,
            handling_unit=dossier.handling_unit or procedure.handling_unit, received_at=to_vn(dossier.received_at),
            due_at=promised_due(dossier), rescheduled_due_at=rescheduled_due(dossier), rows=tuple(rows),
        )


def return_slip_data(store: Store, code: str) -> ReturnSlipData:
    """The return confirmation: who took the result, how and when."""
    with store.read() as session:
        dossier, procedure, applicant = _parts(session, code)
        if dossier.status != st.RETURNED or dossier.returned_at is None:
            raise Conflict(f"Hồ sơ {dossier.code} chưa trả kết quả.")
        event = _last_event(session, dossier, "returned")
        data: dict[str, Any] = dict(event.data or {}) if event is not None else {}
        delivery: Delivery = "post" if dossier.delivery == "post" else "counter"
        number = data.get("number")
        return ReturnSlipData(
            office=office_header(session), number_label=f"{int(number):02d}/PTKQ" if number is not None else "",
            dossier_code=dossier.code, applicant_name=applicant.full_name, procedure_name=procedure.name,
            result_text=str(data.get("result_document") or procedure.result_document),
            receiver_name=dossier.receiver_name,
            receiver_id_number=dossier.receiver_id_number, delivery=delivery,
            postal_reference=str(data.get("postal_reference", "")), received_at=to_vn(dossier.received_at),
            due_at=None if dossier.due_at is None else to_vn(dossier.due_at), returned_at=to_vn(dossier.returned_at),
            outcome=outcome_of(dossier).value,
            clerk_name=_user_name(session, event.user_id if event is not None else None),
        )


def render(data: ApologyData | WithdrawalData | ControlSheetData | ReturnSlipData) -> bytes:
    """PDF bytes of one form (slow: call from a worker, never the GUI thread)."""
    if isinstance(data, ApologyData):
        from counterdesk.printing.apology import render_apology

        return bytes(render_apology(data))
    if isinstance(data, WithdrawalData):
        from counterdesk.printing.withdrawal import render_withdrawal

        return bytes(render_withdrawal(data))
    if isinstance(data, ControlSheetData):
        from counterdesk.printing.control_sheet import render_control_sheet

        return bytes(render_control_sheet(data))
    from counterdesk.printing.return_slip import render_return_slip

    return bytes(render_return_slip(data))


def moment(value: datetime) -> str:
    """Vietnamese display of a moment: 09:15 20/11/2026."""
    return f"{to_vn(value):%H:%M %d/%m/%Y}"
