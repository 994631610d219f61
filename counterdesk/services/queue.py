"""Queue tickets (DESIGN §3.3): issue, call, recall, no-show, serve, finish, transfer, cancel.

Rules this module guarantees, on SQLite and PostgreSQL alike:

* A number is taken from ``numbering.next_value`` (scope ``ticket:<line id>``) inside the same
  transaction that stores the ticket: two dispensers never get one number, a failed issue leaves
  no gap, and the ticket is committed before anything is printed.
* Calling claims the ticket row in one writing transaction. SQLite serialises writers with
  BEGIN IMMEDIATE; PostgreSQL claims with ``SELECT … FOR UPDATE SKIP LOCKED``, so two clerks
  pressing "next" together get two different tickets and never the same one.
* The business day never goes backwards: it is the later of the PC clock's Vietnamese day and the
  newest day already holding tickets. A clock that jumps back to yesterday keeps numbering today's
  sequence instead of handing out yesterday's numbers again. The daily reset is just a new
  sequence row for the new day: nothing is deleted, history stays for statistics.
* Every transition appends a TicketEvent (kind, moment, user, counter).

Call order for a counter: tickets transferred to that very counter first, then priority tickets,
then first come first served (issue order = ticket id) across the lines the counter serves.

Transfer rules ("keeps its place"):
* Only the ticket a counter is handling (called or serving) can be transferred, by that counter.
* To another line: the ticket waits again in the target line with the same number, the same
  priority flag and its original place (issue order). It is therefore called before anyone in
  that line who took a number after it — the citizen has already waited once.
* To another counter: it waits for that counter only, which calls it before its ordinary queue.
* The recall count starts again at zero for the new call.

Counters are named by their number (``Quầy 3`` → 3), as printed on the display and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from counterdesk.domain.clock import business_day, iso_vn, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Counter, CounterLine, ServiceLine, Ticket, TicketEvent
from counterdesk.services import audit, numbering, settings
from counterdesk.store.rawsql import Sql
from counterdesk.store.uow import Store

if TYPE_CHECKING:  # printing loads Pillow, barcodes and reportlab: only when a slip is made
    from counterdesk.printing.ticket import TicketPrinter, TicketSlip

WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED = "waiting", "called", "serving", "done", "no_show", "cancelled"
ACTIVE = (CALLED, SERVING)
STATE_NAMES = {
    WAITING: "Đang chờ", CALLED: "Đã gọi", SERVING: "Đang phục vụ", DONE: "Đã xong",
    NO_SHOW: "Vắng mặt", CANCELLED: "Đã huỷ",
}
CALL_KINDS = ("called", "recalled")


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
    state: str
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
        return STATE_NAMES.get(self.state, self.state)

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


# --------------------------------------------------------------------------- helpers


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_vn(moment)


def _now(now: datetime | None) -> datetime:
    return now_vn() if now is None else to_vn(now)


def current_day(session: Session, now: datetime) -> date:
    """Today's business day, never earlier than a day that already holds tickets (clock jumps)."""
    return _day_after(business_day(now), session.scalar(_MAX_DAY))


def _day_after(clock_day: date, latest: date | None) -> date:
    return latest if latest is not None and latest > clock_day else clock_day


def _number(prefix: str, seq: int, last: int) -> str:
    return f"{prefix}{seq:0{max(3, len(str(last)))}d}"


def _line_by_prefix(session: Session, prefix: str) -> ServiceLine:
    clean = _clean_prefix(prefix)
    line = session.scalars(select(ServiceLine).where(ServiceLine.prefix == clean)).first()
    if line is None:
        raise _unknown_line(clean, session.scalars(select(ServiceLine.prefix).order_by(ServiceLine.sort_order)))
    return line


def _unknown_line(prefix: str, known: Iterable[str]) -> NotFound:
    return NotFound(f"Không có dãy số '{prefix}'. Các dãy hiện có: {', '.join(known)}.")


def _counter(session: Session, number: int) -> Counter:
    counter = session.scalars(select(Counter).where(Counter.number == number)).first()
    if counter is None:
        raise NotFound(f"Không có quầy số {number}.")
    if not counter.active:
        raise Conflict(f"Quầy số {number} đang ngừng hoạt động.")
    return counter


def _event(session: Session, ticket: Ticket, kind: str, actor: Actor, counter_id: int | None,
           at: datetime, note: str = "") -> None:
    session.add(TicketEvent(ticket_id=ticket.id, at=at, kind=kind, user_id=actor.user_id,
                            counter_id=counter_id, note=note))
    # Every state change is in the hash-chained audit trail too (issue 9), in the same transaction.
    audit.append(session, actor, f"ticket.{kind}", "ticket", f"{ticket.business_day:%Y-%m-%d}/{ticket.number}",
                 f"quầy {counter_id}" if counter_id else "")


def _info(session: Session, t: Ticket) -> TicketInfo:
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


def _queue_line_expr() -> Any:
    return func.coalesce(Ticket.target_line_id, Ticket.line_id)


def _current(session: Session, counter: Counter, day: date, *, lock: bool) -> Ticket | None:
    query = (
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.state.in_(ACTIVE), Ticket.business_day == day)
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def _require_current(session: Session, counter: Counter, day: date) -> Ticket:
    ticket = _current(session, counter, day, lock=True)
    if ticket is None:
        raise Conflict(f"Quầy số {counter.number} chưa gọi số nào.")
    return ticket


def _claim(ticket: Ticket, counter: Counter, actor: Actor, at: datetime) -> None:
    ticket.state = CALLED
    ticket.counter_id = counter.id
    ticket.target_counter_id = None
    ticket.called_by = actor.user_id
    ticket.called_at = at
    ticket.serving_at = None
    ticket.finished_at = None
    ticket.recall_count = 0


def _close_previous(session: Session, counter: Counter, day: date, actor: Actor, at: datetime) -> None:
    """Before a new call: a ticket being served is finished; one only called must be settled first."""
    current = _current(session, counter, day, lock=True)
    if current is None:
        return
    if current.state == CALLED:
        raise Conflict(
            f"Quầy số {counter.number} đang gọi số {current.number}: hãy bấm 'Bắt đầu phục vụ' (F4) "
            "hoặc 'Vắng mặt' (F7) trước khi gọi số khác."
        )
    current.state = DONE
    current.finished_at = at
    _event(session, current, "done", actor, counter.id, at, "kết thúc khi gọi số tiếp theo")


# --------------------------------------------------------------------------- issuing

_MAX_DAY = select(func.max(Ticket.business_day))

# The issue path is plain SQL on the driver's cursor (store/rawsql.py): it is eight small
# statements around one fsync, and SQLAlchemy's own cost per statement would be most of the time.
_ISSUE_CONTEXT = (
    "SELECT l.id, l.prefix, l.name, l.first_number, l.last_number, l.daily_cap, l.active, l.is_return_line, "
    "(SELECT max(business_day) FROM ticket), (SELECT name FROM office ORDER BY id LIMIT 1) "
    "FROM service_line l WHERE l.prefix = :prefix"
)
_KNOWN_LINES = "SELECT prefix FROM service_line ORDER BY sort_order"
_DOSSIER_EXISTS = "SELECT id FROM dossier WHERE code = :code"
_INSERT_TICKET = (
    "INSERT INTO ticket (line_id, business_day, seq, number, priority, state, issued_at, recall_count, printed, "
    "dossier_code) VALUES (:line_id, :business_day, :seq, :number, :priority, 'waiting', :issued_at, 0, :printed, "
    ":dossier_code) RETURNING id"
)
_INSERT_EVENT = (
    "INSERT INTO ticket_event (ticket_id, at, kind, user_id, counter_id, note) "
    "VALUES (:ticket_id, :at, :kind, :user_id, :counter_id, :note)"
)
# Who is called before a waiting ticket of its queue line: priority tickets first, then issue order.
# Tickets sent to one counter wait outside the line's queue. Counted as the line's own tickets plus
# those transferred into it, each an index-only range of ix_ticket_queue ("id + 0": a range on id
# would lead SQLite to the day index instead).
_QUEUED = "SELECT count(*) FROM ticket WHERE state = 'waiting' AND business_day = :day AND target_counter_id IS NULL AND id <> :tid AND "
_AHEAD_ORDINARY = (
    f"SELECT ({_QUEUED}target_line_id IS NULL AND line_id = :line AND (priority OR id < :tid)) + "
    f"({_QUEUED}target_line_id = :line AND (priority OR id < :tid))"
)
_AHEAD_PRIORITY = (
    f"SELECT ({_QUEUED}target_line_id IS NULL AND line_id = :line AND priority = :yes AND id < :tid) + "
    f"({_QUEUED}target_line_id = :line AND priority = :yes AND id + 0 < :tid)"
)
# A ticket being issued is the newest of its line (its number's row lock orders the line's inserts),
# so everyone waiting is ahead of it, or every priority ticket for a priority one: pure index ranges.
_WAITING = "SELECT count(*) FROM ticket WHERE state = 'waiting' AND business_day = :day AND target_counter_id IS NULL AND "
_AHEAD_OF_NEW = f"SELECT ({_WAITING}target_line_id IS NULL AND line_id = :line) + ({_WAITING}target_line_id = :line)"
_AHEAD_OF_NEW_PRIORITY = (
    f"SELECT ({_WAITING}target_line_id IS NULL AND line_id = :line AND priority = :yes) + "
    f"({_WAITING}target_line_id = :line AND priority = :yes)"
)


def _ahead(sql: Sql, day: date, ticket_id: int, line_id: int, priority: bool, *, new: bool = False) -> int:
    """People called before a waiting ticket of its queue line (``new``: the ticket just issued)."""
    params = {"day": sql.bind(Ticket.business_day, day), "tid": ticket_id, "line": line_id, "yes": True}
    if new:
        return int(sql.scalar(_AHEAD_OF_NEW_PRIORITY if priority else _AHEAD_OF_NEW, params) or 0) - 1  # not itself
    return int(sql.scalar(_AHEAD_PRIORITY if priority else _AHEAD_ORDINARY, params) or 0)


def _clean_prefix(prefix: str) -> str:
    clean = nfc(prefix).upper()
    if not clean or len(clean) > 3 or has_control_chars(clean):
        raise InvalidInput(f"Mã dãy số không hợp lệ: '{prefix}'.")
    return clean



def issue_ticket(store: Store, actor: Actor, line: str, *, priority: bool = False,
                 dossier_code: str | None = None, now: datetime | None = None) -> IssuedTicket:
    """Take the next number of ``line`` (its prefix) and store the ticket; committed on return."""
    actor.require("queue.issue")
    at = _now(now)
    code = None if dossier_code is None else nfc(dossier_code)
    if code is not None and (not code or len(code) > 60 or has_control_chars(code)):
        raise InvalidInput("Mã hồ sơ không hợp lệ.")
    # One writing transaction: reading the line's settings inside it holds the write lock a few
    # microseconds longer and saves a whole transaction (BEGIN, COMMIT) per ticket.
    with store.write_sql() as sql:
        row = sql.one(_ISSUE_CONTEXT, {"prefix": _clean_prefix(line)})
        if row is None:
            raise _unknown_line(_clean_prefix(line), (r[0] for r in sql.execute(_KNOWN_LINES).fetchall()))
        line_id, prefix, name, first, last, cap, active, is_return, latest, office_name = row
        if not active:
            raise Conflict(f"Dãy số {prefix} ({name}) đang tạm ngừng cấp số.")
        if code is not None:
            if not is_return:
                raise InvalidInput(f"Dãy số {prefix} không phải dãy trả kết quả; không gắn mã hồ sơ được.")
            if sql.scalar(_DOSSIER_EXISTS, {"code": code}) is None:
                raise NotFound(f"Không tìm thấy hồ sơ mã {code}.")
        day = _day_after(business_day(at), sql.load(Ticket.business_day, latest))
        seq = numbering.next_value(sql, f"ticket:{line_id}", day, first, last)
        if cap is not None and seq - first + 1 > cap:
            raise Conflict(
                f"Dãy số {prefix} ({name}) đã cấp đủ {cap} số trong ngày; "
                "mời công dân quay lại vào ngày làm việc tiếp theo."
            )
        number = _number(prefix, seq, last)
        stored_day, stored_at = sql.bind(Ticket.business_day, day), sql.bind(Ticket.issued_at, at)
        ticket_id = int(sql.scalar(_INSERT_TICKET, {
            "line_id": line_id, "business_day": stored_day, "seq": seq, "number": number, "priority": priority,
            "issued_at": stored_at, "printed": False, "dossier_code": code,
        }))
        note = "ưu tiên" if priority else ""
        sql.execute(_INSERT_EVENT, {
            "ticket_id": ticket_id, "at": stored_at, "kind": "issued", "user_id": actor.user_id,
            "counter_id": actor.counter_id, "note": note,
        })
        audit.append(sql, actor, "ticket.issued", "ticket", f"{day:%Y-%m-%d}/{number}", note)
        ahead = _ahead(sql, day, ticket_id, line_id, priority, new=True)
    info = TicketInfo(
        id=ticket_id, number=number, line=prefix, line_name=name, own_line=prefix, priority=priority, state=WAITING,
        business_day=day, issued_at=at, called_at=None, serving_at=None, finished_at=None, counter=None,
        target_counter=None, recall_count=0, printed=False, dossier_code=code,
    )
    return IssuedTicket(ticket=info, ahead=ahead, office_name=office_name or "")


def issue_return_ticket(store: Store, actor: Actor, dossier_code: str, *, priority: bool = False,
                        now: datetime | None = None) -> IssuedTicket:
    """A ticket on the return-of-results line carrying the dossier code (scanned receipt)."""
    with store.read() as session:
        prefix = session.scalar(
            select(ServiceLine.prefix).where(ServiceLine.is_return_line.is_(True)).order_by(ServiceLine.sort_order)
        )
    if prefix is None:
        raise NotFound("Chưa cấu hình dãy số trả kết quả.")
    return issue_ticket(store, actor, prefix, priority=priority, dossier_code=dossier_code, now=now)


def mark_printed(store: Store, ticket_id: int) -> None:
    """Remember that the slip came out of the printer (a reprint from the desk sets it too)."""
    with store.write() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        ticket.printed = True


def slip_data(store: Store, ticket_id: int) -> IssuedTicket:
    """What a (re)printed slip shows, read back from the store."""
    with store.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        info = _info(session, ticket)
        ahead = 0
        if ticket.state == WAITING and ticket.target_counter_id is None:  # sent to one counter: called first there
            ahead = _ahead(Sql.of_session(session), ticket.business_day, ticket.id,
                           ticket.target_line_id or ticket.line_id, ticket.priority)
        return IssuedTicket(ticket=info, ahead=ahead, office_name=settings.office(session).name)


# --------------------------------------------------------------------------- calling


def _next_query(counter: Counter, day: date) -> Any:
    served_lines = select(CounterLine.line_id).where(CounterLine.counter_id == counter.id)
    mine = Ticket.target_counter_id == counter.id
    return (
        select(Ticket)
        .where(
            Ticket.state == WAITING,
            Ticket.business_day == day,
            or_(mine, and_(Ticket.target_counter_id.is_(None), _queue_line_expr().in_(served_lines))),
        )
        .order_by(case((mine, 0), else_=1), Ticket.priority.desc(), Ticket.id)
    )


def call_next(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Call the next citizen to ``counter``; raises NotFound when nobody waits."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        day = current_day(session, at)
        _close_previous(session, desk, day, actor, at)
        ticket = session.scalars(_next_query(desk, day).limit(1).with_for_update(skip_locked=True)).first()
        if ticket is None:
            raise NotFound(f"Không có công dân nào đang chờ ở các dãy của quầy số {counter}.")
        _claim(ticket, desk, actor, at)
        _event(session, ticket, "called", actor, desk.id, at)
        return _info(session, ticket)


def call_ticket(store: Store, actor: Actor, counter: int, ticket_id: int, *, now: datetime | None = None) -> TicketInfo:
    """Call a chosen ticket (out of order, or a no-show who came back) to ``counter``."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        day = current_day(session, at)
        ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        if ticket.business_day != day:
            raise Conflict(f"Số {ticket.number} là của ngày {ticket.business_day:%d/%m/%Y}, không gọi được hôm nay.")
        if ticket.state not in (WAITING, NO_SHOW):
            raise Conflict(f"Số {ticket.number} đang ở trạng thái '{STATE_NAMES[ticket.state]}', không gọi được.")
        if ticket.target_counter_id is not None and ticket.target_counter_id != desk.id:
            raise Conflict(f"Số {ticket.number} đã được chuyển cho quầy khác.")
        _close_previous(session, desk, day, actor, at)
        was_no_show = ticket.state == NO_SHOW
        _claim(ticket, desk, actor, at)
        _event(session, ticket, "called", actor, desk.id, at, "gọi lại số vắng mặt" if was_no_show else "gọi theo lựa chọn")
        return _info(session, ticket)


def recall(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Call the counter's current ticket again (at most ``queue.max_recalls`` times)."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        ticket = _require_current(session, desk, current_day(session, at))
        if ticket.state != CALLED:
            raise Conflict(f"Số {ticket.number} đang được phục vụ; không cần gọi lại.")
        limit = int(settings.read(session, "queue.max_recalls"))
        if ticket.recall_count >= limit:
            raise Conflict(f"Số {ticket.number} đã được gọi lại {limit} lần (tối đa); hãy bấm 'Vắng mặt' (F7).")
        ticket.recall_count += 1
        _event(session, ticket, "recalled", actor, desk.id, at, f"lần {ticket.recall_count}")
        return _info(session, ticket)


def no_show(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """The citizen called did not come; the ticket may be called again later by choice."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        ticket = _require_current(session, desk, current_day(session, at))
        if ticket.state != CALLED:
            raise Conflict(f"Số {ticket.number} đang được phục vụ, không báo vắng được.")
        ticket.state = NO_SHOW
        ticket.finished_at = at
        _event(session, ticket, "no_show", actor, desk.id, at, f"đã gọi lại {ticket.recall_count} lần")
        return _info(session, ticket)


def start_serving(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """The called citizen is at the counter."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        ticket = _require_current(session, desk, current_day(session, at))
        if ticket.state == SERVING:
            return _info(session, ticket)
        ticket.state = SERVING
        ticket.serving_at = at
        _event(session, ticket, "serving", actor, desk.id, at)
        return _info(session, ticket)


def finish(store: Store, actor: Actor, counter: int, *, now: datetime | None = None) -> TicketInfo:
    """Service of the counter's current ticket is over."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        ticket = _require_current(session, desk, current_day(session, at))
        if ticket.serving_at is None or ticket.state == CALLED:
            ticket.serving_at = at
            _event(session, ticket, "serving", actor, desk.id, at, "bắt đầu khi kết thúc")
        ticket.state = DONE
        ticket.finished_at = at
        _event(session, ticket, "done", actor, desk.id, at)
        return _info(session, ticket)


def transfer(store: Store, actor: Actor, counter: int, *, to_line: str | None = None, to_counter: int | None = None,
             note: str = "", now: datetime | None = None) -> TicketInfo:
    """Send the counter's current ticket to another line or counter (rules in the module docstring)."""
    actor.require("queue.call")
    if (to_line is None) == (to_counter is None):
        raise InvalidInput("Hãy chọn chuyển sang một dãy số hoặc một quầy.")
    at = _now(now)
    with store.write() as session:
        desk = _counter(session, counter)
        ticket = _require_current(session, desk, current_day(session, at))
        if to_line is not None:
            target_line = _line_by_prefix(session, to_line)
            ticket.target_line_id = None if target_line.id == ticket.line_id else target_line.id
            ticket.target_counter_id = None
            where = f"dãy {target_line.prefix}"
        else:
            assert to_counter is not None
            target_counter = _counter(session, to_counter)
            if target_counter.id == desk.id:
                raise InvalidInput("Không chuyển được sang chính quầy đang phục vụ.")
            ticket.target_counter_id = target_counter.id
            where = f"quầy {target_counter.number}"
        ticket.state = WAITING
        ticket.counter_id = None
        ticket.recall_count = 0
        _event(session, ticket, "transferred", actor, desk.id, at, nfc(f"sang {where}. {note}").rstrip(". "))
        return _info(session, ticket)


def cancel(store: Store, actor: Actor, ticket_id: int, *, note: str = "", now: datetime | None = None) -> TicketInfo:
    """Withdraw a ticket that will not be served (issued by mistake, citizen left)."""
    actor.require("queue.call")
    at = _now(now)
    with store.write() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        if ticket.state in (DONE, CANCELLED):
            raise Conflict(f"Số {ticket.number} đã '{STATE_NAMES[ticket.state]}', không huỷ được.")
        ticket.state = CANCELLED
        ticket.finished_at = at
        _event(session, ticket, "cancelled", actor, ticket.counter_id, at, nfc(note))
        return _info(session, ticket)


# --------------------------------------------------------------------------- reading


def current_ticket(store: Store, counter: int, *, now: datetime | None = None) -> TicketInfo | None:
    """The ticket ``counter`` is calling or serving (intake links its dossier to it), or None."""
    with store.read() as session:
        desk = session.scalars(select(Counter).where(Counter.number == counter)).first()
        if desk is None:
            raise NotFound(f"Không có quầy số {counter}.")
        ticket = _current(session, desk, current_day(session, _now(now)), lock=False)
        return None if ticket is None else _info(session, ticket)


def get_ticket(store: Store, ticket_id: int) -> TicketInfo:
    with store.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự #{ticket_id}.")
        return _info(session, ticket)


def find_ticket(store: Store, number: str, *, now: datetime | None = None) -> TicketInfo:
    """Today's ticket with the printed number ("A012"), e.g. for a reprint."""
    clean = nfc(number).upper()
    with store.read() as session:
        day = current_day(session, _now(now))
        ticket = session.scalars(select(Ticket).where(Ticket.number == clean, Ticket.business_day == day)).first()
        if ticket is None:
            raise NotFound(f"Hôm nay không có số {clean}.")
        return _info(session, ticket)


def waiting_list(store: Store, counter: int, *, limit: int = 200, now: datetime | None = None) -> list[TicketInfo]:
    """Tickets ``counter`` may call, in the order 'next' would call them."""
    with store.read() as session:
        desk = session.scalars(select(Counter).where(Counter.number == counter)).first()
        if desk is None:
            raise NotFound(f"Không có quầy số {counter}.")
        day = current_day(session, _now(now))
        return [_info(session, t) for t in session.scalars(_next_query(desk, day).limit(limit))]


def no_show_list(store: Store, *, now: datetime | None = None) -> list[TicketInfo]:
    """Today's no-shows, newest first (a citizen who comes back is called again by choice)."""
    with store.read() as session:
        day = current_day(session, _now(now))
        rows = session.scalars(
            select(Ticket).where(Ticket.state == NO_SHOW, Ticket.business_day == day).order_by(Ticket.id.desc())
        )
        return [_info(session, t) for t in rows]


def lines(store: Store, *, counter: int | None = None, now: datetime | None = None,
          include_inactive: bool = False) -> list[LineInfo]:
    """Service lines with today's waiting counts; only those ``counter`` serves when given."""
    with store.read() as session:
        day = current_day(session, _now(now))
        query = select(ServiceLine).order_by(ServiceLine.sort_order, ServiceLine.prefix)
        if not include_inactive:
            query = query.where(ServiceLine.active.is_(True))
        if counter is not None:
            desk = session.scalars(select(Counter).where(Counter.number == counter)).first()
            if desk is None:
                raise NotFound(f"Không có quầy số {counter}.")
            query = query.where(ServiceLine.id.in_(select(CounterLine.line_id).where(CounterLine.counter_id == desk.id)))
        queue_line = _queue_line_expr()
        counts = {
            line_id: (int(total), int(prio or 0))
            for line_id, total, prio in session.execute(
                select(queue_line, func.count(), func.sum(case((Ticket.priority.is_(True), 1), else_=0)))
                .where(Ticket.state == WAITING, Ticket.business_day == day)
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
        .where(TicketEvent.kind.in_(CALL_KINDS))
    )


def _call(row: Any) -> CallInfo:
    event_id, ticket_id, number, counter_no, counter_name, at, kind = row
    return CallInfo(event_id=event_id, ticket_id=ticket_id, number=number, counter=counter_no,
                    counter_name=counter_name or f"Quầy {counter_no}", at=to_vn(at), recall=kind == "recalled")


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
        day = current_day(session, _now(now))
        rows = session.execute(
            _calls_query().where(Ticket.business_day == day).order_by(TicketEvent.id.desc()).limit(limit)
        ).all()
        return [_call(r) for r in rows]


def last_event_id(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.max(TicketEvent.id))) or 0)


# --------------------------------------------------------------------------- printing


def slip(issued: IssuedTicket) -> TicketSlip:
    from counterdesk.printing.ticket import TicketSlip

    t = issued.ticket
    return TicketSlip(ticket_id=t.id, number=t.number, line_name=t.line_name, priority=t.priority,
                      issued_at=t.issued_at, ahead=issued.ahead, office_name=issued.office_name,
                      dossier_code=t.dossier_code)


def ticket_printer(store: Store, home: Path) -> TicketPrinter:
    """The printer of the ``printer.ticket`` setting (PDFs in ``home``/tickets by default)."""
    from counterdesk.printing.ticket import printer_from_spec

    return printer_from_spec(settings.get(store, "printer.ticket") or "pdf", home)


def print_ticket(store: Store, ticket_id: int, printer: TicketPrinter) -> str:
    """Print (or reprint) a stored ticket's slip; slow, so the UI runs it off the GUI thread.

    Raises PrinterError when the printer fails; the ticket stays stored and unprinted."""
    where = printer.print_slip(slip(slip_data(store, ticket_id)))
    mark_printed(store, ticket_id)
    return where
