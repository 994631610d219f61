"""Counters and queue service lines (issue 16 item 5): add, rename, retire, and which lines each
counter calls from. Administrators only; every change is validated (a field-level DomainError,
nothing written) and audited in its transaction.

Nothing is ever deleted: a retired counter keeps its tickets, events and statistics and can no
longer call (queue.model.open_counter refuses it); a retired line issues no more numbers and
leaves the dispenser, its history stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Counter, CounterLine, ServiceLine, Ticket
from counterdesk.services import audit
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

MAX_COUNTER = 999
MAX_NUMBER = 9999  # a ticket number has at most four digits on the slip and the display
_PREFIX = re.compile(r"^[A-Z]{1,3}$")


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: str
    active: bool
    lines: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.name, "active": self.active, "lines": list(self.lines)}


@dataclass(frozen=True)
class LineRow:
    prefix: str
    name: str
    first_number: int
    last_number: int
    daily_cap: int | None
    is_return_line: bool
    active: bool
    counters: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {"prefix": self.prefix, "name": self.name, "first_number": self.first_number,
                "last_number": self.last_number, "daily_cap": self.daily_cap,
                "is_return_line": self.is_return_line, "active": self.active, "counters": list(self.counters)}


# --------------------------------------------------------------------------- validation


def _name(value: str, limit: int, what: str) -> str:
    clean = " ".join(nfc(value).split())
    if not clean:
        raise InvalidInput(f"Hãy nhập tên {what}.", field="name")
    if len(clean) > limit or has_control_chars(clean):
        raise InvalidInput(f"Tên {what} dài quá {limit} ký tự hoặc có ký tự không hợp lệ.", field="name")
    return clean


def _counter_number(number: int) -> int:
    if not 1 <= number <= MAX_COUNTER:
        raise InvalidInput(f"Số quầy phải từ 1 đến {MAX_COUNTER}.", field="number")
    return number


def _prefix(value: str) -> str:
    clean = nfc(value).strip().upper()
    if not _PREFIX.match(clean):
        raise InvalidInput("Mã dãy số gồm 1–3 chữ cái không dấu (ví dụ A, B, TK).", field="prefix")
    return clean


def _range(first: int, last: int, cap: int | None) -> None:
    if not 1 <= first <= MAX_NUMBER:
        raise InvalidInput(f"Số đầu phải từ 1 đến {MAX_NUMBER}.", field="first_number")
    if not first <= last <= MAX_NUMBER:
        raise InvalidInput(f"Số cuối phải từ số đầu ({first}) đến {MAX_NUMBER}.", field="last_number")
    if cap is not None and not 1 <= cap <= last - first + 1:
        raise InvalidInput(f"Số phiếu tối đa mỗi ngày phải từ 1 đến {last - first + 1}.", field="daily_cap")


# --------------------------------------------------------------------------- lookups


def _counter(session: Session, number: int) -> Counter:
    found = session.scalars(select(Counter).where(Counter.number == number)).first()
    if found is None:
        raise NotFound(f"Không có quầy số {number}.", field="number")
    return found


def _line(session: Session, prefix: str) -> ServiceLine:
    clean = _prefix(prefix)
    found = session.scalars(select(ServiceLine).where(ServiceLine.prefix == clean)).first()
    if found is None:
        raise NotFound(f"Không có dãy số '{clean}'.", field="prefix")
    return found


# --------------------------------------------------------------------------- reading


def list_counters(store: Store) -> list[CounterRow]:
    """Every counter, retired ones too, with the lines it calls from."""
    with store.read() as session:
        served: dict[int, list[str]] = {}
        for counter_id, prefix in session.execute(
            select(CounterLine.counter_id, ServiceLine.prefix)
            .join(ServiceLine, ServiceLine.id == CounterLine.line_id).order_by(ServiceLine.sort_order)
        ):
            served.setdefault(counter_id, []).append(prefix)
        return [CounterRow(c.number, c.name or f"Quầy {c.number}", c.active, tuple(served.get(c.id, [])))
                for c in session.scalars(select(Counter).order_by(Counter.number))]


def list_lines(store: Store) -> list[LineRow]:
    """Every service line, retired ones too, with the counters calling from it."""
    with store.read() as session:
        callers: dict[int, list[int]] = {}
        for line_id, number in session.execute(
            select(CounterLine.line_id, Counter.number)
            .join(Counter, Counter.id == CounterLine.counter_id).order_by(Counter.number)
        ):
            callers.setdefault(line_id, []).append(number)
        return [LineRow(x.prefix, x.name, x.first_number, x.last_number, x.daily_cap, x.is_return_line, x.active,
                        tuple(callers.get(x.id, [])))
                for x in session.scalars(select(ServiceLine).order_by(ServiceLine.sort_order, ServiceLine.prefix))]


# --------------------------------------------------------------------------- counters


def add_counter(store: Store, actor: Actor, number: int, name: str = "") -> CounterRow:
    actor.require("settings.edit")
    number = _counter_number(number)
    clean = _name(name or f"Quầy {number}", 100, "quầy")
    with store.write() as session:
        found = session.scalars(select(Counter).where(Counter.number == number)).first()
        if found is not None:
            state = "đang hoạt động" if found.active else "đã ngừng"
            raise Conflict(f"Đã có quầy số {number} ({state}).", field="number")
        session.add(Counter(office_id=office(session).id, number=number, name=clean, active=True))
        audit.append(session, actor, "counter.added", "counter", str(number), clean)
    return CounterRow(number, clean, True, ())


def rename_counter(store: Store, actor: Actor, number: int, name: str) -> None:
    actor.require("settings.edit")
    clean = _name(name, 100, "quầy")
    with store.write() as session:
        counter = _counter(session, number)
        audit.append(session, actor, "counter.renamed", "counter", str(number), f"{counter.name} → {clean}")
        counter.name = clean


def retire_counter(store: Store, actor: Actor, number: int) -> None:
    """Stop a counter: it can no longer call; its history stays. Refused while it holds a ticket."""
    actor.require("settings.edit")
    with store.write() as session:
        counter = _counter(session, number)
        if not counter.active:
            raise Conflict(f"Quầy số {number} đã ngừng hoạt động.", field="number")
        held = session.scalars(select(Ticket.number).where(Ticket.counter_id == counter.id,
                                                           Ticket.state.in_(ts.ACTIVE))).first()
        if held is not None:
            raise Conflict(f"Quầy số {number} đang gọi hoặc phục vụ số {held}; hãy kết thúc số đó trước.",
                           field="number")
        counter.active = False
        audit.append(session, actor, "counter.retired", "counter", str(number))


# --------------------------------------------------------------------------- lines


def add_line(store: Store, actor: Actor, prefix: str, name: str, *, first_number: int = 1, last_number: int = 999,
             daily_cap: int | None = None, is_return_line: bool = False) -> LineRow:
    actor.require("settings.edit")
    clean_prefix = _prefix(prefix)
    clean = _name(name, 150, "dãy số")
    _range(first_number, last_number, daily_cap)
    with store.write() as session:
        if session.scalars(select(ServiceLine.id).where(ServiceLine.prefix == clean_prefix)).first() is not None:
            raise Conflict(f"Đã có dãy số '{clean_prefix}'.", field="prefix")
        order = int(session.scalar(select(func.max(ServiceLine.sort_order))) or 0) + 1
        session.add(ServiceLine(office_id=office(session).id, prefix=clean_prefix, name=clean,
                                first_number=first_number, last_number=last_number, daily_cap=daily_cap,
                                is_return_line=is_return_line, active=True, sort_order=order))
        audit.append(session, actor, "line.added", "service_line", clean_prefix,
                     f"{clean}; số {first_number}–{last_number}" + (f"; tối đa {daily_cap}/ngày" if daily_cap else ""))
    return LineRow(clean_prefix, clean, first_number, last_number, daily_cap, is_return_line, True, ())


def rename_line(store: Store, actor: Actor, prefix: str, name: str) -> None:
    actor.require("settings.edit")
    clean = _name(name, 150, "dãy số")
    with store.write() as session:
        line = _line(session, prefix)
        audit.append(session, actor, "line.renamed", "service_line", line.prefix, f"{line.name} → {clean}")
        line.name = clean


def retire_line(store: Store, actor: Actor, prefix: str) -> None:
    """Stop issuing numbers of a line (tickets already waiting are still called)."""
    actor.require("settings.edit")
    with store.write() as session:
        line = _line(session, prefix)
        if not line.active:
            raise Conflict(f"Dãy số '{line.prefix}' đã ngừng cấp số.", field="prefix")
        line.active = False
        audit.append(session, actor, "line.retired", "service_line", line.prefix)


def map_line(store: Store, actor: Actor, prefix: str, counter: int) -> None:
    """Let ``counter`` call from the line ``prefix``."""
    actor.require("settings.edit")
    with store.write() as session:
        line, desk = _line(session, prefix), _counter(session, counter)
        if not desk.active:
            raise Conflict(f"Quầy số {counter} đã ngừng hoạt động.", field="counter")
        if session.get(CounterLine, (desk.id, line.id)) is not None:
            raise Conflict(f"Quầy số {counter} đã gọi số dãy '{line.prefix}'.", field="counter")
        session.add(CounterLine(counter_id=desk.id, line_id=line.id))
        audit.append(session, actor, "line.mapped", "service_line", line.prefix, f"quầy {counter}")


def unmap_line(store: Store, actor: Actor, prefix: str, counter: int) -> None:
    actor.require("settings.edit")
    with store.write() as session:
        line, desk = _line(session, prefix), _counter(session, counter)
        link = session.get(CounterLine, (desk.id, line.id))
        if link is None:
            raise NotFound(f"Quầy số {counter} không gọi số dãy '{line.prefix}'.", field="counter")
        session.delete(link)
        audit.append(session, actor, "line.unmapped", "service_line", line.prefix, f"quầy {counter}")
