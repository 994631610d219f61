"""The calling state machine of a counter: call, recall, no-show, serve, finish, transfer, cancel.

Calling claims the ticket row in one writing transaction. SQLite serialises writers with BEGIN
IMMEDIATE; PostgreSQL claims with ``SELECT … FOR UPDATE SKIP LOCKED``, so two clerks pressing
"next" together get two different tickets and never the same one. Every transition appends a
TicketEvent (kind, moment, user, counter) and an audit entry.

Call order for a counter: tickets transferred to that very counter first, then priority tickets,
then first come first served (issue order = ticket id) across the lines the counter serves.

Transfer rules ("keeps its place"):
* Only the ticket a counter is handling (called or serving) can be transferred, by that counter.
* To another line: the ticket waits again in the target line with the same number, the same
  priority flag and its original place (issue order). It is therefore called before anyone in
  that line who took a number after it — the citizen has already waited once.
* To another counter: it waits for that counter only, which calls it before its ordinary queue.
* The recall count starts again at zero for the new call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import nfc
from counterdesk.models import Counter, CounterLine, Ticket
from counterdesk.services import opening_hours, settings
from counterdesk.services.queue.model import (
    TicketInfo,
    current_day,
    current_of,
    info,
    line_by_prefix,
    now_or,
    open_counter,
    queue_line_expr,
    record,
    ticket_for_update,
)
from counterdesk.store.uow import Store


def next_query(counter: Counter, day: date) -> Any:
    """The tickets ``counter`` may call, in the order "next" calls them."""
    served_lines = select(CounterLine.line_id).where(CounterLine.counter_id == counter.id)
    mine = Ticket.target_counter_id == counter.id
    return (
        select(Ticket)
        .where(
            Ticket.state == ts.WAITING,
            Ticket.business_day == day,
            or_(mine, and_(Ticket.target_counter_id.is_(None), queue_line_expr().in_(served_lines))),
        )
        .order_by(case((mine, 0), else_=1), Ticket.priority.desc(), Ticket.id)
    )


def _claim(ticket: Ticket, counter: Counter, actor: Actor, at: datetime) -> None:
    ticket.state = ts.CALLED
    ticket.counter_id = counter.id
    ticket.target_counter_id = None
    ticket.called_by = actor.user_id
    ticket.called_at = at
    ticket.serving_at = None
    ticket.finished_at = None
    ticket.recall_count = 0


def _close_previous(session: Session, counter: Counter, day: date, actor: Actor, at: datetime) -> None:
    """Before a new call: a ticket being served is finished; one only called must be settled first."""
    current = current_of(session, counter, day, lock=True)
    if current is None:
        return
    if current.state == ts.CALLED:
        raise Conflict(
            f"Quầy số {counter.number} đang gọi số {current.number}: hãy bấm 'Bắt đầu phục vụ' (F4) "
            "hoặc 'Vắng mặt' (F7) trước khi gọi số khác."
        )
    current.state = ts.DONE
    current.finished_at = at
    record(session, current, ts.DONE, actor, counter.id, at, "kết thúc khi gọi số tiếp theo")


def call_next(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Call the next citizen to ``counter``; raises NotFound when nobody waits.

    Outside opening hours it refuses (Conflict) unless the ``queue.outside_hours`` override is on;
    a chosen ticket (``call_ticket``) can still be called, to settle the day."""
    actor.require("queue.call")
    at = now_or(now)
    with store.write() as session:
        opening_hours.require_open(session, at)
        desk = open_counter(session, counter)
        day = current_day(session, at)
        _close_previous(session, desk, day, actor, at)
        ticket = session.scalars(next_query(desk, day).limit(1).with_for_update(skip_locked=True)).first()
        if ticket is None:
            raise NotFound(f"Không có công dân nào đang chờ ở các dãy của quầy số {counter}.")
        _claim(ticket, desk, actor, at)
        record(session, ticket, ts.CALLED, actor, desk.id, at)
        return info(session, ticket)


def call_ticket(store: Store, actor: Actor, counter: int, ticket_id: int, *, now: datetime | None = None) -> TicketInfo:
    """Call a chosen ticket (out of order, or a no-show who came back) to ``counter``."""
    actor.require("queue.call")
    at = now_or(now)
    with store.write() as session:
        desk = open_counter(session, counter)
        day = current_day(session, at)
        ticket = ticket_for_update(session, ticket_id)
        if ticket.business_day != day:
            raise Conflict(f"Số {ticket.number} là của ngày {ticket.business_day:%d/%m/%Y}, không gọi được hôm nay.")
        if ticket.state not in ts.CALLABLE:
            raise Conflict(f"Số {ticket.number} đang ở trạng thái '{ts.label(ticket.state)}', không gọi được.")
        if ticket.target_counter_id is not None and ticket.target_counter_id != desk.id:
            raise Conflict(f"Số {ticket.number} đã được chuyển cho quầy khác.")
        _close_previous(session, desk, day, actor, at)
        was_no_show = ticket.state == ts.NO_SHOW
        _claim(ticket, desk, actor, at)
        record(session, ticket, ts.CALLED, actor, desk.id, at,
               "gọi lại số vắng mặt" if was_no_show else "gọi theo lựa chọn")
        return info(session, ticket)


# --------------------------------------------------------------------------- the counter's current ticket


@dataclass
class Current:
    """The ticket a counter is handling, inside the writing transaction of one step."""

    session: Session
    desk: Counter
    ticket: Ticket
    at: datetime
    actor: Actor

    def record(self, kind: str, note: str = "") -> None:
        record(self.session, self.ticket, kind, self.actor, self.desk.id, self.at, note)


def _on_current(store: Store, actor: Actor, counter: int, now: datetime | None,
                step: Callable[[Current], None]) -> TicketInfo:
    """Open one step on the ticket ``counter`` is calling or serving: permission, moment,
    transaction, the counter and its locked ticket; ``step`` changes it; the result is read back."""
    actor.require("queue.call")
    at = now_or(now)
    with store.write() as session:
        desk = open_counter(session, counter)
        ticket = current_of(session, desk, current_day(session, at), lock=True)
        if ticket is None:
            raise Conflict(f"Quầy số {desk.number} chưa gọi số nào.")
        step(Current(session, desk, ticket, at, actor))
        return info(session, ticket)


def recall(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Call the counter's current ticket again (at most ``queue.max_recalls`` times)."""
    def step(c: Current) -> None:
        if c.ticket.state != ts.CALLED:
            raise Conflict(f"Số {c.ticket.number} đang được phục vụ; không cần gọi lại.")
        limit = int(settings.read(c.session, "queue.max_recalls"))
        if c.ticket.recall_count >= limit:
            raise Conflict(f"Số {c.ticket.number} đã được gọi lại {limit} lần (tối đa); hãy bấm 'Vắng mặt' (F7).")
        c.ticket.recall_count += 1
        c.record(ts.RECALLED, f"lần {c.ticket.recall_count}")
    return _on_current(store, actor, counter, now, step)


def no_show(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """The citizen called did not come; the ticket may be called again later by choice."""
    def step(c: Current) -> None:
        if c.ticket.state != ts.CALLED:
            raise Conflict(f"Số {c.ticket.number} đang được phục vụ, không báo vắng được.")
        c.ticket.state = ts.NO_SHOW
        c.ticket.finished_at = c.at
        c.record(ts.NO_SHOW, f"đã gọi lại {c.ticket.recall_count} lần")
    return _on_current(store, actor, counter, now, step)


def start_serving(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """The called citizen is at the counter (pressing it again changes nothing)."""
    def step(c: Current) -> None:
        if c.ticket.state == ts.SERVING:
            return
        c.ticket.state = ts.SERVING
        c.ticket.serving_at = c.at
        c.record(ts.SERVING)
    return _on_current(store, actor, counter, now, step)


def finish(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Service of the counter's current ticket is over."""
    def step(c: Current) -> None:
        if c.ticket.serving_at is None or c.ticket.state == ts.CALLED:
            c.ticket.serving_at = c.at
            c.record(ts.SERVING, "bắt đầu khi kết thúc")
        c.ticket.state = ts.DONE
        c.ticket.finished_at = c.at
        c.record(ts.DONE)
    return _on_current(store, actor, counter, now, step)


def transfer(store: Store, actor: Actor, counter: int, *, to_line: str | None = None, to_counter: int | None = None,
             note: str = "", now: datetime | None = None) -> TicketInfo:
    """Send the counter's current ticket to another line or counter (rules in the module docstring)."""
    if (to_line is None) == (to_counter is None):
        raise InvalidInput("Hãy chọn chuyển sang một dãy số hoặc một quầy.")

    def step(c: Current) -> None:
        ticket = c.ticket
        if to_line is not None:
            target_line = line_by_prefix(c.session, to_line)
            ticket.target_line_id = None if target_line.id == ticket.line_id else target_line.id
            ticket.target_counter_id = None
            where = f"dãy {target_line.prefix}"
        else:
            assert to_counter is not None
            target_counter = open_counter(c.session, to_counter)
            if target_counter.id == c.desk.id:
                raise InvalidInput("Không chuyển được sang chính quầy đang phục vụ.")
            ticket.target_counter_id = target_counter.id
            where = f"quầy {target_counter.number}"
        ticket.state = ts.WAITING
        ticket.counter_id = None
        ticket.recall_count = 0
        c.record(ts.TRANSFERRED, nfc(f"sang {where}. {note}").rstrip(". "))
    return _on_current(store, actor, counter, now, step)


def cancel(store: Store, actor: Actor, ticket_id: int, *, note: str = "", now: datetime | None = None) -> TicketInfo:
    """Withdraw a ticket that will not be served (issued by mistake, citizen left)."""
    actor.require("queue.call")
    at = now_or(now)
    with store.write() as session:
        ticket = ticket_for_update(session, ticket_id)
        if ticket.state in ts.CLOSED:
            raise Conflict(f"Số {ticket.number} đã '{ts.label(ticket.state)}', không huỷ được.")
        ticket.state = ts.CANCELLED
        ticket.finished_at = at
        record(session, ticket, ts.CANCELLED, actor, ticket.counter_id, at, nfc(note))
        return info(session, ticket)
