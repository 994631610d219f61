"""Day close (chốt sổ cuối ngày): reconcile the business day, then the supervisor signs it off.

The reconciliation counts what the day produced and lists what does not add up, so the
supervisor sees it before signing:

* tickets served (serving_at set) that neither produced a dossier nor were finished;
* tickets still called or being served at close;
* dossiers received without a receipt printed (Dossier.receipt_printed = 0 and no
  "receipt_printed" event);
* dossiers received without any outbox entry (the portal would never hear of them);
* outbox entries written that day that are quarantined.

Beside them it shows the day's digitisation (Decision 766 group 4: components and results
scanned), computed by services/digitisation.py, the rule's one home.

Signing writes one DayClose row (the business day is its key, so a day closes once) and an audit
entry in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import Conflict
from counterdesk.domain.report_data import Discrepancy, Reconciliation
from counterdesk.domain.roles import Actor
from counterdesk.domain.status import REFUSED
from counterdesk.models import DayClose, Dossier, DossierEvent, OutboxEntry, Ticket, User
from counterdesk.services import audit, digitisation, fees, notify
from counterdesk.services.overview import day_bounds
from counterdesk.services.settings import office
from counterdesk.services.statistics import breakdown
from counterdesk.store.uow import Store

LIMIT = 200  # discrepancy lines listed per kind (counts are always exact)

def _fmt_time(moment: datetime | None) -> str:
    return "" if moment is None else f"{to_vn(moment):%H:%M}"


def _reconcile(s: Session, day: date) -> Reconciliation:
    start, end = day_bounds(day)
    t, d, o = Ticket, Dossier, OutboxEntry

    def n(cond: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    tr = s.execute(
        select(func.count(), n(t.called_at.is_not(None)), n(t.serving_at.is_not(None)), n(t.state == ts.DONE),
               n(t.state == ts.NO_SHOW), n(t.state == ts.WAITING)).where(t.business_day == day)
    ).one()
    receipt_event = exists().where(DossierEvent.dossier_id == d.id, DossierEvent.kind == "receipt_printed")
    printed = (d.receipt_printed > 0) | receipt_event
    in_day = and_(d.received_at >= start, d.received_at < end)
    dr = s.execute(select(n(d.accepted.is_(True)), n(and_(d.accepted, printed)), n(~d.accepted)).where(in_day)).one()
    day_counts = breakdown(s, day, day, int(min(end, now_vn()).timestamp())).total
    orow = s.execute(
        select(n(o.state == "accepted"), n(o.state.in_(("pending", "sending"))), n(o.state == "quarantined"))
        .where(o.created_at >= start, o.created_at < end)
    ).one()

    found: list[Discrepancy] = []
    counts: dict[str, int] = {}
    has_dossier = exists().where(d.ticket_id == t.id)
    checks: list[tuple[str, Select[Any, Any, Any], Callable[[Any], tuple[str, str]]]] = [
        ("ticket_no_outcome",
         select(t.number, t.serving_at, t.state).where(t.business_day == day, t.serving_at.is_not(None),
                                                        t.finished_at.is_(None), ~has_dossier),
         lambda r: (r[0], f"bắt đầu phục vụ {_fmt_time(r[1])}, trạng thái {ts.label(r[2])}")),
        ("ticket_open",
         select(t.number, t.called_at, t.state).where(t.business_day == day, t.state.in_(ts.ACTIVE)),
         lambda r: (r[0], f"gọi lúc {_fmt_time(r[1])}, trạng thái {ts.label(r[2])}")),
        ("dossier_no_receipt",
         select(d.code, d.received_at, d.id).where(in_day, d.accepted, ~printed),
         lambda r: (r[0], f"tiếp nhận {_fmt_time(r[1])}")),
        ("dossier_no_outbox",
         select(d.code, d.received_at, d.id).where(in_day, d.status != REFUSED, ~exists().where(o.dossier_id == d.id)),
         lambda r: (r[0], f"tiếp nhận {_fmt_time(r[1])}")),
        ("outbox_quarantined",
         select(o.kind, o.last_error, o.id).where(o.created_at >= start, o.created_at < end, o.state == "quarantined"),
         lambda r: (f"#{r[2]} {r[0]}", r[1][:160])),
    ]
    for kind, query, describe in checks:
        counts[kind] = int(s.scalar(select(func.count()).select_from(query.subquery())) or 0)
        for row in s.execute(query.limit(LIMIT)):
            ref, detail = describe(row)
            found.append(Discrepancy(kind, ref, detail))
    off = office(s)
    queued, sent = notify.day_figures(s, start, end)
    cash, collections = fees.collected_between(s, start, end)
    return Reconciliation(
        day=day, office_name=off.name, parent_name=off.parent_name,
        tickets_issued=int(tr[0]), tickets_called=int(tr[1]), tickets_served=int(tr[2]), tickets_done=int(tr[3]),
        tickets_no_show=int(tr[4]), tickets_waiting=int(tr[5]), dossiers_received=int(dr[0]),
        receipts_printed=int(dr[1]), outbox_accepted=int(orow[0]), outbox_pending=int(orow[1]),
        outbox_quarantined=int(orow[2]), discrepancy_counts=counts, discrepancies=tuple(found),
        notices_queued=queued, notices_sent=sent, fees_collected=cash, fee_receipts=collections,
        dossiers_not_accepted=int(dr[2]), resolved_early=day_counts.early, resolved_on_time=day_counts.on_time,
        resolved_late=day_counts.late, pending_overdue=day_counts.pending_overdue,
        pending_clock_stopped=day_counts.pending_clock_stopped,
        digitisation=digitisation.figures(s, start, end),
    )


def _closed(s: Session, day: date) -> tuple[datetime, str] | None:
    row = s.execute(
        select(DayClose.closed_at, User.full_name).outerjoin(User, User.id == DayClose.closed_by)
        .where(DayClose.business_day == day)
    ).first()
    return None if row is None else (to_vn(row[0]), row[1] or "Hệ thống")


def reconcile(store: Store, day: date) -> Reconciliation:
    """What the day produced and what does not add up; read-only, for the preview."""
    with store.read() as s:
        rec = _reconcile(s, day)
        closed = _closed(s, day)
    if closed:
        rec = Reconciliation(**{**rec.__dict__, "closed_at": closed[0], "closed_by": closed[1]})
    return rec


def close_day(store: Store, actor: Actor, day: date, note: str = "") -> Reconciliation:
    """Sign the day off: once per day, by a supervisor, with an audit entry."""
    actor.require("day.close")
    try:
        return _close(store, actor, day, note)
    except IntegrityError:  # another supervisor signed the same day a moment earlier
        with store.read() as s:
            closed = _closed(s, day)
        if closed is None:
            raise
        raise Conflict(_already(day, closed)) from None


def _already(day: date, closed: tuple[datetime, str]) -> str:
    return f"Ngày {day:%d/%m/%Y} đã được chốt lúc {closed[0]:%H:%M %d/%m/%Y} ({closed[1]})."


def _close(store: Store, actor: Actor, day: date, note: str) -> Reconciliation:
    with store.write() as s:
        closed = _closed(s, day)
        if closed:
            raise Conflict(_already(day, closed))
        rec = _reconcile(s, day)
        now = datetime.now(UTC)
        lines = [f"{x.label}: {x.ref} — {x.detail}" for x in rec.discrepancies]
        if note:
            lines.insert(0, f"Ghi chú: {note}")
        s.add(DayClose(business_day=day, closed_at=now, closed_by=actor.user_id, summary=rec.summary_json(),
                       discrepancies="\n".join(lines)))
        s.flush()
        detail = json.dumps({"balanced": rec.balanced, **rec.discrepancy_counts}, ensure_ascii=False, sort_keys=True)
        audit.append(s, actor, "day.close", "day_close", day.isoformat(), detail)
        name = s.scalar(select(User.full_name).where(User.id == actor.user_id)) if actor.user_id else None
    return Reconciliation(**{**rec.__dict__, "closed_at": to_vn(now), "closed_by": name or "Hệ thống"})
