"""Plain DBAPI statements inside a SQLAlchemy transaction, for the few hot paths.

A SQLAlchemy statement costs ~17 µs as Core and ~50 µs through the ORM session on this kind of
PC; the driver's own cursor runs the same small statement in ~3 µs. Issuing a queue ticket is
eight such statements around one fsync, so the ORM's share would be several times the disk's
(bench/bench_queue.py). Those paths run hand-written SQL on the cursor of the very connection
(and transaction) SQLAlchemy holds, so they commit or roll back together with any ORM work.

SQL is written once with ``:name`` parameters (sqlite3's named style) and converted for psycopg.
Dates and times go through the columns' own bind and result processors, so what is stored is
byte for byte what the ORM writes and reads back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import InstrumentedAttribute, Session

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    """``:name`` → ``%(name)s`` for psycopg (``::type`` casts are left alone)."""
    return _NAMED.sub(r"%(\1)s", sql)


@lru_cache(maxsize=256)
def _processors(column: Column[Any], dialect: Dialect) -> tuple[Any, Any]:
    impl = column.type.dialect_impl(dialect)  # the dialect's own type (SQLite DATE stores text)
    return impl.bind_processor(dialect), impl.result_processor(dialect, None)


def bound(column: Column[Any], dialect: Dialect, value: Any) -> Any:
    """``value`` in the form ``column`` stores it on ``dialect``, as SQLAlchemy would bind it."""
    processor = _processors(column, dialect)[0]
    return value if processor is None or value is None else processor(value)


def _column(attr: InstrumentedAttribute[Any] | Column[Any]) -> Column[Any]:
    column = attr if isinstance(attr, Column) else attr.property.columns[0]
    assert isinstance(column, Column)
    return column


class Sql:
    """Statements on a DBAPI connection that is inside a transaction (its owner commits)."""

    def __init__(self, dbapi_connection: Any, dialect: Dialect) -> None:
        self.dialect = dialect
        self._pg = dialect.name == "postgresql"
        self._cursor = dbapi_connection.cursor()

    @classmethod
    def of_connection(cls, connection: Connection) -> Sql:
        """The DBAPI connection under a SQLAlchemy connection, in its transaction."""
        return cls(connection.connection.dbapi_connection, connection.dialect)

    @classmethod
    def of_session(cls, session: Session) -> Sql:
        """The session's own connection, after flushing what the ORM holds so the order of writes
        is the order of the code."""
        session.flush()
        return cls.of_connection(session.connection())

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        cursor = self._cursor
        cursor.execute(_pyformat(sql) if self._pg else sql, params or {})
        return cursor

    def execute_literal(self, sql: str) -> None:
        """A statement without parameters, sent as written (``%`` and ``:`` are not placeholders)."""
        self._cursor.execute(sql)

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        row = self.execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def bind(self, column: InstrumentedAttribute[Any] | Column[Any], value: Any) -> Any:
        """``value`` in the form the column stores (naive UTC text on SQLite, for instance)."""
        return bound(_column(column), self.dialect, value)

    def load(self, column: InstrumentedAttribute[Any] | Column[Any], value: Any) -> Any:
        """A stored value back as the ORM would hand it out (a ``date`` from SQLite text)."""
        processor = _processors(_column(column), self.dialect)[1]
        return value if processor is None or value is None else processor(value)


def as_sql(target: Session | Sql) -> Sql:
    return target if isinstance(target, Sql) else Sql.of_session(target)
