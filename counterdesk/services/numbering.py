"""Daily sequences for ticket numbers and dossier codes: atomic, gap-free, never reused.

The number is taken inside the caller's writing transaction: if that transaction rolls back,
so does the number (no gap). On SQLite the transaction already holds the write lock
(BEGIN IMMEDIATE); on PostgreSQL the sequence row is locked FOR UPDATE, and a first-of-the-day
race on the insert is settled by the primary key plus a retry inside a savepoint.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counterdesk.domain.errors import Conflict
from counterdesk.models import DailySequence


def next_value(session: Session, scope: str, day: date, first: int = 1, last: int | None = None) -> int:
    """Take the next number of ``scope`` on ``day`` (starting at ``first``; refusing past ``last``)."""
    for _attempt in range(3):
        row = session.execute(
            select(DailySequence).where(DailySequence.scope == scope, DailySequence.day == day).with_for_update()
        ).scalar_one_or_none()
        if row is not None:
            value = max(row.last_value + 1, first)
            if last is not None and value > last:
                raise Conflict(f"Đã hết dãy số cho ngày {day:%d/%m/%Y} (tối đa {last}).")
            row.last_value = value
            return value
        if last is not None and first > last:
            raise Conflict("Dãy số không hợp lệ: số đầu lớn hơn số cuối.")
        try:
            with session.begin_nested():
                session.add(DailySequence(scope=scope, day=day, last_value=first))
            return first
        except IntegrityError:
            continue  # another counter created today's row first; lock it and go on
    raise Conflict("Không cấp được số (tranh chấp kéo dài); vui lòng thử lại.")


def peek(session: Session, scope: str, day: date) -> int:
    """Last number given (0 if none) — for display only."""
    value = session.execute(
        select(DailySequence.last_value).where(DailySequence.scope == scope, DailySequence.day == day)
    ).scalar_one_or_none()
    return value or 0
