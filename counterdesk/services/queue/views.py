"""Read models of the queue: a counter's current ticket and waiting list, the lines' counts, the
counters, and the calls the lobby display shows. Read-only transactions, plain results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import NotFound
from counterdesk.domain.text import nfc
from counterdesk.models import Counter, CounterLine, ServiceLine, Ticket, TicketEvent
from counterdesk.services.queue.calling import next_query
from counterdesk.services.queue.model import (
    CallInfo,
    CounterInfo,
    LineInfo,
    TicketInfo,
    counter_by_number,
    current_day,
    current_of,
    info,
    now_or,
    queue_line_expr,
)
from counterdesk.store.uow import Store


def current_ticket(store: Store, counter: int, *, now: datetime | None = None) -> TicketInfo | None:
    """The ticket ``counter`` is calling or serving (intake links its dossier to it), or None."""
    with store.read() as session:
        desk = counter_by_number(session, counter)
        ticket = current_of(session, desk, current_day(session, now_or(now)), lock=False)
        return None if ticket is None else info(session, ticket)


def get_ticket(store: Store, ticket_id: int) -> TicketInfo:
    with store.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        return info(session, ticket)


def find_ticket(store: Store, number: str, *, now: datetime | None = None) -> TicketInfo:
    """Today's ticket with the printed number ("A012"), e.g. for a reprint."""
    clean = nfc(number).upper()
    with store.read() as session:
        day = current_day(session, now_or(now))
        ticket = session.scalars(select(Ticket).where(Ticket.number == clean, Ticket.business_day == day)).first()
        if ticket is None:
            raise NotFound(f"Hôm nay không có số {clean}.")
        return info(session, ticket)


def waiting_list(store: Store, counter: int, *, limit: int = 200, now: datetime | None = None) -> list[TicketInfo]:
    """Tickets ``counter`` may call, in the order 'next' would call them."""
    with store.read() as session:
        desk = counter_by_number(session, counter)
        day = current_day(session, now_or(now))
        return [info(session, t) for t in session.scalars(next_query(desk, day).limit(limit))]


def no_show_list(store: Store, *, now: datetime | None = None) -> list[TicketInfo]:
    """Today's no-shows, newest first (a citizen who comes back is called again by choice)."""
    with store.read() as session:
        day = current_day(session, now_or(now))
        rows = session.scalars(
            select(Ticket).where(Ticket.state == ts.NO_SHOW, Ticket.business_day == day).order_by(Ticket.id.desc())
        )
        return [info(session, t) for t in rows]


def lines(store: Store, *, counter: int | None = None, now: datetime | None = None,
          include_inactive: bool = False) -> list[LineInfo]:
    """Service lines with today's waiting counts; only those ``counter`` serves when given."""
    with store.read() as session:
        day = current_day(session, now_or(now))
        query = select(ServiceLine).order_by(ServiceLine.sort_order, ServiceLine.prefix)
        if not include_inactive:
            query = query.where(ServiceLine.active.is_(True))
        if counter is not None:
            desk = counter_by_number(session, counter)
            query = query.where(ServiceLine.id.in_(select(CounterLine.line_id).where(CounterLine.counter_id == desk.id)))
        queue_line = queue_line_expr()
        counts = {
            line_id: (int(total), int(prio or 0))
            for line_id, total, prio in session.execute(
                select(queue_line, func.count(), func.sum(case((Ticket.priority.is_(True), 1), else_=0)))
                .where(Ticket.state == ts.WAITING, Ticket.business_day == day)
                .group_by(queue_line)
            )
        }
        last_called: dict[int, str] = {
            line_id: number
            for line_id, number in session.execute(
                select(Ticket.line_id, Ticket.number)
                .where(Ticket.business_day == day, Ticket.called_at.is_not(None))
                .order_by(Ticket.called_at)
            )
        }
        return [
            LineInfo(id=line.id, prefix=line.prefix, name=line.name, is_return_line=line.is_return_line,
                     waiting=counts.get(line.id, (0, 0))[0], priority_waiting=counts.get(line.id, (0, 0))[1],
                     last_number=last_called.get(line.id))
            for line in session.scalars(query)
        ]


def counters(store: Store) -> list[CounterInfo]:
    """Active counters and the lines each serves."""
    with store.read() as session:
        served: dict[int, list[str]] = {}
        for counter_id, prefix in session.execute(
            select(CounterLine.counter_id, ServiceLine.prefix)
            .join(ServiceLine, ServiceLine.id == CounterLine.line_id)
            .order_by(ServiceLine.sort_order)
        ):
            served.setdefault(counter_id, []).append(prefix)
        return [
            CounterInfo(id=c.id, number=c.number, name=c.name or f"Quầy {c.number}", lines=tuple(served.get(c.id, [])))
            for c in session.scalars(select(Counter).where(Counter.active.is_(True)).order_by(Counter.number))
        ]


def counter_number(store: Store, counter_id: int) -> int | None:
    """The number of the counter with database id ``counter_id`` (an Actor carries the id)."""
    with store.read() as session:
        found = session.get(Counter, counter_id)
        return None if found is None else found.number


def _calls_query() -> Any:
    return (
        select(TicketEvent.id, TicketEvent.ticket_id, Ticket.number, Counter.number, Counter.name, TicketEvent.at,
               TicketEvent.kind)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(Counter, Counter.id == TicketEvent.counter_id)
        .where(TicketEvent.kind.in_(ts.CALL_KINDS))
    )


def _call(row: Any) -> CallInfo:
    event_id, ticket_id, number, counter_no, counter_name, at, kind = row
    return CallInfo(event_id=event_id, ticket_id=ticket_id, number=number, counter=counter_no,
                    counter_name=counter_name or f"Quầy {counter_no}", at=to_vn(at), recall=kind == ts.RECALLED)


def calls_since(store: Store, after_event_id: int, *, limit: int = 50) -> list[CallInfo]:
    """Calls newer than ``after_event_id``, oldest first: the display's cheap 500 ms poll."""
    with store.read() as session:
        rows = session.execute(
            _calls_query().where(TicketEvent.id > after_event_id).order_by(TicketEvent.id).limit(limit)
        ).all()
        return [_call(r) for r in rows]


def recent_calls(store: Store, *, limit: int = 8, now: datetime | None = None) -> list[CallInfo]:
    """Today's latest calls, newest first (the display on start-up)."""
    with store.read() as session:
        day = current_day(session, now_or(now))
        rows = session.execute(
            _calls_query().where(Ticket.business_day == day).order_by(TicketEvent.id.desc()).limit(limit)
        ).all()
        return [_call(r) for r in rows]


def last_event_id(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.max(TicketEvent.id))) or 0)
