"""Engine factory for a SQLite file or a PostgreSQL URL, with the durability settings of DESIGN §4."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool, QueuePool

BUSY_TIMEOUT_MS = 15_000


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
    """An engine with per-connection SQLite pragmas or a pre-pinged PostgreSQL pool."""
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
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 5)
    return create_engine(url, **kwargs)
