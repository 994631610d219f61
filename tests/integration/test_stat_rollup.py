"""The statistics rollup stays equal to a recomputation from the dossiers, and the figures read through
it equal those of every dossier classified afresh, after random lifecycles (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from counterdesk.domain import status as st
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.report_data import Counts
from counterdesk.models import Dossier, Procedure, StatRollup, User
from counterdesk.services import calendar, dossier_actions, rollup
from counterdesk.services.statistics import breakdown
from tests.factories import make_dossier, vn
from tests.integration.test_lifecycle import _actor

PERIODS = [
    (date(2026, 10, 1), date(2026, 12, 31)),  # whole months: all from the table
    (date(2026, 10, 14), date(2026, 12, 9)),  # a whole month and two edges
    (date(2026, 11, 3), date(2026, 11, 17)),  # inside one month: all live
    (date(2026, 9, 20), date(2027, 1, 10)),
    (date(2026, 11, 10), date(2026, 11, 10)),
]
NOW = vn("2026-12-20T09:00")


def _same(a: Counts, b: Counts) -> None:
    for f in dataclasses.fields(Counts):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, float):
            assert x == pytest.approx(y), f.name
        else:
            assert x == y, f.name


def _figures_agree(store) -> None:
    with store.read() as s:
        assert rollup.check(s) == []
        for start, end in PERIODS:
            ref = int(min(vn(f"{end + timedelta(days=1)}T00:00"), NOW).timestamp())
            fast, full = breakdown(s, start, end, ref), breakdown(s, start, end, ref, full=True)
            _same(fast.total, full.total)
            for level in ("by_field", "by_procedure", "by_clerk"):
                got, want = getattr(fast, level), getattr(full, level)
                assert [r.key for r in got] == [r.key for r in want]
                for r, w in zip(got, want, strict=True):
                    _same(r.counts, w.counts)


def _random_lifecycles(store, rnd: random.Random, n: int) -> int:
    clerk, head = _actor(store, "canbo1", "clerk"), _actor(store, "lanhdao", "supervisor")
    with store.read() as s:
        procs = list(s.scalars(select(Procedure.code).order_by(Procedure.code)))[:4]
        clerks = [None, *s.scalars(select(User.id).where(User.role == "clerk"))]
    codes = []
    with store.write() as s:
        for _ in range(n):
            received = vn("2026-09-25T08:00") + timedelta(days=rnd.randint(0, 100), minutes=rnd.randint(0, 540))
            accepted = rnd.random() > 0.1
            codes.append(make_dossier(
                s, received_at=received, due_at=received + timedelta(days=rnd.choice((0, 2, 5))) if accepted else None,
                procedure_code=rnd.choice(procs), channel=rnd.choice((1, 2, 3)), clerk_id=rnd.choice(clerks),
                accepted=accepted, status=st.RECEIVED if accepted else st.REFUSED,
                finished_at=None if accepted else received).code)
    done = 0
    for code in codes:
        with store.read() as s:
            moment = to_vn(s.scalar(select(Dossier.received_at).where(Dossier.code == code)))
        for _ in range(rnd.randint(0, 6)):
            moment += timedelta(hours=rnd.choice((1, 5, 26, 75)))
            action = rnd.choice(sorted(st.TRANSITIONS))
            try:
                dossier_actions.act(store, rnd.choice((clerk, head)), code, action, note="thử", now=moment,
                                    due=moment + timedelta(days=3))
                done += 1
            except DomainError:
                continue  # a random action the rules refuse here: refused actions are part of the walk
    return done


def test_rollup_equals_recomputation_after_random_lifecycles(store) -> None:
    rnd = random.Random(14)
    assert _random_lifecycles(store, rnd, 40) > 20
    _figures_agree(store)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(StatRollup)) > 0
        before = sorted(tuple(r) for r in s.execute(select(StatRollup.__table__)) if r.n)
    with store.write() as s:  # the bulk rebuild gives the very cells the flushes kept
        rollup.rebuild(s)
    with store.read() as s:
        assert sorted(tuple(r) for r in s.execute(select(StatRollup.__table__)) if r.n) == before


def test_calendar_change_moves_rolled_up_working_days(store) -> None:
    rnd = random.Random(766)
    _random_lifecycles(store, rnd, 25)
    clerk = _actor(store, "canbo1", "clerk")
    with store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-10T09:00"), due_at=vn("2026-11-13T09:00")).code
    dossier_actions.act(store, clerk, code, "handover", now=vn("2026-11-10T10:00"))
    dossier_actions.act(store, clerk, code, "result_ready", now=vn("2026-11-13T08:00"))
    with store.read() as s:
        wdays = s.scalar(select(func.sum(StatRollup.wdays)).where(StatRollup.period == "2026-11"))
    calendar.set_day(store, date(2026, 11, 11), working=False, label="Nghỉ bù")
    with store.read() as s:
        assert s.scalar(select(func.sum(StatRollup.wdays)).where(StatRollup.period == "2026-11")) == wdays - 1
    _figures_agree(store)
    calendar.reset_day(store, date(2026, 11, 11))
    _figures_agree(store)


def test_check_reports_a_tampered_cell(store) -> None:
    with store.write() as s:
        make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"))
    with store.write() as s:
        s.execute(StatRollup.__table__.update().where(StatRollup.kind == rollup.KIND_RECEIVED).values(n=StatRollup.n + 1))
    with store.read() as s:
        problems = rollup.check(s)
    assert len(problems) == 1 and "tính lại" in problems[0]


def test_a_new_release_rebuilds_the_rollup_at_start(store) -> None:
    from counterdesk.models import Setting

    with store.write() as s:
        make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"))
    with store.write() as s:
        s.execute(StatRollup.__table__.update().values(n=StatRollup.n + 1))
        s.get(Setting, rollup.SETTING_KEY).value = "built by 0.0.9"
    rollup.ensure_built(store)
    with store.read() as s:
        assert rollup.check(s) == []
