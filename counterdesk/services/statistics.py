"""Period statistics: every dossier of a period classified in SQL, summed per (procedure, clerk).

The classification is domain/classification.py's, written here as CASE expressions over whole
seconds since the epoch so that a year over a store of millions of dossiers stays a few index range
scans (received_at, finished_at) and one pass of arithmetic; the rules and their sources are in
docs/rules.md (R1–R9), and tests/integration/test_classification_sql.py checks that this SQL and the
domain function classify every boundary fixture alike.

A period is [00:00 of the first day, 24:00 of the last day) Vietnam time; unfinished dossiers are
judged at min(period end, now).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.calendar import WorkingCalendar
from counterdesk.domain.classification import Outcome
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.domain.report_data import Counts, Row
from counterdesk.domain.text import sort_key
from counterdesk.models import Dossier, OutboxEntry, Rating
from counterdesk.services import digitisation

VN_OFFSET_S = 7 * 3600  # Vietnam has kept UTC+7 without DST since 1975
DAY_S = 86400
EPOCH_DAY = date(1970, 1, 1)
# Outcome codes in SQL (one small integer per dossier), in the order of classification.Outcome.
CODES: dict[Outcome, int] = {o: i for i, o in enumerate(Outcome)}
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
OUTCOME_FIELDS = {Outcome.NOT_ACCEPTED: "not_accepted", Outcome.EARLY: "early", Outcome.ON_TIME: "on_time",
                   Outcome.LATE: "late", Outcome.IN_TIME: "pending_in_time",
                   Outcome.CLOCK_STOPPED: "pending_clock_stopped", Outcome.OVERDUE: "pending_overdue"}
NEW_FIELDS = {1: "new_in_person", 2: "new_online", 3: "new_postal"}
# How each procedure unit's processing time is averaged (Decision 766 indicator 2.2).
TIME_UNITS = {"working_days": "working_days", "calendar_days": "days", "months": "months",
              "working_hours": "hours", "same_day": "hours"}
NO_FIELD = "(Chưa phân lĩnh vực)"
NO_CLERK = "(Chưa gán cán bộ)"
TIME_UNIT_NAMES = {"working_days": "ngày làm việc", "days": "ngày", "months": "tháng", "hours": "giờ"}


class ReportCancelled(DomainError):
    """The user cancelled a running report; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã huỷ lập báo cáo.")


def check_cancel(cancel: CancelFlag | None, progress: Progress | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise ReportCancelled()
    if progress is not None:
        progress(done, total)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.", field="to")
    if (end - start).days > 3700:
        raise InvalidInput("Khoảng thời gian quá dài (tối đa 10 năm).", field="to")


def epoch(session: Session, col: Any) -> ColumnElement[int]:
    """Whole seconds since 1970 of a stored (naive UTC) moment."""
    if session.get_bind().dialect.name == "sqlite":
        if sqlite3.sqlite_version_info >= (3, 38, 0):
            return func.unixepoch(col)  # an integer straight away: half the cost of strftime('%s')
        return cast(func.strftime("%s", col), Integer)
    return cast(func.extract("epoch", col), BigInteger)


def vn_day(session: Session, col: Any) -> ColumnElement[Any]:
    """The Vietnamese calendar day of a stored moment, as 'YYYY-MM-DD' text."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(col, "+7 hours")
    return func.to_char(col + literal("7 hours").cast(_interval()), "YYYY-MM-DD")


def _interval() -> Any:
    from sqlalchemy.dialects.postgresql import INTERVAL
    return INTERVAL()


def scope_rows(session: Session, start: datetime, end: datetime, *, extra: tuple[Any, ...] = (),
               where: tuple[Any, ...] = ()) -> Any:
    """One row per dossier of the period with its moments as epoch seconds (a MATERIALIZED CTE, so
    the conversions are made once): received in the period (accepted or not), and accepted
    dossiers received before it and not finished before it (R9)."""
    d = Dossier
    resolved = and_(d.finished_at >= start, d.finished_at < end)
    cols: list[Any] = [
        d.id.label("id"), d.procedure_id.label("procedure_id"), d.clerk_id.label("clerk_id"),
        d.status.label("status"), d.channel.label("channel"), d.accepted.label("accepted"),
        d.supplement_count.label("supp_n"), d.supplement_seconds.label("supp_s"),
        case((d.received_at < start, 1), else_=0).label("carried"),
        case((resolved, epoch(session, d.received_at))).label("rec_s"),  # only the time spent needs it
        case((resolved, epoch(session, d.finished_at))).label("fin_s"),
        epoch(session, d.judged_due_at).label("due_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_requested_at))).label("rq_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_completed_at))).label("cp_s"),
        *extra,
    ]
    parts = [
        select(*cols).where(d.received_at >= start, d.received_at < end, *where),
        # coalesce(x, x) keeps the planner off the received_at index here: "received before the
        # period" is unbounded below, the finished_at range (or IS NULL) is the selective one.
        select(*cols).where(d.finished_at >= start, func.coalesce(d.received_at, d.received_at) < start,
                            d.accepted, *where),
        select(*cols).where(d.finished_at.is_(None), func.coalesce(d.received_at, d.received_at) < start,
                            d.accepted, *where),
    ]
    return union_all(*parts).cte("scope").prefix_with("MATERIALIZED")


def classified(rows: Any, ref_epoch: int) -> Any:
    """The scope with an ``outcome`` code (CODES), the supplement wait and the judged moment
    ``t_s`` (end of processing, or the reference moment for unfinished dossiers): R1–R7 in SQL."""
    r = rows.c
    t = func.coalesce(r.fin_s, literal(ref_epoch))
    one = and_(r.supp_n == 1, r.rq_s.is_not(None), r.rq_s < t)
    back = case((or_(r.cp_s.is_(None), r.cp_s > t), t), else_=r.cp_s)
    wait = case((one, back - r.rq_s), else_=0)
    adjusted = t - wait
    due_day_start = (r.due_s + VN_OFFSET_S) // DAY_S * DAY_S - VN_OFFSET_S  # start of the due day (VN)
    late = or_(r.supp_n > 1, and_(r.due_s.is_not(None), adjusted > r.due_s))
    early = and_(r.due_s.is_not(None), adjusted < due_day_start)
    waiting = and_(one, or_(r.cp_s.is_(None), r.cp_s >= t))
    outcome = case(
        (r.accepted == False, CODES[Outcome.NOT_ACCEPTED]),  # noqa: E712 (SQL comparison)
        (and_(r.fin_s.is_not(None), late), CODES[Outcome.LATE]),
        (and_(r.fin_s.is_not(None), early), CODES[Outcome.EARLY]),
        (r.fin_s.is_not(None), CODES[Outcome.ON_TIME]),
        (late, CODES[Outcome.OVERDUE]),
        (waiting, CODES[Outcome.CLOCK_STOPPED]),
        else_=CODES[Outcome.IN_TIME],
    )
    return select(rows, outcome.label("outcome"), wait.label("wait_s"), t.label("t_s")).cte("classified")


_PER_UNIT = {"hours": 3600, "days": DAY_S, "months": 30 * DAY_S}


def add_resolved(acc: dict[str, Any], names: list[str], unit_code: str, ended_by: int, seconds: Any,
                 wdays: Any) -> None:
    """A group of resolved dossiers: how they ended (withdrawn, refused after acceptance) and their
    processing time in the procedure's own unit (766 indicator 2.2); shared with the rollup's cells."""
    if ended_by:
        names.append("withdrawn" if ended_by == st.WITHDRAWN else "refused")
    unit = TIME_UNITS.get(unit_code, "hours")
    acc["processing_seconds"] = acc.get("processing_seconds", 0) + int(seconds or 0)
    acc["time_sum"] = acc.get("time_sum", 0.0) + (
        float(wdays or 0) if unit == "working_days" else int(seconds or 0) / _PER_UNIT[unit])
    acc["time_unit"] = unit


def grouped_counts_full(session: Session, start: datetime, end: datetime, ref_epoch: int,
                   units: dict[int, str], calendar: WorkingCalendar) -> dict[tuple[int, int | None], Counts]:
    """Counts per (procedure id, clerk id) for the period, every dossier classified afresh: the
    reference the rollup path (services/rollup.grouped_counts) is checked against.

    The classified rows are grouped by their outcome and the few other keys the counts need (a few
    hundred groups whatever the store), so each dossier's outcome is computed once; Python adds up."""
    groups: dict[tuple[int, int | None], Counts] = {}

    def add(key: tuple[int, int | None], counts: Counts) -> None:
        groups[key] = groups.get(key, Counts()) + counts

    wd_ids = [pid for pid, unit in units.items() if unit == "working_days"]
    c = classified(scope_rows(session, start, end), ref_epoch)
    r = c.c
    chan = case((r.channel == 2, 2), (r.channel == 3, 3), else_=1)
    resolved = and_(r.fin_s.is_not(None), r.accepted == True)  # noqa: E712
    ended_by = case((r.status == st.WITHDRAWN, st.WITHDRAWN), (r.status == st.REFUSED, st.REFUSED), else_=0)
    keys = [r.procedure_id, r.clerk_id, r.outcome, r.carried, chan, ended_by, r.accepted]
    wd_sum: Any = literal(0)
    if wd_ids:
        w = _working_day_index(session, start, end, calendar)
        one = and_(r.supp_n == 1, r.rq_s.is_not(None), r.cp_s.is_not(None))
        wd_sum = func.sum(case((and_(resolved, r.procedure_id.in_(wd_ids)),
                                w(r.fin_s) - w(r.rec_s) - case((one, w(r.cp_s) - w(r.rq_s)), else_=0)), else_=0))
    q = select(*keys, func.count(), func.sum(case((resolved, r.fin_s - r.rec_s - r.supp_s), else_=0)),
               wd_sum).group_by(*keys)
    sums: dict[tuple[int, int | None], dict[str, Any]] = {}
    for proc_id, clerk_id, code, carried, channel, status, accepted, n, seconds, wdays in session.execute(q):
        outcome, n = OUTCOMES[int(code)], int(n)
        acc = sums.setdefault((proc_id, clerk_id), {})
        names = [OUTCOME_FIELDS[outcome]]
        if accepted:
            names.append(NEW_FIELDS[int(channel)] if not carried else "carried_over")
        if outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
            add_resolved(acc, names, units.get(proc_id, ""), status, seconds, wdays)
        for name in names:
            acc[name] = acc.get(name, 0) + n
    for key, acc in sums.items():
        add(key, Counts(**acc))
    d = Dossier
    returned = select(d.procedure_id, d.clerk_id, func.count()).where(
        d.returned_at >= start, d.returned_at < end).group_by(d.procedure_id, d.clerk_id)
    for proc_id, clerk_id, count in session.execute(returned):
        add((proc_id, clerk_id), Counts(returned=int(count)))
    for key, counts in _side_counts(session, start, end):
        add(key, counts)
    return groups


def _side_counts(session: Session, start: datetime, end: datetime) -> list[tuple[tuple[int, int | None], Counts]]:
    """Ratings given, dossiers synced to the portal and dossiers digitised, per (procedure, clerk)."""
    d = Dossier
    found: list[tuple[tuple[int, int | None], Counts]] = []
    rated = (
        select(d.procedure_id, d.clerk_id, func.count(), func.sum(case((Rating.score >= 2, 1), else_=0)),
               func.count(func.distinct(case((Rating.score == 1, d.id)))))
        .join(d, d.id == Rating.dossier_id)
        .where(Rating.at >= start, Rating.at < end)
        .group_by(d.procedure_id, d.clerk_id)
    )
    for proc_id, clerk_id, count, happy, unhappy in session.execute(rated):
        found.append(((proc_id, clerk_id), Counts(ratings=int(count), ratings_satisfied=int(happy or 0),
                                        disliked=int(unhappy or 0))))
    synced = (
        select(d.procedure_id, d.clerk_id, func.count(func.distinct(d.id)))
        .join(OutboxEntry, OutboxEntry.dossier_id == d.id)
        .where(d.received_at >= start, d.received_at < end, d.accepted,
               OutboxEntry.kind == "dossier.received", OutboxEntry.state == "accepted")
        .group_by(d.procedure_id, d.clerk_id)
    )
    for proc_id, clerk_id, count in session.execute(synced):
        found.append(((proc_id, clerk_id), Counts(synced=int(count))))
    # 766 group 4: the rule and its scope are services/digitisation.py's (the day close says the same)
    scanned = (
        select(d.procedure_id, d.clerk_id, func.count())
        .where(d.received_at >= start, d.received_at < end, digitisation.in_scope(d),
               digitisation.has_component_scan(d))
        .group_by(d.procedure_id, d.clerk_id)
    )
    for proc_id, clerk_id, count in session.execute(scanned):
        found.append(((proc_id, clerk_id), Counts(digitised=int(count))))
    return found


def live_extras(session: Session, start: datetime, end: datetime,
                ref_epoch: int) -> list[tuple[tuple[int, int | None], Counts]]:
    """What of a period depends on the period itself, per (procedure, clerk): the dossiers still open
    at its end classified at the reference moment (R9), those carried over into it, and the ratings,
    syncs and scans (_side_counts). Bounded by the open dossiers and the period, not the store."""
    d = Dossier
    cols: list[Any] = [
        d.id.label("id"), d.procedure_id.label("procedure_id"), d.clerk_id.label("clerk_id"),
        d.accepted.label("accepted"), d.supplement_count.label("supp_n"), cast(null(), BigInteger).label("fin_s"),
        epoch(session, d.judged_due_at).label("due_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_requested_at))).label("rq_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_completed_at))).label("cp_s"),
    ]
    # coalesce(x, x): the finished_at range or IS NULL is the selective condition, not received_at
    open_rows = union_all(
        select(*cols).where(d.finished_at.is_(None), d.received_at < end, d.accepted),
        select(*cols).where(d.finished_at >= end, func.coalesce(d.received_at, d.received_at) < end, d.accepted),
    ).cte("open_rows").prefix_with("MATERIALIZED")
    c = classified(open_rows, ref_epoch).c
    found: list[tuple[tuple[int, int | None], Counts]] = []
    for proc_id, clerk_id, code, n in session.execute(
            select(c.procedure_id, c.clerk_id, c.outcome, func.count()).group_by(c.procedure_id, c.clerk_id, c.outcome)):
        fields: dict[str, Any] = {OUTCOME_FIELDS[OUTCOMES[int(code)]]: int(n)}
        found.append(((proc_id, clerk_id), Counts(**fields)))
    carried = union_all(
        select(d.procedure_id, d.clerk_id).where(d.finished_at >= start,
                                                 func.coalesce(d.received_at, d.received_at) < start, d.accepted),
        select(d.procedure_id, d.clerk_id).where(d.finished_at.is_(None), d.received_at < start, d.accepted),
    ).subquery()
    for proc_id, clerk_id, n in session.execute(
            select(carried.c.procedure_id, carried.c.clerk_id, func.count()).group_by(
                carried.c.procedure_id, carried.c.clerk_id)):
        found.append(((proc_id, clerk_id), Counts(carried_over=int(n))))
    return found + _side_counts(session, start, end)


def _working_day_index(session: Session, start: datetime, end: datetime,
                       calendar: WorkingCalendar) -> Callable[[Any], Any]:
    """W(moment) for the dossiers of a period (working_day_index from the oldest one's reception)."""
    d = Dossier
    # coalesce(x, x): MIN over the finished_at range, not a walk of the received_at index from its start
    oldest = [session.scalar(select(func.min(func.coalesce(d.received_at, d.received_at))).where(cond, d.accepted))
              for cond in (d.finished_at >= start, d.finished_at.is_(None))]
    first = min([to_vn(x).date() for x in oldest if x is not None] + [to_vn(start).date()])
    return working_day_index(calendar, first, to_vn(end).date())


def working_day_index(calendar: WorkingCalendar, first: date, last: date) -> Callable[[Any], Any]:
    """W(moment) as SQL integer arithmetic on epoch seconds: Monday–Friday days since 1969-12-29 up to
    the moment's Vietnamese day, corrected by the calendar's exceptions (weekday holidays −1, working
    weekend days +1) from ``first`` up to that day (``last`` at most). A dossier's working days are
    W(end) − W(reception): the working days d with reception day < d ≤ end day (what
    domain/calendar.py's working_days_between counts). No parsing and no join, so a year over
    millions of dossiers stays one pass of arithmetic."""
    cumulative: list[tuple[int, int]] = []  # (epoch day number, Σ corrections up to and including it)
    total, day = 0, first
    while day <= last:
        weekday = day.weekday() < 5
        if calendar.is_working_day(day) != weekday:
            total += 1 if not weekday else -1
            cumulative.append(((day - EPOCH_DAY).days, total))
        day += timedelta(days=1)

    def w(seconds: Any) -> Any:
        day_no = (seconds + VN_OFFSET_S) // DAY_S
        k = day_no + 4  # days since Monday 1969-12-29, plus one: the moment's own day is counted
        weekdays = (k // 7) * 5 + case((k % 7 > 5, 5), else_=k % 7)
        if not cumulative:
            return weekdays
        whens = [(day_no >= n, value) for n, value in reversed(cumulative)]
        return weekdays + case(*whens, else_=0)

    return w


@dataclass(frozen=True)
class Breakdown:
    total: Counts
    by_field: tuple[Row, ...]
    by_procedure: tuple[Row, ...]
    by_clerk: tuple[Row, ...]


def breakdown(session: Session, start_day: date, end_day: date, ref_epoch: int, *, full: bool = False) -> Breakdown:
    """The period's counts for the office and per field, procedure and clerk: from the rollup and
    the dossiers still open (``full``: every dossier classified afresh, the reference)."""
    from counterdesk.models import Procedure, User
    from counterdesk.services.calendar import load_calendar

    procs = {r[0]: r for r in session.execute(
        select(Procedure.id, Procedure.code, Procedure.name, Procedure.field_code, Procedure.field_name,
               Procedure.unit))}
    cal = load_calendar(session)
    units = {pid: r.unit for pid, r in procs.items()}
    if full:
        from counterdesk.services.overview import day_bounds

        start, end = day_bounds(start_day)[0], day_bounds(end_day)[1]
        groups = grouped_counts_full(session, start, end, ref_epoch, units, cal)
    else:
        from counterdesk.services.rollup import grouped_counts

        groups = grouped_counts(session, start_day, end_day, ref_epoch, units)
    users = {r[0]: r[1] for r in session.execute(select(User.id, User.full_name))}
    buckets: tuple[dict[str, Row], dict[str, Row], dict[str, Row]] = ({}, {}, {})
    total = Counts()
    for (proc_id, clerk_id), counts in groups.items():
        total = total + counts
        p = procs.get(proc_id)
        keys = (
            (p.field_code, p.field_name) if p is not None and p.field_code else ("", NO_FIELD),
            (p.code, p.name) if p is not None else (str(proc_id), str(proc_id)),
            (str(clerk_id), users.get(clerk_id, NO_CLERK)) if clerk_id is not None else ("", NO_CLERK),
        )
        for bucket, (key, label) in zip(buckets, keys, strict=True):
            old = bucket.get(key)
            bucket[key] = Row(key, label, counts if old is None else old.counts + counts)
    by_field, by_proc, by_clerk = buckets
    return Breakdown(
        total=total,
        by_field=tuple(sorted(by_field.values(), key=lambda r: (r.key == "", sort_key(r.label)))),
        by_procedure=tuple(sorted(by_proc.values(), key=lambda r: r.key)),
        by_clerk=tuple(sorted(by_clerk.values(), key=lambda r: (r.key == "", sort_key(r.label)))),
    )
