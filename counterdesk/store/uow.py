"""Unit of work: one session, one transaction, committed as a whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from counterdesk.store import guards
from counterdesk.store.rawsql import Sql


class Store:
    """Holds the engine and hands out units of work; services take a Store."""

    def __init__(self, engine: Engine) -> None:
        guards.install()
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self.dialect = engine.dialect.name
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._read = sessionmaker(
            engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )

    def listen(self, name: str, fn: Callable[..., Any]) -> None:
        """Register a session event (before_flush, after_flush…) on the writing sessions only."""
        event.listen(self._write, name, fn)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A writing transaction (BEGIN IMMEDIATE on SQLite); commits on success, rolls back on error."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def write_sql(self) -> Iterator[Sql]:
        """A writing transaction run as plain SQL on the driver's cursor (store/rawsql.py), for
        the hot paths where SQLAlchemy's per-statement cost would dominate. The pooled DBAPI
        connection is used as it is (SQLAlchemy's Connection and transaction objects cost ~15 µs a
        ticket); SQLite still begins IMMEDIATE, like every writing transaction here."""
        pooled = self.engine.raw_connection()
        try:
            driver = pooled.driver_connection
            assert driver is not None
            if self.dialect == "sqlite":
                driver.execute("BEGIN IMMEDIATE")
            yield Sql(driver, self.engine.dialect)
            pooled.commit()
        except BaseException:
            pooled.rollback()
            raise
        finally:
            pooled.close()  # back to the pool

    @contextmanager
    def autocommit_sql(self) -> Iterator[Sql]:
        """Plain SQL on a PostgreSQL connection in autocommit mode: each statement is a transaction
        by itself, committed by the server without BEGIN and COMMIT round trips. Only for a change
        made by one statement (a server-side function, services/queue/issue_pg.py)."""
        pooled = self.engine.raw_connection()
        try:
            driver = pooled.driver_connection
            assert driver is not None and self.dialect == "postgresql"
            driver.autocommit = True
            try:
                yield Sql(driver, self.engine.dialect)
            finally:
                driver.autocommit = False
        finally:
            pooled.close()  # back to the pool

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction that never takes SQLite's write lock."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
