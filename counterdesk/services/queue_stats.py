"""Queue statistics for a day or a period: waiting and serving times per line, counter and clerk.

Computed from the TicketEvent log (the reset never deletes it), the way Qmatic keeps its
statistics, so transfers and recalls are counted where they happened:

* waiting time: from issue (or from a transfer) to the next call — recalls do not restart it;
* serving time: from "start serving" to "done" or to a transfer away, at the counter and by the
  clerk recorded on those events;
* issued / called / served / no-show / cancelled / transferred counts;
* lines are the line of the ticket's number; counters and clerks come from the events.
Durations below zero (a PC clock set back mid-visit) count as zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.models import Counter, ServiceLine, Ticket, TicketEvent, User
from counterdesk.store.uow import Store

MAX_DAYS = 3660


@dataclass(frozen=True)
class Durations:
    """Seconds: how many, average, median, longest (None when there is nothing to measure)."""

    count: int
    average: float | None
    median: float | None
    maximum: float | None

    @staticmethod
    def of(values: list[float]) -> Durations:
        if not values:
            return Durations(0, None, None, None)
        return Durations(len(values), statistics.fmean(values), statistics.median(values), max(values))


@dataclass(frozen=True)
class GroupStats:
    key: str  # "A", "3", "canbo1", or "" for the total
    label: str  # "Tư pháp – Hộ tịch", "Quầy 3", "Lê Văn Cường"
    issued: int
    called: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    waiting: Durations
    serving: Durations


@dataclass(frozen=True)
class QueueStats:
    day_from: date
    day_to: date
    total: GroupStats
    by_line: list[GroupStats]
    by_counter: list[GroupStats]
    by_clerk: list[GroupStats]


@dataclass
class _Acc:
    label: str
    issued: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    waiting: list[float] = field(default_factory=list)
    serving: list[float] = field(default_factory=list)

    def freeze(self, key: str) -> GroupStats:
        return GroupStats(key, self.label, self.issued, self.called, self.served, self.no_show, self.cancelled,
                          self.transferred, Durations.of(self.waiting), Durations.of(self.serving))


class _Groups:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.items: dict[str, _Acc] = {}

    def __getitem__(self, key: str) -> _Acc:
        if key not in self.items:
            self.items[key] = _Acc(self.labels.get(key, key))
        return self.items[key]

    def frozen(self) -> list[GroupStats]:
        return [acc.freeze(key) for key, acc in sorted(self.items.items(), key=lambda kv: kv[0])]


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def queue_stats(store: Store, actor: Actor, day_from: date, day_to: date | None = None) -> QueueStats:
    """Statistics of the business days ``day_from``..``day_to`` (inclusive)."""
    actor.require("report.view")
    day_to = day_to or day_from
    if day_to < day_from:
        raise InvalidInput("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    if (day_to - day_from).days > MAX_DAYS:
        raise InvalidInput("Khoảng thời gian thống kê tối đa 10 năm.")
    with store.read() as session:
        lines = {str(i): (p, n) for i, p, n in session.execute(select(ServiceLine.id, ServiceLine.prefix, ServiceLine.name))}
        counter_numbers = {cid: str(num) for cid, num in session.execute(select(Counter.id, Counter.number))}
        users = {str(uid): (name, full) for uid, name, full in session.execute(select(User.id, User.username, User.full_name))}
        tickets = {
            tid: str(line_id)
            for tid, line_id in session.execute(
                select(Ticket.id, Ticket.line_id).where(Ticket.business_day >= day_from, Ticket.business_day <= day_to)
            )
        }
        events = session.execute(
            select(TicketEvent.ticket_id, TicketEvent.kind, TicketEvent.at, TicketEvent.counter_id, TicketEvent.user_id)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(Ticket.business_day >= day_from, Ticket.business_day <= day_to)
            .order_by(TicketEvent.ticket_id, TicketEvent.id)
        ).all()

    by_line = _Groups({prefix: name for prefix, name in lines.values()})
    by_counter = _Groups({n: f"Quầy {n}" for n in counter_numbers.values()})
    by_clerk = _Groups({name: full or name for name, full in users.values()} | {"": "Không rõ / thiết bị"})
    total = _Acc("Tổng cộng")
    _walk(events, tickets, lines, counter_numbers, users, by_line, by_counter, by_clerk, total)
    return QueueStats(day_from, day_to, total.freeze(""), by_line.frozen(), by_counter.frozen(), by_clerk.frozen())


def _walk(events: Iterable[tuple[int, str, datetime, int | None, int | None]], tickets: dict[int, str],
          lines: dict[str, tuple[str, str]], counter_numbers: dict[int, str], users: dict[str, tuple[str, str]],
          by_line: _Groups, by_counter: _Groups, by_clerk: _Groups, total: _Acc) -> None:
    current: int | None = None
    wait_from: datetime | None = None
    serve_from: datetime | None = None
    for ticket_id, kind, at, counter_id, user_id in events:
        if ticket_id != current:
            current, wait_from, serve_from = ticket_id, None, None
        line = by_line[lines[tickets[ticket_id]][0]]
        counter = by_counter[counter_numbers[counter_id]] if counter_id in counter_numbers else None
        clerk = by_clerk[users[str(user_id)][0] if str(user_id) in users else ""]
        where = [g for g in (line, counter, clerk, total) if g is not None]
        if kind == ts.ISSUED:
            wait_from = at
            line.issued += 1
            total.issued += 1
        elif kind == ts.CALLED:
            for g in where:
                g.called += 1
            if wait_from is not None:
                for g in where:
                    g.waiting.append(_seconds(wait_from, at))
                wait_from = None
        elif kind == ts.SERVING:
            serve_from = at
        elif kind in (ts.DONE, ts.TRANSFERRED):
            if serve_from is not None:
                for g in where:
                    g.serving.append(_seconds(serve_from, at))
                    if kind == ts.DONE:
                        g.served += 1
                serve_from = None
            elif kind == ts.DONE:
                for g in where:
                    g.served += 1
            if kind == ts.TRANSFERRED:
                for g in where:
                    g.transferred += 1
                wait_from = at
        elif kind == ts.NO_SHOW:
            for g in where:
                g.no_show += 1
        elif kind == ts.CANCELLED:
            for g in where:
                g.cancelled += 1
