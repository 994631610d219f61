"""The issue path: take the next number of a line and store the ticket (the dispenser's hot path).

* A number is taken from ``numbering.next_value`` (scope ``ticket:<line id>``) inside the same
  transaction that stores the ticket: two dispensers never get one number, a failed issue leaves
  no gap, and the ticket is committed before anything is printed.
* The business day never goes backwards: it is the later of the PC clock's Vietnamese day and the
  newest day already holding tickets. A clock that jumps back to yesterday keeps numbering today's
  sequence instead of handing out yesterday's numbers again. The daily reset is just a new
  sequence row for the new day: nothing is deleted, history stays for statistics.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.clock import business_day
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import ServiceLine, Ticket
from counterdesk.services import audit, numbering, settings
from counterdesk.services.queue import issue_pg
from counterdesk.services.queue.model import (
    IssuedTicket,
    TicketInfo,
    clean_prefix,
    day_after,
    info,
    now_or,
    unknown_line,
)
from counterdesk.store.rawsql import Sql
from counterdesk.store.uow import Store

# The issue path is plain SQL on the driver's cursor (store/rawsql.py): it is a few small
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


def _number(prefix: str, seq: int, last: int) -> str:
    return f"{prefix}{seq:0{max(3, len(str(last)))}d}"


# PostgreSQL over a LAN: the whole issue is one call of a server-side function built from the
# statements above (issue_pg.py), in autocommit mode: one round trip instead of BEGIN, the
# statements and COMMIT.
_PG_FUNCTION = issue_pg.function_sql(_INSERT_TICKET, _INSERT_EVENT, _AHEAD_OF_NEW, _AHEAD_OF_NEW_PRIORITY)


def _checked(prefix: str, name: str, active: bool, is_return: bool, code: str | None, dossier_found: bool) -> None:
    """Why a line refuses this ticket, if it does (nothing is kept: the transaction rolls back)."""
    if not active:
        raise Conflict(f"Dãy số {prefix} ({name}) đang tạm ngừng cấp số.")
    if code is not None:
        if not is_return:
            raise InvalidInput(f"Dãy số {prefix} không phải dãy trả kết quả; không gắn mã hồ sơ được.")
        if not dossier_found:
            raise NotFound(f"Không tìm thấy hồ sơ mã {code}.")


def _within_cap(prefix: str, name: str, seq: int, first: int, cap: int | None) -> None:
    if cap is not None and seq - first + 1 > cap:
        raise Conflict(
            f"Dãy số {prefix} ({name}) đã cấp đủ {cap} số trong ngày; "
            "mời công dân quay lại vào ngày làm việc tiếp theo."
        )


def _issue_pg(sql: Sql, actor: Actor, line: str, priority: bool, code: str | None, at: datetime) -> IssuedTicket:
    note = "ưu tiên" if priority else ""
    row = issue_pg.call(sql, *_PG_FUNCTION, {
        "prefix": line, "clock_day": business_day(at), "code": code, "priority": priority,
        "at": sql.bind(Ticket.issued_at, at), "kind": ts.ISSUED, "user_id": actor.user_id,
        "counter_id": actor.counter_id, "note": note,
        **audit.pg_entry_params(sql, actor, "ticket.issued", "ticket", note),
    })
    if row is None:
        raise unknown_line(line, (r[0] for r in sql.execute(_KNOWN_LINES).fetchall()))
    _line, prefix, name, first, last, cap, active, is_return, day, office, found, peek, seq, number, tid, ahead = row
    _checked(prefix, name, active, is_return, code, found)
    numbering.check_range(first, last)
    if seq is None:  # nothing was written: the daily cap or the end of the range
        _within_cap(prefix, name, first if peek is None else max(peek + 1, first), first, cap)
        raise numbering.used_up(day, last)
    return _issued(int(tid), number, prefix, name, priority, day, at, code, int(ahead), office)


def _issue_stepwise(sql: Sql, actor: Actor, line: str, priority: bool, code: str | None,
                    at: datetime) -> IssuedTicket:
    row = sql.one(_ISSUE_CONTEXT, {"prefix": line})
    if row is None:
        raise unknown_line(line, (r[0] for r in sql.execute(_KNOWN_LINES).fetchall()))
    line_id, prefix, name, first, last, cap, active, is_return, latest, office_name = row
    found = code is not None and is_return and sql.scalar(_DOSSIER_EXISTS, {"code": code}) is not None
    _checked(prefix, name, active, is_return, code, found)
    day = day_after(business_day(at), sql.load(Ticket.business_day, latest))
    seq = numbering.next_value(sql, f"ticket:{line_id}", day, first, last)
    _within_cap(prefix, name, seq, first, cap)
    number = _number(prefix, seq, last)
    stored_day, stored_at = sql.bind(Ticket.business_day, day), sql.bind(Ticket.issued_at, at)
    ticket_id = int(sql.scalar(_INSERT_TICKET, {
        "line_id": line_id, "business_day": stored_day, "seq": seq, "number": number, "priority": priority,
        "issued_at": stored_at, "printed": False, "dossier_code": code,
    }))
    note = "ưu tiên" if priority else ""
    sql.execute(_INSERT_EVENT, {
        "ticket_id": ticket_id, "at": stored_at, "kind": ts.ISSUED, "user_id": actor.user_id,
        "counter_id": actor.counter_id, "note": note,
    })
    audit.append(sql, actor, "ticket.issued", "ticket", f"{day:%Y-%m-%d}/{number}", note)
    ahead = _ahead(sql, day, ticket_id, line_id, priority, new=True)
    return _issued(ticket_id, number, prefix, name, priority, day, at, code, ahead, office_name)


def _issued(ticket_id: int, number: str, prefix: str, name: str, priority: bool, day: date, at: datetime,
            code: str | None, ahead: int, office_name: str | None) -> IssuedTicket:
    ticket = TicketInfo(
        id=ticket_id, number=number, line=prefix, line_name=name, own_line=prefix, priority=priority, state=ts.WAITING,
        business_day=day, issued_at=at, called_at=None, serving_at=None, finished_at=None, counter=None,
        target_counter=None, recall_count=0, printed=False, dossier_code=code,
    )
    return IssuedTicket(ticket=ticket, ahead=ahead, office_name=office_name or "")


def issue_ticket(store: Store, actor: Actor, line: str, *, priority: bool = False,
                 dossier_code: str | None = None, now: datetime | None = None) -> IssuedTicket:
    """Take the next number of ``line`` (its prefix) and store the ticket; committed on return."""
    actor.require("queue.issue")
    at = now_or(now)
    prefix = clean_prefix(line)
    code = None if dossier_code is None else nfc(dossier_code)
    if code is not None and (not code or len(code) > 60 or has_control_chars(code)):
        raise InvalidInput("Mã hồ sơ không hợp lệ.")
    # One writing transaction: reading the line's settings inside it holds the write lock a few
    # microseconds longer and saves a whole transaction (BEGIN, COMMIT) per ticket.
    if store.dialect == "postgresql":
        with store.autocommit_sql() as sql:
            return _issue_pg(sql, actor, prefix, priority, code, at)
    with store.write_sql() as sql:
        return _issue_stepwise(sql, actor, prefix, priority, code, at)


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
        ahead = 0
        if ticket.state == ts.WAITING and ticket.target_counter_id is None:  # sent to one counter: called first there
            ahead = _ahead(Sql.of_session(session), ticket.business_day, ticket.id,
                           ticket.target_line_id or ticket.line_id, ticket.priority)
        return IssuedTicket(ticket=info(session, ticket), ahead=ahead, office_name=settings.office(session).name)
