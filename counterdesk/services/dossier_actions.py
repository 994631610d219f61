"""A dossier's whole state as plain data, and its lifecycle actions by name (scripts, the CLI).

``record`` is what ``counterdesk dossier show CODE --json`` prints (DESIGN §7). ``act`` runs one
action of ``domain.status.TRANSITIONS`` through the very lifecycle function the desk's button
calls, so the permission check, the transition rule, the event, the audit entry and the outbox
row are the desk's own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from counterdesk.domain import status as st
from counterdesk.domain.clock import iso_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.models import Dossier
from counterdesk.services import lateness, lifecycle
from counterdesk.services.lifecycle import DossierState
from counterdesk.store.uow import Store


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_vn(moment)


def record(store: Store, code: str) -> dict[str, Any]:
    """The dossier with its event history; times ISO with +07:00, the fee in whole đồng."""
    state = lifecycle.get(store, code)
    with store.read() as session:
        dossier = session.get(Dossier, state.id)
        assert dossier is not None
        fee, fee_paid = int(dossier.fee), int(dossier.fee_paid)
        fee_info = {"fee_exemption": dossier.fee_exemption, "fee_receipt_no": dossier.fee_receipt_no,
                    "fee_paid_at": _iso(dossier.fee_paid_at)}
    events = [
        {"at": iso_vn(e.at), "kind": e.kind, "from_status": e.from_status, "to_status": e.to_status,
         "actor": e.user_name, "note": e.note}
        for e in lifecycle.history(store, state.code)
    ]
    return {
        "code": state.code, "status": state.status, "status_name": state.status_name,
        "procedure": state.procedure_code, "procedure_name": state.procedure_name,
        "received_at": iso_vn(state.received_at), "due_at": _iso(state.due_at),
        "original_due_at": _iso(state.original_due_at), "rescheduled": state.rescheduled,
        "finished_at": _iso(state.finished_at), "returned_at": _iso(state.returned_at),
        "fee": fee, "fee_paid": fee_paid, **fee_info, "handling_unit": state.handling_unit, "holder": state.holder,
        "actions": list(state.actions), "events": events,
    }


Runner = Callable[[Store, Actor, str, str, datetime | None, datetime | None], DossierState]


def _handover(action: str) -> Runner:
    def run(store: Store, actor: Actor, code: str, note: str, now: datetime | None,
            due: datetime | None) -> DossierState:
        st.check(action, lifecycle.get(store, code).status)  # "transfer" is not a first hand-over
        return lifecycle.hand_over(store, actor, code, note=note, now=now)
    return run


def _reschedule(store: Store, actor: Actor, code: str, note: str, now: datetime | None,
                due: datetime | None) -> DossierState:
    if due is None:
        raise InvalidInput("Hẹn lại ngày trả: vui lòng cho biết ngày hẹn mới (--due).")
    return lateness.apologise(store, actor, code, reason=note, new_due_at=due, now=now)


RUNNERS: dict[str, Runner] = {
    "handover": _handover("handover"),
    "transfer": _handover("transfer"),
    "refuse": lambda s, a, c, n, t, d: lifecycle.refuse(s, a, c, reason=n, now=t),
    "request_supplement": lambda s, a, c, n, t, d: lifecycle.request_supplement(s, a, c, reason=n, now=t),
    "complete_supplement": lambda s, a, c, n, t, d: lifecycle.complete_supplement(s, a, c, note=n, now=t),
    "request_financial": lambda s, a, c, n, t, d: lifecycle.request_financial(s, a, c, note=n, now=t),
    "financial_done": lambda s, a, c, n, t, d: lifecycle.financial_done(s, a, c, note=n, now=t),
    "withdraw": lambda s, a, c, n, t, d: lifecycle.withdraw(s, a, c, reason=n, now=t),
    "stop": lambda s, a, c, n, t, d: lifecycle.stop(s, a, c, reason=n, now=t),
    "result_ready": lambda s, a, c, n, t, d: lifecycle.result_ready(s, a, c, note=n, now=t),
    "return_result": lambda s, a, c, n, t, d: lifecycle.return_result(s, a, c, now=t),
    "reschedule": _reschedule,
}
assert set(RUNNERS) == set(st.TRANSITIONS), "every transition of the status machine has a runner"


def act(store: Store, actor: Actor, code: str, action: str, *, note: str = "", now: datetime | None = None,
        due: datetime | None = None) -> DossierState:
    """Run the named action (``domain.status.TRANSITIONS`` key) as ``actor``; DomainError if refused."""
    runner = RUNNERS.get(action)
    if runner is None:
        known = ", ".join(sorted(RUNNERS))
        raise InvalidInput(f"Thao tác không xác định: '{action[:40]}' (có: {known}).")
    return runner(store, actor, code, note, now, due)
