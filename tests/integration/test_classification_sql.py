"""The period statistics' SQL classifies every boundary exactly as the domain function does,
on SQLite and PostgreSQL (tests/classification_cases.py holds the hand-computed outcomes)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from counterdesk.domain.classification import Outcome, classify
from counterdesk.domain.clock import to_utc
from counterdesk.models import Dossier
from counterdesk.services import reports, sync_admin
from counterdesk.services.classified import facts_of
from counterdesk.services.overview import day_bounds
from counterdesk.services.statistics import CODES, classified, scope_rows
from counterdesk.sync.portal import Change
from tests.classification_cases import CASES, PERIOD_END
from tests.factories import make_dossier, vn

PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
NOW = vn("2026-12-15T09:00")


def _seed(store) -> dict[int, str]:
    ids: dict[int, str] = {}
    with store.write() as s:
        for case in CASES:
            d = make_dossier(s, received_at=case.received_at, due_at=case.judged_due_at, status=case.status,
                             judged_due_at=case.judged_due_at, accepted=case.accepted,
                             supplement_count=case.supplement_count,
                             supplement_requested_at=case.supplement_requested_at,
                             supplement_completed_at=case.supplement_completed_at,
                             finished_at=None if case.portal else case.finished_at)
            for key, value in case.extra.items():
                setattr(d, key, value)
            ids[d.id] = case.name
    with store.write() as s:
        for case in CASES:
            if case.portal:
                code = s.scalars(select(Dossier.code).where(Dossier.id == next(
                    i for i, n in ids.items() if n == case.name))).one()
                assert case.finished_at is not None
                stamp = to_utc(case.finished_at).astimezone(PERIOD_END.tzinfo).strftime("%Y%m%d%H%M%S")
                assert sync_admin.apply_pulled(s, Change(seq=1, code=code, status=10, finished_at=stamp,
                                                         returned_at=stamp), NOW)
    return ids


def test_sql_and_domain_agree_on_every_boundary(store) -> None:
    ids = _seed(store)
    expected = {c.name: c.expected for c in CASES}
    by_code = {v: k for k, v in CODES.items()}
    s_at, _ = day_bounds(PERIOD[0])
    _, e_at = day_bounds(PERIOD[1])
    with store.read() as s:
        rows = s.execute(select(classified(scope_rows(s, s_at, e_at), int(e_at.timestamp())))).all()
        sql = {ids[r.id]: by_code[r.outcome] for r in rows}
        domain = {ids[d.id]: classify(facts_of(d), PERIOD_END) for d in s.scalars(select(Dossier))}
    assert sql == expected
    assert domain == expected


def test_period_counts_from_the_boundaries(store) -> None:
    _seed(store)
    t = reports.period_statistics(store, *PERIOD, now=NOW).total
    n = Counter(c.expected for c in CASES)
    assert t.not_accepted == n[Outcome.NOT_ACCEPTED] == 2
    assert (t.early, t.on_time, t.late) == (n[Outcome.EARLY], n[Outcome.ON_TIME], n[Outcome.LATE]) == (2, 5, 4)
    assert (t.pending_in_time, t.pending_clock_stopped, t.pending_overdue) == (1, 1, 2)
    assert t.received == len(CASES) - 2 and t.refused == 1 and t.withdrawn == 1
    assert t.on_time_rate == (2 + 5 + 1 + 1) / 15


def test_average_working_days_match_the_calendar(store) -> None:
    """2.2 for a working-day procedure: the SQL arithmetic equals the calendar's own count."""
    from counterdesk.domain.clock import business_day
    from counterdesk.services.calendar import load_calendar

    _seed(store)
    card = reports.period_statistics(store, *PERIOD, now=NOW)
    row = next(r for r in card.by_procedure if r.key == "1.004873")
    with store.read() as s:
        cal = load_calendar(s)
    spent = []
    for c in CASES:
        if c.expected not in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
            continue
        assert c.finished_at is not None
        days = cal.working_days_between(business_day(c.received_at), business_day(c.finished_at))
        if c.supplement_count == 1 and c.supplement_requested_at and c.supplement_completed_at:
            days -= cal.working_days_between(business_day(c.supplement_requested_at),
                                             business_day(c.supplement_completed_at))
        spent.append(days)
    assert row.counts.time_unit == "working_days" and row.counts.resolved == len(spent)
    assert row.counts.average_time == sum(spent) / len(spent)
