"""Daily sequences for ticket numbers and dossier codes: atomic, gap-free, never reused.

The number is taken inside the caller's writing transaction: if that transaction rolls back,
so does the number (no gap). One UPDATE … RETURNING both locks the sequence row and takes the
number (on SQLite the transaction already holds the write lock, BEGIN IMMEDIATE; on PostgreSQL
the UPDATE row-locks it until commit). The first number of a day inserts the row with
ON CONFLICT DO NOTHING: a counter that loses that race updates the winner's row instead. (On
PostgreSQL the UPDATE does not see, nor wait for, a first row still being inserted by another
counter: finding the row afterwards means "try again", not "used up", unless it is at ``last``.)
Plain SQL (store/rawsql.py): a ticket issue takes a number, and it is on the dispenser's hot path.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from counterdesk.domain.errors import Conflict
from counterdesk.models import DailySequence
from counterdesk.store.rawsql import Sql, as_sql

_TAKE = (
    "UPDATE daily_sequence SET last_value = CASE WHEN last_value + 1 < :first THEN :first ELSE last_value + 1 END "
    "WHERE scope = :scope AND day = :day AND (CAST(:last AS INTEGER) IS NULL OR last_value < :last) RETURNING last_value"
)
_START = (
    "INSERT INTO daily_sequence (scope, day, last_value) VALUES (:scope, :day, :first) "
    "ON CONFLICT (scope, day) DO NOTHING RETURNING last_value"
)
_PEEK = "SELECT last_value FROM daily_sequence WHERE scope = :scope AND day = :day"


def next_value(target: Session | Sql, scope: str, day: date, first: int = 1, last: int | None = None) -> int:
    """Take the next number of ``scope`` on ``day`` (starting at ``first``; refusing past ``last``)."""
    if last is not None and first > last:
        raise Conflict("Dãy số không hợp lệ: số đầu lớn hơn số cuối.")
    sql = as_sql(target)
    params = {"scope": scope, "day": sql.bind(DailySequence.day, day), "first": first, "last": last}
    for _attempt in range(3):
        taken = sql.scalar(_TAKE, params)
        if taken is not None:
            return int(taken)
        given = sql.scalar(_PEEK, params)
        if given is not None:
            if last is not None and given >= last:
                raise Conflict(f"Đã hết dãy số cho ngày {day:%d/%m/%Y} (tối đa {last}).")
            continue  # another counter's first number of the day committed after our UPDATE looked
        if sql.scalar(_START, params) is not None:
            return first
        # another counter created today's row between our statements: take from it
    raise Conflict("Không cấp được số (tranh chấp kéo dài); vui lòng thử lại.")



def peek(target: Session | Sql, scope: str, day: date) -> int:
    """Last number given (0 if none) — for display only."""
    sql = as_sql(target)
    return int(sql.scalar(_PEEK, {"scope": scope, "day": sql.bind(DailySequence.day, day)}) or 0)
