"""Supervisor reports: the daily intake log (Sổ theo dõi hồ sơ, Mẫu 07) and period statistics.

Everything is aggregated in SQL (GROUP BY with CASE over index range scans); Python only merges
the few (procedure, clerk) groups into breakdowns. Times are compared as whole seconds since the
epoch (stored moments are UTC), days are Vietnamese calendar days.

Exact definitions for a period [from 00:00, to 24:00) Vietnam time (Decision 766 indicator 2.1,
legal-rules.md §8):

* end of processing = ``finished_at``, the moment of the dossier's first terminal status (9 done,
  10 returned, 8 stopped, 7 withdrawn), which the lifecycle records with 766's priority;
* due = ``original_due_at`` (the appointment printed on the receipt; ``due_at`` when absent).
  A rescheduled dossier (apology, Mẫu 04) is judged against that original appointment, so a
  dossier finished after it is late even if before the new date;
* adjusted end = end − ``supplement_seconds`` (time spent waiting for the citizen's supplement is
  not counted);
* **late** ⇔ more than one supplement request, or adjusted end > due (one second past the due
  minute is late);
* **early** ⇔ not late and adjusted end ≤ due − 24 h; **on time** ⇔ otherwise (adjusted end exactly
  at the due moment is on time). A dossier without a due moment (immediate result) is on time;
* scope: accepted dossiers (status ≠ 3) received before the period ends and not finished before it
  starts. **Carried over** = received before the period; **new** = received in it, split by
  channel (KenhThucHien 1 or empty in person, 2 online, 3 postal);
* **resolved** = finished in the period (early/on time/late); **withdrawn** = of those, status 7;
* **in progress** = not finished at the end of the period; **overdue** when, at min(period end,
  now), more than one supplement was requested or the moment minus supplement time is past due;
  otherwise **within time**;
* **returned** = result handed back (``returned_at``) in the period; **refused** = status 3,
  received in the period (not in the on-time rate);
* **on-time rate** = (early + on time + in progress within time) / (resolved + in progress);
* **average processing time** = mean of (end − received − supplement time) over resolved, in hours;
* **satisfaction rate** = ratings given in the period scored 2 or 3 (hài lòng, rất hài lòng) / all;
* **queue times** over tickets of the period's business days: waiting = called − issued,
  serving = finished − serving (tickets that have both moments).
"""

from __future__ import annotations

import calendar
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
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
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.domain.report_data import (
    Counts,
    DailyLog,
    DayPoint,
    LogRow,
    PeriodReport,
    QueueRow,
    QueueTimes,
    Row,
)
from counterdesk.domain.status import REFUSED, WITHDRAWN
from counterdesk.models import Applicant, Dossier, Procedure, Rating, ServiceLine, Ticket, User
from counterdesk.services.overview import day_bounds
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

VN_OFFSET = timedelta(hours=7)  # Vietnam has kept UTC+7 without DST since 1975
CHANNELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
DELIVERY = {"counter": "Tại Bộ phận một cửa", "post": "Qua bưu chính"}
NO_FIELD = "(Chưa phân lĩnh vực)"
NO_CLERK = "(Chưa gán cán bộ)"


class ReportCancelled(DomainError):
    """The user cancelled a running report; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã huỷ lập báo cáo.")


def _check(cancel: CancelFlag | None, progress: Progress | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise ReportCancelled()
    if progress is not None:
        progress(done, total)


# ---------------------------------------------------------------- SQL helpers (dialect aware)


def _epoch(session: Session, col: Any) -> ColumnElement[int]:
    """Whole seconds since 1970 of a stored (naive UTC) moment."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", col), Integer)
    return cast(func.extract("epoch", col), BigInteger)


# ---------------------------------------------------------------- period statistics


_COUNT_NAMES = [f.name for f in fields(Counts)]


def _dossier_rows(session: Session, start: datetime, end: datetime) -> Any:
    """One row per dossier in scope with every moment parsed once (a MATERIALIZED CTE, so the
    database does not re-evaluate the conversions inside each SUM): received in the period,
    received before it and finished in or after it, received before it and still open."""
    d = Dossier
    due_ref = func.coalesce(d.original_due_at, d.due_at)
    resolved = and_(d.finished_at >= start, d.finished_at < end)
    pending = or_(d.finished_at.is_(None), d.finished_at >= end)
    cols: list[Any] = [
        d.procedure_id.label("procedure_id"), d.clerk_id.label("clerk_id"), d.status.label("status"),
        d.channel.label("channel"), d.supplement_count.label("supp_n"), d.supplement_seconds.label("supp_s"),
        case((d.received_at < start, 1), else_=0).label("carried"),
        case((resolved, 1), else_=0).label("resolved"),
        case((pending, 1), else_=0).label("pending"),
        case((resolved, _epoch(session, d.finished_at))).label("fin_s"),
        case((resolved, _epoch(session, d.received_at))).label("rec_s"),
        case((due_ref.is_(None), None), else_=_epoch(session, due_ref)).label("due_s"),
    ]
    parts = [
        select(*cols).where(d.received_at >= start, d.received_at < end),
        # coalesce(x, x) keeps the planner off the received_at index here: "received before the
        # period" is unbounded below, the finished_at range (or IS NULL) is the selective one.
        select(*cols).where(d.finished_at >= start, func.coalesce(d.received_at, d.received_at) < start,
                            d.status != REFUSED),
        select(*cols).where(d.finished_at.is_(None), func.coalesce(d.received_at, d.received_at) < start,
                            d.status != REFUSED),
    ]
    return union_all(*parts).cte("scope").prefix_with("MATERIALIZED")


def _dossier_aggregates(rows: Any, ref_epoch: int) -> list[Any]:
    """SUM(CASE …) columns, in Counts field order, over the per-dossier rows."""
    r = rows.c
    accepted = r.status != REFUSED
    is_resolved = and_(accepted, r.resolved == 1)
    is_pending = and_(accepted, r.pending == 1)
    late = or_(r.supp_n > 1, and_(r.due_s.is_not(None), r.fin_s - r.supp_s > r.due_s))
    early = and_(r.due_s.is_not(None), r.fin_s - r.supp_s <= r.due_s - 86400)
    overdue_now = or_(r.supp_n > 1, and_(r.due_s.is_not(None), literal(ref_epoch) - r.supp_s > r.due_s))
    is_new = and_(accepted, r.carried == 0)
    in_person = or_(r.channel.is_(None), r.channel.not_in((2, 3)))

    def n(cond: Any) -> Any:
        return func.sum(case((cond, 1), else_=0))

    return [
        n(and_(accepted, r.carried == 1)),
        n(and_(is_new, in_person)),
        n(and_(is_new, r.channel == 2)),
        n(and_(is_new, r.channel == 3)),
        n(and_(is_resolved, ~late, early)),
        n(and_(is_resolved, ~late, ~early)),
        n(and_(is_resolved, late)),
        n(and_(is_pending, ~overdue_now)),
        n(and_(is_pending, overdue_now)),
        literal(0),  # returned: separate range over returned_at
        n(and_(is_resolved, r.status == WITHDRAWN)),
        n(and_(r.status == REFUSED, r.carried == 0)),
        func.sum(case((is_resolved, r.fin_s - r.rec_s - r.supp_s), else_=0)),
        literal(0),
        literal(0),
    ]


def period_statistics(
    store: Store, start: date, end: date, *, progress: Progress | None = None, cancel: CancelFlag | None = None,
    now: datetime | None = None,
) -> PeriodReport:
    """Statistics for the days start..end (inclusive), broken down by field, procedure and clerk."""
    if end < start:
        raise InvalidInput("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.", field="to")
    if (end - start).days > 3700:
        raise InvalidInput("Khoảng thời gian quá dài (tối đa 10 năm).", field="to")
    s_at, _ = day_bounds(start)
    _, e_at = day_bounds(end)
    now = to_vn(now) if now is not None else now_vn()
    ref_epoch = int(min(e_at, now).timestamp())
    steps = 6
    groups: dict[tuple[int, int | None], Counts] = {}

    def add(key: tuple[int, int | None], counts: Counts) -> None:
        groups[key] = groups.get(key, Counts()) + counts

    with store.read() as s:
        _check(cancel, progress, 0, steps)
        scope = _dossier_rows(s, s_at, e_at)
        main = select(scope.c.procedure_id, scope.c.clerk_id, *_dossier_aggregates(scope, ref_epoch)).group_by(
            scope.c.procedure_id, scope.c.clerk_id)
        for row in s.execute(main):
            add((row[0], row[1]), Counts(*(int(v or 0) for v in row[2:])))
        _check(cancel, progress, 1, steps)
        d = Dossier
        returned = select(d.procedure_id, d.clerk_id, func.count()).where(
            d.returned_at >= s_at, d.returned_at < e_at).group_by(d.procedure_id, d.clerk_id)
        for proc_id, clerk_id, count in s.execute(returned):
            add((proc_id, clerk_id), Counts(returned=int(count)))
        _check(cancel, progress, 2, steps)
        rated = (
            select(d.procedure_id, d.clerk_id, func.count(), func.sum(case((Rating.score >= 2, 1), else_=0)))
            .join(d, d.id == Rating.dossier_id)
            .where(Rating.at >= s_at, Rating.at < e_at)
            .group_by(d.procedure_id, d.clerk_id)
        )
        for proc_id, clerk_id, count, happy in s.execute(rated):
            add((proc_id, clerk_id), Counts(ratings=int(count), ratings_satisfied=int(happy or 0)))
        _check(cancel, progress, 3, steps)
        queue = _queue(s, start, end)
        _check(cancel, progress, 4, steps)
        daily = _daily_series(s, start, end, s_at, e_at)
        _check(cancel, progress, 5, steps)
        pq = select(Procedure.id, Procedure.code, Procedure.name, Procedure.field_code, Procedure.field_name)
        procs = {r[0]: tuple(r[1:]) for r in s.execute(pq.where(Procedure.id.in_({k[0] for k in groups})))}
        users: dict[int | None, str] = {r[0]: r[1] for r in s.execute(select(User.id, User.full_name))}
        lines = {r[0]: f"{r[1]} – {r[2]}" for r in s.execute(select(ServiceLine.id, ServiceLine.prefix, ServiceLine.name))}
        off = office(s)
        office_name, parent_name = off.name, off.parent_name
    by_proc: dict[str, Row] = {}
    by_field: dict[str, Row] = {}
    by_clerk: dict[str, Row] = {}
    total = Counts()
    for (proc_id, clerk_id), counts in groups.items():
        total = total + counts
        p = procs.get(proc_id)
        pkey, plabel = (p[0], p[1]) if p else (str(proc_id), str(proc_id))
        fkey, flabel = (p[2], p[3]) if p and p[2] else ("", NO_FIELD)
        ckey = str(clerk_id) if clerk_id is not None else ""
        clabel = users.get(clerk_id, NO_CLERK) if clerk_id is not None else NO_CLERK
        for bucket, key, label in ((by_proc, pkey, plabel), (by_field, fkey, flabel), (by_clerk, ckey, clabel)):
            old = bucket.get(key)
            bucket[key] = Row(key, label, counts if old is None else old.counts + counts)
    queue_total = QueueTimes()
    q_line: dict[str, QueueRow] = {}
    q_clerk: dict[str, QueueRow] = {}
    for (line_id, clerk_id), times in queue.items():
        queue_total = queue_total + times
        for qbucket, key, label in (
            (q_line, str(line_id), lines.get(line_id, str(line_id))),
            (q_clerk, str(clerk_id or ""), users.get(clerk_id, NO_CLERK) if clerk_id is not None else NO_CLERK),
        ):
            old_q = qbucket.get(key)
            qbucket[key] = QueueRow(key, label, times if old_q is None else old_q.times + times)
    _check(cancel, progress, steps, steps)
    return PeriodReport(
        start=start, end=end, office_name=office_name, parent_name=parent_name, generated_at=now, total=total,
        by_field=tuple(sorted(by_field.values(), key=lambda r: (r.key == "", r.label))),
        by_procedure=tuple(sorted(by_proc.values(), key=lambda r: r.key)),
        by_clerk=tuple(sorted(by_clerk.values(), key=lambda r: (r.key == "", r.label))),
        queue_total=queue_total,
        queue_by_line=tuple(sorted(q_line.values(), key=lambda r: r.label)),
        queue_by_clerk=tuple(sorted(q_clerk.values(), key=lambda r: (r.key == "", r.label))),
        daily=daily,
    )


def _queue(s: Session, start: date, end: date) -> dict[tuple[int, int | None], QueueTimes]:
    t = Ticket
    called = t.called_at.is_not(None)
    served = and_(t.serving_at.is_not(None), t.finished_at.is_not(None))
    q = (
        select(
            t.line_id, t.called_by, func.count(),
            func.sum(case((called, 1), else_=0)),
            func.sum(case((t.state == "no_show", 1), else_=0)),
            func.sum(case((called, _epoch(s, t.called_at) - _epoch(s, t.issued_at)), else_=0)),
            func.sum(case((served, 1), else_=0)),
            func.sum(case((served, _epoch(s, t.finished_at) - _epoch(s, t.serving_at)), else_=0)),
        )
        .where(t.business_day >= start, t.business_day <= end)
        .group_by(t.line_id, t.called_by)
    )
    return {(r[0], r[1]): QueueTimes(*(int(v or 0) for v in r[2:])) for r in s.execute(q)}


def _hour(session: Session, col: Any) -> ColumnElement[Any]:
    """The UTC hour of a stored moment, without parsing it on SQLite (the stored text sorts and
    slices as ISO); hours are folded into Vietnamese days in Python (a few thousand groups a year)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(col, 1, 13)
    return func.to_char(col, "YYYY-MM-DD HH24")


def _vn_day_of_hour(text: str) -> date:
    return (datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=UTC) + VN_OFFSET).date()


def _daily_series(s: Session, start: date, end: date, s_at: datetime, e_at: datetime) -> tuple[DayPoint, ...]:
    """Intake and on-time share of resolved dossiers per day, for the charts."""
    d = Dossier
    received: dict[date, int] = {}
    rh = _hour(s, d.received_at)
    for hour, n in s.execute(
        select(rh, func.count()).where(d.received_at >= s_at, d.received_at < e_at, d.status != REFUSED).group_by(rh)
    ):
        day = _vn_day_of_hour(hour)
        received[day] = received.get(day, 0) + int(n)
    due_ref = func.coalesce(d.original_due_at, d.due_at)
    late = case(
        (d.supplement_count > 1, 1),
        (due_ref.is_(None), 0),
        (and_(d.supplement_seconds == 0, d.finished_at > due_ref), 1),  # no parsing in the common case
        (d.supplement_seconds == 0, 0),
        (_epoch(s, d.finished_at) - d.supplement_seconds > _epoch(s, due_ref), 1),
        else_=0,
    )
    fh = _hour(s, d.finished_at)
    resolved: dict[date, list[int]] = {}
    q = (
        select(fh, func.count(), func.sum(late))
        .where(d.finished_at >= s_at, d.finished_at < e_at, d.status != REFUSED)
        .group_by(fh)
    )
    for hour, n, n_late in s.execute(q):
        acc = resolved.setdefault(_vn_day_of_hour(hour), [0, 0])
        acc[0] += int(n)
        acc[1] += int(n) - int(n_late or 0)
    points = []
    day = start
    while day <= end:
        n_res, ok = resolved.get(day, [0, 0])
        points.append(DayPoint(day, received.get(day, 0), n_res, ok))
        day += timedelta(days=1)
    return tuple(points)


def month_range(day: date) -> tuple[date, date]:
    """First and last day of the month of ``day`` (the supervisor window's default period)."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


# ---------------------------------------------------------------- daily intake log (Mẫu 07)


def fields_in_catalog(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every field (lĩnh vực) in the catalogue, for the field chooser."""
    with store.read() as s:
        q = select(Procedure.field_code, Procedure.field_name).where(Procedure.field_code != "").distinct()
        return sorted(((c, n) for c, n in s.execute(q)), key=lambda cn: cn[1])


def daily_log(store: Store, day: date, field_code: str | None = None) -> DailyLog:
    """The book's lines for dossiers received on ``day``; STT runs on from the year's first dossier.

    The book is kept per field (or for all fields), so the number is the dossier's rank among the
    year's accepted-or-refused dossiers of the same book, ordered by reception moment then id.
    """
    start, end = day_bounds(day)
    year_start, _ = day_bounds(date(day.year, 1, 1))
    d, p, a = Dossier, Procedure, Applicant
    with store.read() as s:
        field_name = ""
        if field_code:
            found = s.execute(select(p.field_name).where(p.field_code == field_code).limit(1)).scalar()
            if found is None:
                raise InvalidInput(f"Không có lĩnh vực mã '{field_code}' trong danh mục thủ tục.", field="field")
            field_name = found
        before = select(func.count()).select_from(d).where(d.received_at >= year_start, d.received_at < start)
        rows_q = (
            select(d.code, p.name, a.full_name, a.address, a.phone, d.handling_unit, d.received_at, d.due_at,
                   d.returned_at, d.delivery, d.receiver_name)
            .join(p, p.id == d.procedure_id)
            .join(a, a.id == d.applicant_id)
            .where(d.received_at >= start, d.received_at < end)
            .order_by(d.received_at, d.id)
        )
        if field_code:
            before = before.join(p, p.id == d.procedure_id).where(p.field_code == field_code)
            rows_q = rows_q.where(p.field_code == field_code)
        base = int(s.scalar(before) or 0)
        rows = []
        for i, r in enumerate(s.execute(rows_q), start=1):
            contact = ", ".join(x for x in (r.address, r.phone) if x)
            rows.append(LogRow(
                stt=base + i, code=r.code, procedure=r.name, applicant=r.full_name, address_phone=contact,
                handling_unit=r.handling_unit, received_at=to_vn(r.received_at),
                due_at=to_vn(r.due_at) if r.due_at else None,
                returned_at=to_vn(r.returned_at) if r.returned_at else None,
                delivery=DELIVERY.get(r.delivery, r.delivery), receiver=r.receiver_name,
            ))
        off = office(s)
        return DailyLog(day, off.name, off.parent_name, field_code or None, field_name, tuple(rows))


__all__ = [
    "CHANNELS", "Counts", "DailyLog", "DayPoint", "LogRow", "PeriodReport", "QueueRow", "QueueTimes",
    "ReportCancelled", "Row", "daily_log", "fields_in_catalog", "month_range", "period_statistics",
]
