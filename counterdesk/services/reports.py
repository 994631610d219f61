"""Supervisor reports: the daily intake log (Sổ theo dõi hồ sơ, Mẫu 07) and period statistics.

The period statistics classify every dossier in SQL (services/statistics.py, the rules of
domain/classification.py as written in docs/rules.md) and Python only merges the few
(procedure, clerk) groups into breakdowns by field, procedure and clerk. Besides the classification:

* **returned** = result handed back (``returned_at``) in the period; **withdrawn** / **refused** =
  resolved dossiers ended by withdrawal / refusal after acceptance; **not accepted** = refused or
  sent back at the counter in the period (not received, not in any rate);
* **average processing time** = mean of (end − received − supplement wait) over resolved, in hours
  (``avg_processing_hours``) and in each procedure's own unit (``average_time``, indicator 2.2);
* **satisfaction rate** = ratings given in the period scored 2 or 3 (hài lòng, rất hài lòng) / all;
* **queue times** over tickets of the period's business days: waiting = called − issued,
  serving = finished − serving (tickets that have both moments).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.domain.report_data import DayPoint, PeriodReport, QueueRow, QueueTimes
from counterdesk.domain.text import sort_key
from counterdesk.models import ServiceLine, Ticket, User
from counterdesk.services import rollup
from counterdesk.services.overview import day_bounds
from counterdesk.services.settings import office
from counterdesk.services.statistics import (
    NO_CLERK,
    ReportCancelled,
    breakdown,
    check_cancel,
    check_period,
    epoch,
)
from counterdesk.store.uow import Store

CHANNELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
DELIVERY = {"counter": "Tại Bộ phận một cửa", "post": "Qua bưu chính"}


def period_statistics(
    store: Store, start: date, end: date, *, progress: Progress | None = None, cancel: CancelFlag | None = None,
    now: datetime | None = None,
) -> PeriodReport:
    """Statistics for the days start..end (inclusive), broken down by field, procedure and clerk."""
    check_period(start, end)
    _, e_at = day_bounds(end)
    now = to_vn(now) if now is not None else now_vn()
    ref_epoch = int(min(e_at, now).timestamp())
    steps = 4
    with store.read() as s:
        check_cancel(cancel, progress, 0, steps)
        counts = breakdown(s, start, end, ref_epoch)
        check_cancel(cancel, progress, 1, steps)
        queue = _queue(s, start, end)
        check_cancel(cancel, progress, 2, steps)
        daily = _daily_series(s, start, end)
        check_cancel(cancel, progress, 3, steps)
        users: dict[int | None, str] = {r[0]: r[1] for r in s.execute(select(User.id, User.full_name))}
        lines = {r[0]: f"{r[1]} – {r[2]}" for r in s.execute(select(ServiceLine.id, ServiceLine.prefix, ServiceLine.name))}
        off = office(s)
        office_name, parent_name = off.name, off.parent_name
        place_name, head_title = off.place_name or "", off.head_title or ""
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
    check_cancel(cancel, progress, steps, steps)
    return PeriodReport(
        start=start, end=end, office_name=office_name, parent_name=parent_name, generated_at=now,
        total=counts.total, by_field=counts.by_field, by_procedure=counts.by_procedure, by_clerk=counts.by_clerk,
        queue_total=queue_total,
        queue_by_line=tuple(sorted(q_line.values(), key=lambda r: sort_key(r.label))),
        queue_by_clerk=tuple(sorted(q_clerk.values(), key=lambda r: (r.key == "", sort_key(r.label)))),
        daily=daily, place_name=place_name, head_title=head_title,
    )


def _queue(s: Session, start: date, end: date) -> dict[tuple[int, int | None], QueueTimes]:
    t = Ticket
    called = t.called_at.is_not(None)
    served = and_(t.serving_at.is_not(None), t.finished_at.is_not(None))
    q = (
        select(
            t.line_id, t.called_by, func.count(),
            func.sum(case((called, 1), else_=0)),
            func.sum(case((t.state == ts.NO_SHOW, 1), else_=0)),
            func.sum(case((called, epoch(s, t.called_at) - epoch(s, t.issued_at)), else_=0)),
            func.sum(case((served, 1), else_=0)),
            func.sum(case((served, epoch(s, t.finished_at) - epoch(s, t.serving_at)), else_=0)),
        )
        .where(t.business_day >= start, t.business_day <= end)
        .group_by(t.line_id, t.called_by)
    )
    return {(r[0], r[1]): QueueTimes(*(int(v or 0) for v in r[2:])) for r in s.execute(q)}


def _daily_series(s: Session, start: date, end: date) -> tuple[DayPoint, ...]:
    """Intake and on-time share of resolved dossiers per day, for the charts (the rollup's daily
    cells: the same classification, kept as each dossier changes)."""
    days = rollup.daily(s, start, end)
    points = []
    day = start
    while day <= end:
        received, resolved, ok = days.get(day, (0, 0, 0))
        points.append(DayPoint(day, received, resolved, ok))
        day += timedelta(days=1)
    return tuple(points)


def month_range(day: date) -> tuple[date, date]:
    """First and last day of the month of ``day`` (the supervisor window's default period)."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


# ---------------------------------------------------------------- daily intake log (Mẫu 07)


# The book lives in services.log_book (stored STT, never recounted); its names stay importable here.
from counterdesk.domain.report_data import Counts, DailyLog, LogRow, Row  # noqa: E402
from counterdesk.services.log_book import daily_log, fields_in_catalog  # noqa: E402

__all__ = [
    "CHANNELS", "CancelFlag", "Counts", "DailyLog", "DayPoint", "LogRow", "PeriodReport", "Progress", "QueueRow",
    "QueueTimes", "ReportCancelled", "Row", "daily_log", "fields_in_catalog", "month_range", "period_statistics",
]
