"""Status changes pulled from the portal go through the lifecycle and count in the statistics.

The bug this guards: a pull that jumped a dossier from 4 straight to 10 left ``finished_at`` empty,
so the period statistics still counted it as in progress.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.models import AuditEntry, Dossier, DossierEvent, User
from counterdesk.services import audit, lifecycle, reports
from counterdesk.store.uow import Store
from counterdesk.sync.portal_sim import SimServer
from tests.factories import make_dossier, vn
from tests.sync_support import engine_for

RECEIVED_AT = "2026-11-16T09:00"
DUE_AT = "2026-11-19T09:00"  # three working days later
HANDED_OVER_AT = "2026-11-16T10:00"
PORTAL_AT = "2026-11-17T10:00"  # the upstream change: a day before the due date, so "early"
RESOLVED_SECONDS = 25 * 3600  # received 16/11 09:00 → finished 17/11 10:00

# Non-zero figures of the period total after the portal set each status on a status-4 dossier.
# A resolved dossier also carries its processing time in the procedure's own unit (766 figure 2.2:
# one working day here), and a refusal after acceptance is an end of processing (docs/rules.md R2).
TIME = {"processing_seconds": RESOLVED_SECONDS, "time_sum": 1.0, "time_unit": "working_days"}
EXPECTED: dict[int, dict[str, object]] = {
    st.RECEIVED: {"new_in_person": 1, "pending_in_time": 1},  # refused: reception is the counter's act
    st.REFUSED: {"new_in_person": 1, "early": 1, "refused": 1, **TIME},  # refused after appraisal: resolved
    st.IN_PROGRESS: {"new_in_person": 1, "pending_in_time": 1},  # unchanged
    st.SUPPLEMENT: {"new_in_person": 1, "pending_in_time": 1},
    st.FINANCIAL: {"new_in_person": 1, "pending_in_time": 1},
    st.WITHDRAWN: {"new_in_person": 1, "early": 1, "withdrawn": 1, **TIME},
    st.STOPPED: {"new_in_person": 1, "early": 1, **TIME},
    st.DONE: {"new_in_person": 1, "early": 1, **TIME},
    st.RETURNED: {"new_in_person": 1, "early": 1, "returned": 1, **TIME},
}


def _clerk(store: Store) -> Actor:
    with store.read() as s:
        uid = s.scalar(select(User.id).where(User.username == "canbo1"))
    return Actor(user_id=uid, username="canbo1", role=CLERK)


def _in_progress(store: Store, received: str = RECEIVED_AT, due: str = DUE_AT, handed: str = HANDED_OVER_AT) -> str:
    with store.write() as s:
        code = make_dossier(s, received_at=vn(received), due_at=vn(due)).code
    assert lifecycle.hand_over(store, _clerk(store), code, now=vn(handed)).status == st.IN_PROGRESS
    return code


def _total(store: Store, start: date, end: date, now_text: str | None = None) -> dict[str, object]:
    report = reports.period_statistics(store, start, end, now=None if now_text is None else vn(now_text))
    return {name: value for name, value in asdict(report.total).items() if value}


@pytest.mark.parametrize("target", sorted(EXPECTED))
def test_every_portal_status_from_in_progress_counts_in_the_statistics(store, target: int) -> None:
    code = _in_progress(store)
    with store.write() as session:
        changed = lifecycle.apply_portal_status(session, code, target, vn(PORTAL_AT), note="Cổng", seq=7)
    assert changed == st.portal_accepts(st.IN_PROGRESS, target)
    assert _total(store, date(2026, 11, 16), date(2026, 11, 18), "2026-11-18T12:00") == EXPECTED[target]
    state = lifecycle.get(store, code)
    assert state.status == (target if changed else st.IN_PROGRESS)
    assert state.finished_at == (vn(PORTAL_AT) if changed and target in st.TERMINAL else None)
    assert state.returned_at == (vn(PORTAL_AT) if changed and target == st.RETURNED else None)
    portal_events = [(e.from_status, e.to_status, e.note) for e in lifecycle.history(store, code) if e.kind == "portal"]
    assert portal_events == ([(st.IN_PROGRESS, target, "Cổng")] if changed else [])
    with store.read() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "dossier.portal")).all()
    assert details == ([f"{st.IN_PROGRESS}->{target}"] if changed else [])
    assert audit.verify(store).ok


def test_portal_never_overrides_a_status_final_at_the_counter(store) -> None:
    code = _in_progress(store)
    lifecycle.result_ready(store, _clerk(store), code, now=vn("2026-11-17T09:00"))
    lifecycle.return_result(store, _clerk(store), code, now=vn("2026-11-17T09:30"))
    with store.write() as session:
        assert not lifecycle.apply_portal_status(session, code, st.IN_PROGRESS, vn(PORTAL_AT))
        assert not lifecycle.apply_portal_status(session, "000.00.01.H29-261116-9999", st.DONE, vn(PORTAL_AT))
    assert lifecycle.get(store, code).status == st.RETURNED


def test_pulled_jump_from_4_to_10_is_finished_in_the_period_statistics(store, tmp_path: Path) -> None:
    """The whole path: sync engine pull → lifecycle → statistics, on the portal simulator."""
    now = now_vn()
    received = (now - timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    code = _in_progress(store, received.strftime("%Y-%m-%dT%H:%M"), (now + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"),
                        (received + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine = engine_for(store, sim.url)
        engine.run_once()  # the hand-over reaches the portal
        sim.state.mark_status(code, st.RETURNED, "Đơn vị đã trả kết quả")
        report = engine.run_once()
    assert (report.pulled, report.applied) == (1, 1)
    with store.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        assert dossier.status == st.RETURNED
        assert dossier.finished_at is not None and dossier.returned_at is not None
        kinds = session.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == dossier.id)
                                .order_by(DossierEvent.id)).all()
    assert kinds == ["received", "handover", "portal"]
    total = reports.period_statistics(store, received.date(), now.date(), now=now).total
    assert (total.resolved, total.pending, total.returned) == (1, 0, 1)
