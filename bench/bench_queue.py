"""Queue benchmarks (DESIGN §8): ticket issue against the physical floor measured in the same run.

    python bench/bench_queue.py            prints a table
    run() -> list[dict]                    rows {"name","value","unit","floor","ratio","target"}

Rows:
* ticket issue (commit + ESC/POS bytes), SQLite: median ms of queue.issue_ticket + the slip's
  printer bytes, as a ratio to a raw sqlite3 durable insert (WAL, synchronous=FULL, BEGIN
  IMMEDIATE, one row) on the same disk — target ≤ 2×.
* the same on PostgreSQL, against a raw psycopg one-row INSERT + COMMIT — target ≤ 3×.
* sustained issues/s with 8 concurrent issuer processes, per backend, against 8 processes doing
  raw durable inserts; duplicates and gaps are checked after the run (must be zero).
PostgreSQL comes from COUNTERDESK_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
its rows are skipped when the server is unreachable.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SAMPLES = 300
ISSUERS = 8
PER_ISSUER = 60


def _row(name: str, value: float, unit: str, floor: float | None, target: str, ratio: float | None = None) -> dict[str, Any]:
    if ratio is None and floor:
        ratio = value / floor
    return {"name": name, "value": round(value, 3), "unit": unit, "floor": None if floor is None else round(floor, 3),
            "ratio": None if ratio is None else round(ratio, 2), "target": target}


# --------------------------------------------------------------------------- floors


def _raw_sqlite_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, line INTEGER, seq INTEGER, number TEXT, at TEXT)")
    return conn


def _raw_sqlite_insert(conn: sqlite3.Connection, i: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t (line, seq, number, at) VALUES (1, ?, ?, ?)", (i, f"A{i:03d}", "2026-11-23 08:00:00"))
    conn.execute("COMMIT")




def _pg_raw_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


class RawPg:
    """One psycopg connection doing one-row INSERT + COMMIT: PostgreSQL's floor."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.table = f"bench_raw_{uuid.uuid4().hex[:8]}"
        self.conn = psycopg.connect(_pg_raw_url(url))
        self.conn.execute(f"CREATE TABLE {self.table} (id serial PRIMARY KEY, line int, seq int, number text, at timestamp)")
        self.conn.commit()

    def __call__(self, i: int) -> None:
        self.conn.execute(f"INSERT INTO {self.table} (line, seq, number, at) VALUES (1, %s, %s, now())", (i, f"A{i:03d}"))
        self.conn.commit()

    def rate(self, n: int = 200) -> float:
        t0 = time.perf_counter()
        for i in range(n):
            self(i)
        return n / (time.perf_counter() - t0)

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE {self.table}")
        self.conn.commit()
        self.conn.close()


# --------------------------------------------------------------------------- the real path


def issue_vs_floor_ms(store: Any, floor: Any, n: int = SAMPLES) -> tuple[float, float]:
    """Median ms of (ticket issue + ESC/POS bytes) and of the floor, interleaved one for one so that
    both see the same disk (fsync time on a shared VM drifts by 5× within a minute)."""
    from counterdesk.domain.roles import DEVICE, Actor
    from counterdesk.printing.ticket import escpos_bytes
    from counterdesk.services import queue

    actor = Actor(user_id=None, username="bench", role=DEVICE)
    for i in range(5):  # warm caches (fonts, strips, statements, pool)
        escpos_bytes(queue.slip(queue.issue_ticket(store, actor, "B")))
        floor(-1 - i)
    ours, raw = [], []
    for i in range(n):
        t0 = time.perf_counter()
        issued = queue.issue_ticket(store, actor, "ACD"[i % 3])
        data = escpos_bytes(queue.slip(issued))
        t1 = time.perf_counter()
        floor(i)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        raw.append(t2 - t1)
        assert data
    return statistics.median(ours) * 1000, statistics.median(raw) * 1000


# --------------------------------------------------------------------------- 8 concurrent processes


def _issuer(url: str, count: int, start: Any, out: Any) -> None:
    from counterdesk.domain.roles import DEVICE, Actor
    from counterdesk.printing.ticket import escpos_bytes
    from counterdesk.services import queue
    from counterdesk.store.engine import make_engine
    from counterdesk.store.uow import Store

    store = Store(make_engine(url))
    actor = Actor(user_id=None, username="bench", role=DEVICE)
    escpos_bytes(queue.slip(queue.slip_data(store, queue.issue_ticket(store, actor, "C").ticket.id)))  # warm up
    out.put("ready")
    start.wait()
    for i in range(count):
        escpos_bytes(queue.slip(queue.issue_ticket(store, actor, "AB"[i % 2])))
    store.dispose()
    out.put(os.getpid())


def _raw_issuer(path: str, count: int, start: Any, out: Any) -> None:
    conn = _raw_sqlite_conn(Path(path))
    out.put("ready")
    start.wait()
    for i in range(count):
        _raw_sqlite_insert(conn, i)
    conn.close()
    out.put(os.getpid())


def _next_message(out: Any, procs: list[Any], deadline: float) -> Any:
    """The next message from the workers; a worker that died (its traceback is on stderr) fails the
    run at once instead of leaving it waiting for a message that will never come."""
    import queue as stdlib_queue

    while time.monotonic() < deadline:
        try:
            return out.get(timeout=0.5)
        except stdlib_queue.Empty:
            dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            if dead:
                for p in procs:
                    p.kill()
                raise RuntimeError(f"a worker process failed (exit codes {dead}); see its traceback above") from None
    raise TimeoutError("workers did not finish in time")


def _run_parallel(target: Any, arg: str) -> float:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(arg, PER_ISSUER, start, out)) for _ in range(ISSUERS)]
    for p in procs:
        p.start()
    deadline = time.monotonic() + 600
    for _ in procs:  # every process imported, connected and warmed up
        assert _next_message(out, procs, deadline) == "ready"
    t0 = time.perf_counter()
    start.set()
    for _ in procs:
        _next_message(out, procs, deadline)
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"issuer failed with exit code {p.exitcode}")
    return ISSUERS * PER_ISSUER / elapsed


def _check_no_duplicates(store: Any, expected: int) -> None:
    """Lines A and B hold exactly the issued tickets, numbered 1..n without a gap or a repeat."""
    from sqlalchemy import func, select

    from counterdesk.models import ServiceLine, Ticket

    with store.read() as s:
        ab = select(ServiceLine.id).where(ServiceLine.prefix.in_(["A", "B"]))
        total = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.line_id.in_(ab)))
        distinct = s.scalar(select(func.count(func.distinct(Ticket.number))).where(Ticket.line_id.in_(ab)))
        per_line = s.execute(select(Ticket.line_id, func.count(), func.max(Ticket.seq)).group_by(Ticket.line_id)).all()
    if total != expected or distinct != expected or any(count != top for _l, count, top in per_line):
        raise AssertionError(f"duplicates or gaps: {total} tickets, {distinct} distinct numbers, {per_line}")


# --------------------------------------------------------------------------- run


def _pg_url() -> str | None:
    from sqlalchemy import create_engine, text

    url = os.environ.get("COUNTERDESK_TEST_PG") or PG_DEFAULT
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception:  # noqa: BLE001 - any failure to reach the server skips the PostgreSQL rows
        return None
    return url


def _pg_schema(url: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def run() -> list[dict[str, Any]]:
    from counterdesk.services.setup import open_store

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        store = open_store(f"sqlite:///{folder / 'issue.sqlite3'}", folder)
        raw_conn = _raw_sqlite_conn(folder / "raw.sqlite3")
        value, floor = issue_vs_floor_ms(store, lambda i: _raw_sqlite_insert(raw_conn, i))
        raw_conn.close()
        store.dispose()
        rows.append(_row("ticket issue (commit + ESC/POS bytes), SQLite, median", value, "ms", floor, "≤ 2× raw durable insert"))

        url = f"sqlite:///{folder / 'parallel.sqlite3'}"
        store = open_store(url, folder)
        rate = _run_parallel(_issuer, url)
        _check_no_duplicates(store, ISSUERS * PER_ISSUER)
        store.dispose()
        raw_rate = _run_parallel(_raw_issuer, str(folder / "raw-parallel.sqlite3"))
        rows.append(_row(f"sustained issue, {ISSUERS} concurrent processes, SQLite (0 duplicates)", rate, "tickets/s",
                         raw_rate, "no duplicates; ratio = share of raw durable insert rate"))

    pg = _pg_url()
    if pg is None:
        rows.append({"name": "PostgreSQL rows skipped (server unreachable)", "value": None, "unit": "", "floor": None,
                     "ratio": None, "target": "set COUNTERDESK_TEST_PG"})
        return rows
    schema_url, drop = _pg_schema(pg)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-queue-pg-") as tmp:
            store = open_store(schema_url, Path(tmp))
            raw_pg = RawPg(pg)
            value, floor = issue_vs_floor_ms(store, raw_pg)
            raw_pg.close()
            store.dispose()
            rows.append(_row("ticket issue (commit + ESC/POS bytes), PostgreSQL, median", value, "ms", floor,
                             "≤ 3× raw insert (one function call, autocommit)"))
    finally:
        drop()
    schema_url, drop = _pg_schema(pg)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-queue-pg-") as tmp:
            store = open_store(schema_url, Path(tmp))
            rate = _run_parallel(_issuer, schema_url)
            _check_no_duplicates(store, ISSUERS * PER_ISSUER)
            store.dispose()
            raw_pg = RawPg(pg)
            raw_rate = raw_pg.rate()
            raw_pg.close()
            rows.append(_row(f"sustained issue, {ISSUERS} concurrent processes, PostgreSQL (0 duplicates)", rate,
                             "tickets/s", raw_rate, "no duplicates; floor = one raw insert stream"))
    finally:
        drop()
    return rows


def main() -> None:
    rows = run()
    print(f"{'benchmark':<78} {'value':>10} {'unit':<10} {'floor':>9} {'ratio':>7}  target")
    for r in rows:
        value = "" if r["value"] is None else f"{r['value']:.2f}"
        floor = "" if r["floor"] is None else f"{r['floor']:.2f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        print(f"{r['name']:<78} {value:>10} {r['unit']:<10} {floor:>9} {ratio:>7}  {r['target']}")


if __name__ == "__main__":
    main()
