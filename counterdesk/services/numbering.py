"""Daily sequences for ticket numbers and dossier codes: atomic, gap-free, never reused.

The number is taken inside the caller's writing transaction: if that transaction rolls back,
so does the number (no gap). One statement takes it: ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` starts the day's row at ``first`` or moves it on by one, and row-locks it until the
transaction ends (on SQLite the transaction already holds the write lock, BEGIN IMMEDIATE). On
PostgreSQL an upsert that meets a first row of the day still being inserted by another counter
waits for it and then updates it, so two counters never both start a day. No row returned means
the range is used up (``last`` reached).
Plain SQL (store/rawsql.py): a ticket issue takes a number, and it is on the dispenser's hot path,
where the same statement also rides inside one larger PostgreSQL statement (``take_statement``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from counterdesk.domain.errors import Conflict
from counterdesk.models import DailySequence
from counterdesk.store.rawsql import Sql, as_sql


def take_statement(rows: str, below_last: str) -> str:
    """The upsert taking the next number for ``rows`` (``VALUES``/``SELECT`` of scope, day, first),
    refused where ``below_last`` (a condition on ``daily_sequence.last_value``) is false."""
    return (
        f"INSERT INTO daily_sequence (scope, day, last_value) {rows} ON CONFLICT (scope, day) DO UPDATE SET "
        "last_value = CASE WHEN daily_sequence.last_value + 1 < excluded.last_value THEN excluded.last_value "
        f"ELSE daily_sequence.last_value + 1 END WHERE {below_last} RETURNING last_value"
    )


_TAKE = take_statement(
    "VALUES (:scope, :day, :first)", "(CAST(:last AS INTEGER) IS NULL OR daily_sequence.last_value < :last)"
)
_PEEK = "SELECT last_value FROM daily_sequence WHERE scope = :scope AND day = :day"


def used_up(day: date, last: int | None) -> Conflict:
    return Conflict(f"Đã hết dãy số cho ngày {day:%d/%m/%Y} (tối đa {last}).")


def check_range(first: int, last: int | None) -> None:
    if last is not None and first > last:
        raise Conflict("Dãy số không hợp lệ: số đầu lớn hơn số cuối.")


def next_value(target: Session | Sql, scope: str, day: date, first: int = 1, last: int | None = None) -> int:
    """Take the next number of ``scope`` on ``day`` (starting at ``first``; refusing past ``last``)."""
    check_range(first, last)
    sql = as_sql(target)
    taken = sql.scalar(_TAKE, {"scope": scope, "day": sql.bind(DailySequence.day, day), "first": first, "last": last})
    if taken is None:
        raise used_up(day, last)
    return int(taken)


def peek(target: Session | Sql, scope: str, day: date) -> int:
    """Last number given (0 if none) — for display only."""
    sql = as_sql(target)
    return int(sql.scalar(_PEEK, {"scope": scope, "day": sql.bind(DailySequence.day, day)}) or 0)
