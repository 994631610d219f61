"""`demo seed` throughput (dossiers with their ticket and events per second), against a raw sqlite3
executemany of the same number of rows of the same width into one table, in the same run.

Target: a 5-million-dossier store in minutes (≥ 5,000 dossiers/s ≈ 17 min for 5 M on this machine class).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from counterdesk.services.demo import seed
from counterdesk.services.setup import open_store

DAYS, PER_DAY = 10, 4000


def _floor(path: Path, rows: int) -> float:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("create table t (a text, b text, c int, d int, e text, f text, g text, h text, i int, j int)")
    data = [(f"000.00.01.H29-261120-{n:04d}", "x" * 20, n, n, "2026-11-20 09:00:00", "2026-11-25 09:00:00",
             None, None, 2, 1) for n in range(rows)]
    t = time.perf_counter()
    for i in range(0, rows, 20_000):
        con.execute("BEGIN")
        con.executemany("insert into t values (?,?,?,?,?,?,?,?,?,?)", data[i:i + 20_000])
        con.execute("COMMIT")
    elapsed = time.perf_counter() - t
    con.close()
    return rows / elapsed


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "seed.sqlite3"), Path(tmp))
        t = time.perf_counter()
        n = seed(store, DAYS, PER_DAY, end=date(2026, 11, 20))
        rate = n / (time.perf_counter() - t)
        store.dispose()
        floor = _floor(Path(tmp) / "floor.sqlite3", n)
    return [{"name": f"demo seed ({n:,} dossiers + tickets + events)", "value": rate, "unit": "dossiers/s",
             "floor": floor, "ratio": floor / rate, "target": "5 M in minutes (≥ 5,000/s)"}]
