"""Staff search (services.search.find_dossiers) on stores of 100 k and 1 M (5 M with BENCH_FULL=1) dossiers.

Queries are what a clerk types for a citizen without the receipt: a full name in a random word order,
the commonest names ("Nguyễn Văn …", thousands of people each at 5 M), two words with the last one
cut short (still typing), one word cut short ("ng"), three common words nobody has together
("Thị Nguyễn Cường": the case a word index walks longest), a 12-digit ID number and a phone number.
Names come from the demo seed's lists (a few thousand distinct names). Figures are the median and
the worst over SAMPLES queries of each kind, each query the best of REPEATS whole service calls (unit
of work, queries, the result rows), so that a stall of the shared machine is not taken for a slow
query. The floor is a raw ``sqlite3`` indexed equality lookup of one name word on an open
connection, measured the same way on the same file in the same run. Target: ≤ 50 ms, flat.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_lookup import _fill_defaults, _schema_tag, _warm

SIZES = [100_000, 1_000_000] + ([5_000_000] if os.environ.get("BENCH_FULL") == "1" else [])
SAMPLES = 300
REPEATS = 3
DOSSIERS_PER_APPLICANT = 4
AGENCY = "000.00.01.H29"
PER_DAY = 2000


def _data_dir() -> Path:
    base = Path(os.environ.get("BENCH_DATA_DIR") or Path(tempfile.gettempdir()) / "counterdesk-bench-search")
    base.mkdir(parents=True, exist_ok=True)
    return base


def _name(rng: random.Random) -> str:
    from counterdesk.domain.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE

    names, weights = zip(*FAMILY, strict=True)
    male = rng.random() < 0.5
    return " ".join([str(rng.choices(names, weights)[0]), rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                     rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)])


def _id_number(i: int) -> str:
    return f"079{i % 10}{i:08d}"


def _phone(i: int) -> str:
    return f"09{10_000_000 + i:08d}"


def _build(path: Path, size: int) -> None:
    from counterdesk.services.search import name_pairs, name_tokens
    from counterdesk.services.setup import open_store

    store = open_store(f"sqlite:///{path}", path.parent / f"home-{size}")
    store.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    procs = [r[0] for r in conn.execute("SELECT id FROM procedure ORDER BY id")]
    first = (conn.execute("SELECT coalesce(max(id), 0) FROM applicant").fetchone()[0] or 0) + 1
    rng = random.Random(size)
    now = datetime(2026, 1, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    applicants = size // DOSSIERS_PER_APPLICANT
    conn.execute("BEGIN")
    template: dict[str, Any] = {"full_name": "", "name_key": "", "gender": "", "phone": "", "email": "",
                                "address": "Phường Sài Gòn", "created_at": now, "updated_at": now, "id_number": ""}
    a_cols = _fill_defaults(conn, "applicant", template)
    a_sql = f"INSERT INTO applicant ({', '.join(a_cols)}) VALUES ({', '.join('?' * len(a_cols))})"
    for lo in range(0, applicants, 50_000):
        rows, tokens, pairs = [], [], []
        for i in range(lo, min(applicants, lo + 50_000)):
            name = _name(rng)
            row = dict(template, full_name=name, name_key=name.lower(), id_number=_id_number(i), phone=_phone(i))
            rows.append([row[c] for c in a_cols])
            words = name_tokens(name)
            tokens.extend((w, first + i) for w in words)
            pairs.extend((p, first + i) for p in name_pairs(words))
        conn.executemany(a_sql, rows)
        conn.executemany("INSERT INTO applicant_name_token (token, applicant_id) VALUES (?, ?)", tokens)
        conn.executemany("INSERT INTO applicant_name_pair (pair, applicant_id) VALUES (?, ?)", pairs)
    d_template: dict[str, Any] = {
        "code": "", "agency_code": AGENCY, "received_day": "", "sequence": 0, "procedure_id": 0, "applicant_id": 0,
        "documents": "[]", "sets": 1, "fee": 0, "delivery": "counter", "channel": 1, "status": 10,
        "received_at": "", "clock_start_at": "", "due_at": "", "original_due_at": "", "due_explanation": "",
        "rescheduled": 0, "handling_unit": "", "receiver_name": "", "receiver_id_number": "",
        "supplement_count": 0, "supplement_seconds": 0, "receipt_printed": 1, "note": "",
    }
    d_cols = _fill_defaults(conn, "dossier", d_template)
    d_sql = f"INSERT INTO dossier ({', '.join(d_cols)}) VALUES ({', '.join('?' * len(d_cols))})"
    start = datetime(2020, 1, 1, 2, 0)
    for lo in range(0, size, 50_000):
        rows = []
        for i in range(lo, min(size, lo + 50_000)):
            day = start + timedelta(days=i // PER_DAY, seconds=(i % PER_DAY) * 10)
            at = day.strftime("%Y-%m-%d %H:%M:%S.%f")
            row = dict(d_template, code=f"{AGENCY}-{day:%y%m%d}-{i % PER_DAY + 1:04d}",
                       received_day=day.date().isoformat(), sequence=i % PER_DAY + 1,
                       procedure_id=procs[i % len(procs)], applicant_id=first + rng.randrange(applicants),
                       received_at=at, clock_start_at=at, due_at=at, original_due_at=at)
            rows.append([row[c] for c in d_cols])
        conn.executemany(d_sql, rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _index_tag() -> str:
    """Short hash of the index definitions: a store built before an index was added is rebuilt."""
    import hashlib

    from counterdesk.models import Base

    text = "|".join(sorted(f"{i.name}:{','.join(c.name for c in i.columns)}"
                           for t in Base.metadata.sorted_tables for i in t.indexes))
    return hashlib.sha1(text.encode()).hexdigest()[:6]


def _store_path(size: int) -> Path:
    path = _data_dir() / f"search-{size}-{_schema_tag()}-{_index_tag()}.sqlite3"
    ok = False
    if path.exists():
        try:
            conn = sqlite3.connect(path)
            ok = conn.execute("SELECT count(*) FROM dossier").fetchone()[0] == size
            conn.close()
        except sqlite3.Error:
            ok = False
    if not ok:
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
        _build(path, size)
    return path


def _queries(rng: random.Random, applicants: int) -> dict[str, list[str]]:
    """SAMPLES queries of each kind a clerk types, from the common to the worst for an index."""
    from counterdesk.domain.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_MALE

    kinds: dict[str, list[str]] = {k: [] for k in (
        "name, full, any order", "name, commonest (Nguyễn Văn …)", "name, two words, last cut",
        "name, one word cut", "name, common words nobody has")}
    male_only = [g for g in GIVEN_MALE if g not in GIVEN_FEMALE]
    for _ in range(SAMPLES):
        words = _name(rng).split()
        rng.shuffle(words)
        kinds["name, full, any order"].append(" ".join(words))
        common = [FAMILY[0][0], MIDDLE_MALE[0], rng.choice(GIVEN_MALE)]  # thousands of each at 5 M
        rng.shuffle(common)
        kinds["name, commonest (Nguyễn Văn …)"].append(" ".join(common))
        two = rng.sample(_name(rng).split(), 2)
        kinds["name, two words, last cut"].append(f"{two[0]} {two[1][:max(1, len(two[1]) - 1)]}")
        word = rng.choice(_name(rng).split())
        kinds["name, one word cut"].append(word[:rng.randint(1, min(3, len(word)))])
        nobody = [FAMILY[0][0], "Thị", rng.choice(male_only)]  # three common words, never together
        rng.shuffle(nobody)
        kinds["name, common words nobody has"].append(" ".join(nobody))
    picks = [rng.randrange(applicants) for _ in range(SAMPLES)]
    kinds["ID number"] = [_id_number(i) for i in picks]
    kinds["phone"] = [_phone(i) for i in picks]
    return kinds


def _measure(path: Path, size: int, rng: random.Random) -> tuple[dict[str, tuple[float, float]], float]:
    """({kind: (median ms, worst ms)}, floor ms): the whole service call against a raw index lookup.

    Each query (and each floor lookup beside it) counts as its best of REPEATS runs; the median and
    the worst are then taken over the SAMPLES queries of a kind.
    """
    from counterdesk.services import search
    from counterdesk.store.engine import make_engine
    from counterdesk.store.uow import Store

    _warm(path)
    store = Store(make_engine(f"sqlite:///{path}"))
    conn = sqlite3.connect(path)
    queries = _queries(rng, size // DOSSIERS_PER_APPLICANT)
    for q in queries["name, full, any order"][:20]:
        search.find_dossiers(store, q)
    figures: dict[str, tuple[float, float]] = {}
    raw: list[float] = []
    for label, texts in queries.items():
        times = []
        for text in texts:
            best = float("inf")
            for _ in range(REPEATS):
                t = time.perf_counter()
                search.find_dossiers(store, text)
                best = min(best, time.perf_counter() - t)
            times.append(best)
            best = float("inf")
            for _ in range(REPEATS):
                t = time.perf_counter()
                conn.execute("SELECT applicant_id FROM applicant_name_token WHERE token = ? LIMIT 1", ("binh",)).fetchone()
                best = min(best, time.perf_counter() - t)
            raw.append(best)
        figures[label] = (statistics.median(times) * 1000, max(times) * 1000)
    conn.close()
    store.dispose()
    return figures, statistics.median(raw) * 1000


def run() -> list[dict[str, object]]:
    rng = random.Random(20261203)
    rows: list[dict[str, object]] = []
    slowest: dict[int, float] = {}
    for size in SIZES:
        figures, floor = _measure(_store_path(size), size, rng)
        label = f"{size // 1_000_000} M" if size >= 1_000_000 else f"{size // 1000} k"
        for kind, (median, worst) in figures.items():
            rows.append({"name": f"staff search by {kind}, {label} dossiers, median", "value": median, "unit": "ms",
                         "floor": floor, "ratio": median / floor, "target": "≤ 50 ms"})
            rows.append({"name": f"staff search by {kind}, {label} dossiers, worst of {SAMPLES}", "value": worst,
                         "unit": "ms", "floor": floor, "ratio": worst / floor, "target": "≤ 50 ms"})
        slowest[size] = max(median for median, _worst in figures.values())
    small, large = min(slowest), max(slowest)
    rows.append({"name": f"staff search flatness {large:,} vs {small:,} (slowest kind, median)",
                 "value": slowest[large] / slowest[small], "unit": "×", "floor": 1.0,
                 "ratio": slowest[large] / slowest[small], "target": "≈ 1 (≤ 1.5)"})
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
