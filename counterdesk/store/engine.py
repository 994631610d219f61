"""Engine factory for a SQLite file or a PostgreSQL URL, with the durability settings of DESIGN §4."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool, QueuePool

BUSY_TIMEOUT_MS = 15_000
# A PostgreSQL connection back from the pool is pinged only after this long unused: a ping is a
# round trip (two, with its BEGIN), a third of a queue ticket on the LAN (bench/bench_queue.py),
# and a connection used a moment ago is as alive as a ping would show.
PING_AFTER_IDLE_S = 2.0


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite so that our "begin" hook can say BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_on_begin(conn: Any) -> None:
    # Every transaction takes the write lock up front: a read-then-write transaction (take a
    # number, claim a ticket) can then never fail with "database is locked" on upgrade.
    # Read-only work asks for sqlite_begin="DEFERRED" through execution options.
    # Sent on the driver's connection: through exec_driver_sql it cost ~15 µs a transaction,
    # a tenth of a queue ticket's whole budget (bench/bench_queue.py).
    mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    conn.connection.driver_connection.execute(f"BEGIN {mode}")


def _pg_on_connect(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _pg_on_checkin(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info["idle_since"] = time.monotonic()


def _pg_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """SQLAlchemy's pre-ping, for connections left unused a while: a dead one is replaced."""
    since = record.info.get("idle_since")
    if since is not None and time.monotonic() - since < PING_AFTER_IDLE_S:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # any failure means this connection is gone
        raise exc.DisconnectionError() from error


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (memory or another backend)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def normalise_url(raw: str) -> str:
    """Accept a bare file path for SQLite and postgresql:// for psycopg 3."""
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with per-connection SQLite pragmas or a PostgreSQL pool pinging idle connections."""
    url = normalise_url(url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("hide_parameters", True)  # personal data must not reach logs or error texts
        # A file keeps a few connections open (QueuePool): opening one per transaction costs the
        # pragmas, and closing the last one checkpoints and deletes the WAL — ~30 ms per ticket
        # instead of ~4 ms (bench/bench_queue.py). Dispose the store before replacing the file.
        kwargs.setdefault("poolclass", QueuePool if path is not None else NullPool)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("pool_size", 5)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _pg_on_connect)
    event.listen(engine, "checkin", _pg_on_checkin)
    event.listen(engine, "checkout", _pg_on_checkout)
    return engine
