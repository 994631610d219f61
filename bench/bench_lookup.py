"""Kiosk lookup by dossier code on stores of 10 k, 1 M (and, with BENCH_FULL=1, 5 M) dossiers.

The figure is the median wall time of ``services.lookup.public_view`` (parse, unit of work, one
indexed single-row query with its joins, masking) for random existing codes. The floor is a raw
``sqlite3`` primary-key select of one dossier row on an already open connection, measured on the
same file in the same run. Target: ≤ 5 ms and flat (the same at 10 k and at 5 M).

Stores are built once by bulk ``executemany`` into a migrated store and kept in
BENCH_DATA_DIR (default: the temp directory) for later runs.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

SIZES = [10_000, 1_000_000] + ([5_000_000] if os.environ.get("BENCH_FULL") == "1" else [])
SAMPLES = 2000
AGENCY = "000.00.01.H29"
PER_DAY = 2000  # dossiers per receipt day in the synthetic store
APPLICANTS = 20_000


def _data_dir() -> Path:
    base = Path(os.environ.get("BENCH_DATA_DIR") or Path(tempfile.gettempdir()) / "counterdesk-bench-lookup")
    base.mkdir(parents=True, exist_ok=True)
    return base


def _code(i: int) -> str:
    day = date(2020, 1, 1) + timedelta(days=i // PER_DAY)
    return f"{AGENCY}-{day:%y%m%d}-{i % PER_DAY + 1:04d}"


def _fill_defaults(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> list[str]:
    """Columns to insert: ours, plus a neutral value for any NOT NULL column added since."""
    columns = []
    for _cid, name, ctype, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})"):
        if pk:
            continue
        if name not in values and notnull and default is None:
            values[name] = 0 if any(t in ctype.upper() for t in ("INT", "BOOL", "NUM")) else ""
        if name in values:
            columns.append(name)
    return columns


def _build(path: Path, size: int) -> None:
    """A migrated, seeded store plus ``size`` dossiers written by executemany."""
    from counterdesk.services.setup import open_store

    store = open_store(f"sqlite:///{path}", path.parent / f"home-{size}")
    store.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    procs = [r[0] for r in conn.execute("SELECT id FROM procedure ORDER BY id")]
    now = datetime(2026, 1, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.execute("BEGIN")
    applicant = {"full_name": "Nguyễn Văn An", "name_key": "nguyen van an", "gender": "Nam", "phone": "0912345678",
                 "email": "", "address": "Phường Sài Gòn", "created_at": now, "updated_at": now, "id_number": None}
    a_cols = _fill_defaults(conn, "applicant", applicant)
    conn.executemany(
        f"INSERT INTO applicant ({', '.join(a_cols)}) VALUES ({', '.join('?' * len(a_cols))})",
        ([f"0010{i:08d}" if c == "id_number" else applicant[c] for c in a_cols] for i in range(APPLICANTS)),
    )
    template: dict[str, Any] = {
        "code": "", "agency_code": AGENCY, "received_day": "", "sequence": 0, "procedure_id": 0, "applicant_id": 0,
        "documents": "[]", "sets": 1, "fee": 0, "delivery": "counter", "channel": 1, "status": 10,
        "received_at": "", "clock_start_at": "", "due_at": "", "original_due_at": "", "due_explanation": "",
        "rescheduled": 0, "handling_unit": "Văn phòng HĐND và UBND", "receiver_name": "", "receiver_id_number": "",
        "supplement_count": 0, "supplement_seconds": 0, "receipt_printed": 1, "note": "",
    }
    d_cols = _fill_defaults(conn, "dossier", template)
    sql = f"INSERT INTO dossier ({', '.join(d_cols)}) VALUES ({', '.join('?' * len(d_cols))})"
    start = datetime(2020, 1, 1, 2, 0)
    batch = 50_000
    for lo in range(0, size, batch):
        rows = []
        for i in range(lo, min(size, lo + batch)):
            day = start + timedelta(days=i // PER_DAY, seconds=(i % PER_DAY) * 10)
            at = day.strftime("%Y-%m-%d %H:%M:%S.%f")
            due = (day + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S.%f")
            row = dict(template, code=_code(i), received_day=day.date().isoformat(), sequence=i % PER_DAY + 1,
                       procedure_id=procs[i % len(procs)], applicant_id=i % APPLICANTS + 1, received_at=at,
                       clock_start_at=at, due_at=due, original_due_at=due,
                       status=10 if i < size * 0.9 else (4 if i % 3 else 9))
            rows.append([row[c] for c in d_cols])
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _schema_tag() -> str:
    """Short hash of the current table definitions: a store built for an older schema is rebuilt."""
    import hashlib

    from counterdesk.models import Base

    text = "|".join(f"{t.name}:{','.join(c.name for c in t.columns)}" for t in Base.metadata.sorted_tables)
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def _store_path(size: int) -> Path:
    path = _data_dir() / f"lookup-{size}-{_schema_tag()}.sqlite3"
    ok = False
    if path.exists():
        try:
            conn = sqlite3.connect(path)
            ok = conn.execute("SELECT max(id) FROM dossier").fetchone()[0] == size
            conn.close()
        except sqlite3.Error:
            ok = False
    if not ok:
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
        _build(path, size)
    return path


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _warm(path: Path) -> None:
    """Read the file once so every size is measured with a warm OS cache (a kiosk runs all day)."""
    with path.open("rb") as f:
        while f.read(1 << 24):
            pass


def _measure(path: Path, size: int, rng: random.Random) -> tuple[float, float, float]:
    """(service median ms by code, raw PK select median ms, service median ms by signed QR).

    The three are interleaved code by code so that they see the same cache state.
    """
    from counterdesk.domain import receipt_qr
    from counterdesk.services import lookup, settings
    from counterdesk.store.engine import make_engine
    from counterdesk.store.uow import Store

    _warm(path)
    store = Store(make_engine(f"sqlite:///{path}"))
    secret = settings.get(store, "qr.secret")
    conn = sqlite3.connect(path)
    picks = [rng.randrange(size) for _ in range(SAMPLES)]
    for i in picks[:200]:  # warm the statement caches
        lookup.public_view(store, _code(i))
    service, qr, raw = [], [], []
    for i in picks:
        code = _code(i)
        text = receipt_qr.payload(code, secret)
        t = time.perf_counter()
        lookup.public_view(store, code)
        service.append(time.perf_counter() - t)
        t = time.perf_counter()
        lookup.public_view(store, text)
        qr.append(time.perf_counter() - t)
        t = time.perf_counter()
        conn.execute("SELECT * FROM dossier WHERE id = ?", (i + 1,)).fetchone()
        raw.append(time.perf_counter() - t)
    conn.close()
    store.dispose()
    return _median_ms(service), _median_ms(raw), _median_ms(qr)


def run() -> list[dict[str, object]]:
    rng = random.Random(20261122)
    rows: list[dict[str, object]] = []
    medians: dict[int, float] = {}
    for size in SIZES:
        path = _store_path(size)
        service, raw, qr = _measure(path, size, rng)
        medians[size] = service
        label = f"{size // 1_000_000} M" if size >= 1_000_000 else f"{size // 1000} k"
        rows.append({"name": f"kiosk lookup by code, {label} dossiers", "value": service, "unit": "ms",
                     "floor": raw, "ratio": service / raw, "target": "≤ 5 ms, flat"})
        rows.append({"name": f"kiosk lookup by signed QR, {label} dossiers", "value": qr, "unit": "ms",
                     "floor": raw, "ratio": qr / raw, "target": "≤ 5 ms, flat"})
    smallest, largest = min(medians), max(medians)
    rows.append({"name": f"lookup flatness {largest:,} vs {smallest:,}", "value": medians[largest] / medians[smallest],
                 "unit": "×", "floor": 1.0, "ratio": medians[largest] / medians[smallest], "target": "≈ 1 (≤ 1.5)"})
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
