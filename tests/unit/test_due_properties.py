"""Properties of due dates over arbitrary receipt moments, durations and office calendars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.domain.calendar import WorkingCalendar
from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.due import compute_due
from tests.unit.test_due_rules import official_calendar

CAL = official_calendar()
CUTOFFS = st.sampled_from([time(15, 0), None, time(11, 0)])
MOMENTS = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ))
DAY_UNITS = st.sampled_from(["working_days", "calendar_days", "months"])


def _duration(unit: str) -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value={"working_days": 60, "calendar_days": 120, "months": 12}[unit])


def _inside_session(cal: WorkingCalendar, moment: datetime) -> bool:
    return cal.is_working_day(moment.date()) and cal.in_session(moment.time())


@settings(max_examples=300, deadline=None)
@given(t=MOMENTS, unit=st.sampled_from(["working_days", "working_hours", "same_day", "calendar_days", "months"]),
       n=st.integers(min_value=1, max_value=36), cutoff=CUTOFFS, policy=st.sampled_from(["same_time", "end_of_day"]))
def test_due_never_before_receipt_and_inside_a_session(t: datetime, unit: str, n: int, cutoff: time | None,
                                                       policy: str) -> None:
    r = compute_due(CAL, t, 0 if unit == "same_day" else n, unit, cutoff=cutoff, policy=policy)
    assert r.due >= t
    assert r.start >= t
    assert _inside_session(CAL, r.start)
    assert _inside_session(CAL, r.due)
    assert r.due.tzinfo is not None and r.due.utcoffset() == timedelta(hours=7)


@settings(max_examples=300, deadline=None)
@given(t1=MOMENTS, gap=st.integers(min_value=0, max_value=60 * 24 * 20), unit=DAY_UNITS | st.just("working_hours"),
       n=st.integers(min_value=1, max_value=36), cutoff=CUTOFFS)
def test_monotonic_in_receipt_time(t1: datetime, gap: int, unit: str, n: int, cutoff: time | None) -> None:
    """Working units: the due moment never goes back. Calendar units keep "the time of s" (DESIGN §3.1
    rule 5) even when the target day moves to the next working day or is clamped to a month's end, so
    two receipts can share a due day in the opposite clock order; their due *day* is monotonic."""
    t2 = t1 + timedelta(minutes=gap)
    first = compute_due(CAL, t1, n, unit, cutoff=cutoff).due
    second = compute_due(CAL, t2, n, unit, cutoff=cutoff).due
    if unit in ("working_days", "working_hours"):
        assert first <= second
    else:
        assert first.date() <= second.date()


@settings(max_examples=300, deadline=None)
@given(t=MOMENTS, unit=st.sampled_from(["working_days", "working_hours", "calendar_days", "months"]),
       n=st.integers(min_value=1, max_value=16), extra=st.integers(min_value=0, max_value=20), cutoff=CUTOFFS)
def test_monotonic_in_duration(t: datetime, unit: str, n: int, extra: int, cutoff: time | None) -> None:
    assert compute_due(CAL, t, n, unit, cutoff=cutoff).due <= compute_due(CAL, t, n + extra, unit, cutoff=cutoff).due


@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)),
       a=st.integers(min_value=0, max_value=80), b=st.integers(min_value=0, max_value=80))
def test_working_days_compose(d: date, a: int, b: int) -> None:
    first = CAL.add_working_days(d, a)
    assert CAL.add_working_days(first, b) == CAL.add_working_days(d, a + b)
    if a:
        assert CAL.is_working_day(first) and first > d
        assert CAL.working_days_between(d, first) == a
        back = CAL.add_working_days(first, -a)
        assert back <= d and CAL.add_working_days(back, a) == first


@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)), n=st.integers(min_value=1, max_value=60))
def test_add_working_days_matches_a_plain_walk(d: date, n: int) -> None:
    walk, left = d, n
    while left:
        walk += timedelta(days=1)
        if CAL.is_working_day(walk):
            left -= 1
    assert CAL.add_working_days(d, n) == walk


@settings(max_examples=200, deadline=None)
@given(t=MOMENTS, n=st.integers(min_value=1, max_value=30))
def test_working_days_due_is_n_working_days_after_start(t: datetime, n: int) -> None:
    r = compute_due(CAL, t, n, "working_days", cutoff=time(15, 0))
    assert r.working_days == n
    assert CAL.working_days_between(r.start.date(), r.due.date()) == n
    assert r.due.time() == r.start.time()


@settings(max_examples=150, deadline=None)
@given(offs=st.sets(st.dates(min_value=date(2030, 1, 1), max_value=date(2030, 6, 30)), max_size=60),
       works=st.sets(st.dates(min_value=date(2030, 1, 1), max_value=date(2030, 6, 30)), max_size=10),
       t=st.datetimes(min_value=datetime(2030, 1, 1), max_value=datetime(2030, 4, 30)),
       n=st.integers(min_value=1, max_value=30), hours=st.integers(min_value=1, max_value=60))
def test_any_office_calendar(offs: set[date], works: set[date], t: datetime, n: int, hours: int) -> None:
    cal = WorkingCalendar(offs - works, works)
    walk, left = t.date(), n
    while left:
        walk += timedelta(days=1)
        if (walk.weekday() < 5 and walk not in offs) or walk in works:
            left -= 1
    aware = t.replace(tzinfo=VN_TZ)
    r = compute_due(cal, aware, n, "working_days", cutoff=None)
    assert r.due.date() >= walk and cal.is_working_day(r.due.date())
    h = compute_due(cal, aware, hours, "working_hours", cutoff=time(15, 0))
    assert h.due > aware and _inside_session(cal, h.due)
