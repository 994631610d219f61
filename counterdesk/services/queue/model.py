"""What every part of the queue shares: the plain results it hands out and the small lookups
each use case starts with (the business day, a counter, a line, a ticket's event)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.clock import business_day, iso_vn, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Counter, ServiceLine, Ticket, TicketEvent
from counterdesk.services import audit

# --------------------------------------------------------------------------- plain results


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as the UI, CLI and printers see it (never an ORM object)."""

    id: int
    number: str
    line: str  # prefix of the line it waits in / was served in now
    line_name: str
    own_line: str  # prefix the number belongs to
    priority: bool
    state: str  # a code of domain/ticket_state.py
    business_day: date
    issued_at: datetime
    called_at: datetime | None
    serving_at: datetime | None
    finished_at: datetime | None
    counter: int | None
    target_counter: int | None
    recall_count: int
    printed: bool
    dossier_code: str | None

    @property
    def state_name(self) -> str:
        """The state as users read it ("Đang phục vụ"), never the stored code."""
        return ts.title(self.state)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "number": self.number, "line": self.line, "line_name": self.line_name,
            "own_line": self.own_line, "priority": self.priority, "state": self.state,
            "business_day": self.business_day.isoformat(), "issued_at": iso_vn(self.issued_at),
            "called_at": _iso(self.called_at), "serving_at": _iso(self.serving_at),
            "finished_at": _iso(self.finished_at), "counter": self.counter,
            "target_counter": self.target_counter, "recall_count": self.recall_count,
            "printed": self.printed, "dossier_code": self.dossier_code,
        }


@dataclass(frozen=True)
class IssuedTicket:
    """A freshly issued ticket plus what the printed slip needs."""

    ticket: TicketInfo
    ahead: int  # people who will be called before this one in its line
    office_name: str

    def as_json(self) -> dict[str, Any]:
        return {**self.ticket.as_json(), "ahead": self.ahead}


@dataclass(frozen=True)
class LineInfo:
    """An open service line with its waiting counts (dispenser buttons, desk and display counts)."""

    id: int
    prefix: str
    name: str
    is_return_line: bool
    waiting: int
    priority_waiting: int
    last_number: str | None  # last number called today in this line


@dataclass(frozen=True)
class CallInfo:
    """One call or recall, for the lobby display and its voice."""

    event_id: int
    ticket_id: int
    number: str
    counter: int
    counter_name: str
    at: datetime
    recall: bool


@dataclass(frozen=True)
class CounterInfo:
    id: int
    number: int
    name: str
    lines: tuple[str, ...]


# --------------------------------------------------------------------------- lookups

MAX_DAY = select(func.max(Ticket.business_day))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_vn(moment)


def now_or(now: datetime | None) -> datetime:
    """The moment of a use case: the caller's (tests, replays) or the clock's, in Vietnamese time."""
    return now_vn() if now is None else to_vn(now)


def current_day(session: Session, now: datetime) -> date:
    """Today's business day, never earlier than a day that already holds tickets (clock jumps)."""
    return day_after(business_day(now), session.scalar(MAX_DAY))


def day_after(clock_day: date, latest: date | None) -> date:
    return latest if latest is not None and latest > clock_day else clock_day


def clean_prefix(prefix: str) -> str:
    clean = nfc(prefix).upper()
    if not clean or len(clean) > 3 or has_control_chars(clean):
        raise InvalidInput(f"Mã dãy số không hợp lệ: '{prefix}'.")
    return clean


def unknown_line(prefix: str, known: Iterable[str]) -> NotFound:
    return NotFound(f"Không có dãy số '{prefix}'. Các dãy hiện có: {', '.join(known)}.")


def line_by_prefix(session: Session, prefix: str) -> ServiceLine:
    clean = clean_prefix(prefix)
    line = session.scalars(select(ServiceLine).where(ServiceLine.prefix == clean)).first()
    if line is None:
        raise unknown_line(clean, session.scalars(select(ServiceLine.prefix).order_by(ServiceLine.sort_order)))
    return line


def counter_by_number(session: Session, number: int) -> Counter:
    """A counter that exists, whatever its state (reading its queue, its history)."""
    counter = session.scalars(select(Counter).where(Counter.number == number)).first()
    if counter is None:
        raise NotFound(f"Không có quầy số {number}.")
    return counter


def open_counter(session: Session, number: int) -> Counter:
    """A counter that may call: it exists and is not retired."""
    counter = counter_by_number(session, number)
    if not counter.active:
        raise Conflict(f"Quầy số {number} đang ngừng hoạt động.")
    return counter


def ticket_for_update(session: Session, ticket_id: int) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
    if ticket is None:
        raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
    return ticket


def record(session: Session, ticket: Ticket, kind: str, actor: Actor, counter_id: int | None,
           at: datetime, note: str = "") -> None:
    """Append the ticket's event, and the same change to the hash-chained audit trail (issue 9),
    in the transaction of the change."""
    session.add(TicketEvent(ticket_id=ticket.id, at=at, kind=kind, user_id=actor.user_id,
                            counter_id=counter_id, note=note))
    audit.append(session, actor, f"ticket.{kind}", "ticket", f"{ticket.business_day:%Y-%m-%d}/{ticket.number}",
                 f"quầy {counter_id}" if counter_id else "")


def info(session: Session, t: Ticket) -> TicketInfo:
    own = session.get(ServiceLine, t.line_id)
    assert own is not None
    queue_line = session.get(ServiceLine, t.target_line_id) if t.target_line_id else own
    assert queue_line is not None
    counter = session.get(Counter, t.counter_id) if t.counter_id else None
    target = session.get(Counter, t.target_counter_id) if t.target_counter_id else None
    return TicketInfo(
        id=t.id, number=t.number, line=queue_line.prefix, line_name=queue_line.name, own_line=own.prefix,
        priority=t.priority, state=t.state, business_day=t.business_day, issued_at=to_vn(t.issued_at),
        called_at=None if t.called_at is None else to_vn(t.called_at),
        serving_at=None if t.serving_at is None else to_vn(t.serving_at),
        finished_at=None if t.finished_at is None else to_vn(t.finished_at),
        counter=None if counter is None else counter.number,
        target_counter=None if target is None else target.number,
        recall_count=t.recall_count, printed=t.printed, dossier_code=t.dossier_code,
    )


def queue_line_expr() -> Any:
    """The line a ticket waits in now: the one it was transferred to, else its own."""
    return func.coalesce(Ticket.target_line_id, Ticket.line_id)


def current_of(session: Session, counter: Counter, day: date, *, lock: bool) -> Ticket | None:
    """The ticket ``counter`` is calling or serving today, if any."""
    query = (
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.state.in_(ts.ACTIVE), Ticket.business_day == day)
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()
