"""Supervisor reports on large stores: the daily log (2,000 dossiers in the day) and a year's period
statistics, at 100 k and 1 M dossiers (5 M with BENCH_FULL=1).

The stores grow backwards in time at a constant rate (200 dossiers a day), so the day and the year
measured hold the same rows whatever the store size: a flat figure shows the queries are range
scans. Floor: a raw sqlite3 COUNT over the same received_at range in the same store.
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

from sqlalchemy import insert, select

from counterdesk.domain.clock import VN_TZ
from counterdesk.models import Applicant, Dossier, Procedure, ServiceLine, Ticket, User
from counterdesk.printing import daily_log as daily_log_pdf
from counterdesk.services import reports, rollup, scorecard
from counterdesk.services.overview import day_bounds
from counterdesk.services.setup import open_store
from counterdesk.store.uow import Store

PER_DAY = 200
LOG_DAY = date(2026, 11, 10)  # the day given 2,000 dossiers
LOG_DAY_COUNT = 2000
LAST_DAY = date(2026, 11, 20)
YEAR = (date(2025, 11, 21), date(2026, 11, 20))
CHUNK = 20_000


def _build(store: Store, total: int, seed: int = 7) -> None:
    """Bulk Core inserts (executemany): PER_DAY dossiers a day going back from LAST_DAY."""
    rnd = random.Random(seed)
    with store.write() as s:
        procs = list(s.execute(select(Procedure.id, Procedure.handling_unit)))
        clerks = list(s.scalars(select(User.id).where(User.role == "clerk")))
        lines = list(s.scalars(select(ServiceLine.id)))
        now = datetime.now(UTC)
        s.execute(insert(Applicant), [
            {"full_name": f"Nguyễn Văn {i}", "name_key": f"nguyen van {i}", "id_number": f"079{i:09d}",
             "created_at": now, "updated_at": now} for i in range(2000)
        ])
        first_app = s.scalar(select(Applicant.id).order_by(Applicant.id)) or 1
    batch: list[dict[str, Any]] = []
    seq_by_day: dict[date, int] = {}

    def flush() -> None:
        if batch:
            with store.write() as s:
                s.execute(insert(Dossier), batch)
            batch.clear()

    def add(day: date) -> None:
        seq = seq_by_day.get(day, 0) + 1
        seq_by_day[day] = seq
        start, _ = day_bounds(day)
        received = start + timedelta(hours=7.5, seconds=rnd.randint(0, 9 * 3600))
        due = received + timedelta(days=rnd.choice((0, 3, 5, 7)))
        recent = (LAST_DAY - day).days < 60
        finished = None if recent and rnd.random() < 0.25 else received + timedelta(hours=rnd.randint(1, 8 * 24))
        returned = finished + timedelta(hours=rnd.randint(1, 48)) if finished and rnd.random() < 0.7 else None
        proc_id, unit = procs[rnd.randrange(len(procs))]
        supplements = 1 if rnd.random() < 0.05 else 0
        asked = received + timedelta(hours=rnd.randint(1, 24)) if supplements else None
        back = asked + timedelta(hours=rnd.randint(1, 72)) if asked is not None and finished is not None else None
        accepted = rnd.random() >= 0.02  # refused or sent back at the counter
        batch.append({
            "accepted": accepted, "judged_due_at": due if accepted else None,
            "supplement_requested_at": asked, "supplement_completed_at": back,
            "code": f"000.00.01.H29-{day:%y%m%d}-{seq:04d}", "agency_code": "000.00.01.H29", "received_day": day,
            "sequence": seq, "procedure_id": proc_id, "applicant_id": first_app + rnd.randrange(2000),
            "documents": [], "channel": rnd.choice((1, 1, 1, 2, 3)),
            "status": (10 if returned else 9) if finished else 4, "received_at": received, "clock_start_at": received,
            "due_at": due, "original_due_at": due, "handling_unit": unit, "finished_at": finished,
            "returned_at": returned, "supplement_count": supplements,
            "supplement_seconds": int((back - asked).total_seconds()) if back is not None and asked is not None else 0, "clerk_id": clerks[rnd.randrange(len(clerks))], "receipt_printed": 1,
        })
        if len(batch) >= CHUNK:
            flush()

    for _ in range(LOG_DAY_COUNT):
        add(LOG_DAY)
    day, made = LAST_DAY, LOG_DAY_COUNT
    while made < total:
        for _ in range(min(PER_DAY, total - made)):
            add(day)
            made += 1
        day -= timedelta(days=1)
    flush()
    tickets = []
    for back in range(400):
        d = LAST_DAY - timedelta(days=back)
        start, _ = day_bounds(d)
        for n in range(1, 101):
            issued = start + timedelta(hours=7.5, minutes=n * 4)
            tickets.append({"line_id": lines[n % len(lines)], "business_day": d, "seq": n,
                            "number": f"A{n:03d}", "state": "done", "issued_at": issued,
                            "called_at": issued + timedelta(minutes=rnd.randint(1, 30)),
                            "serving_at": issued + timedelta(minutes=31),
                            "finished_at": issued + timedelta(minutes=31 + rnd.randint(3, 20)),
                            "called_by": clerks[n % len(clerks)]})
    with store.write() as s:
        s.execute(insert(Ticket), tickets)
    with store.write() as s:  # Core inserts bypass the flush hook: rebuild the statistics rollup in bulk
        rollup.rebuild(s)


def _median(fn: Any, runs: int = 3, clock: Any = time.perf_counter) -> float:
    samples = []
    for _ in range(runs):
        t = clock()
        fn()
        samples.append(clock() - t)
    return statistics.median(samples)


def _floor(path: Path, start: datetime, end: datetime) -> float:
    """Raw sqlite3 COUNT over the received_at range, in stored (naive UTC) form."""
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    lo, hi = start.astimezone(UTC).strftime(fmt), end.astimezone(UTC).strftime(fmt)
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT count(*) FROM dossier WHERE received_at >= ? AND received_at < ?"
        conn.execute(sql, (lo, hi)).fetchone()
        return _median(lambda: conn.execute(sql, (lo, hi)).fetchone(), runs=5)
    finally:
        conn.close()


def _measure(size: int) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        path = home / "bench.sqlite3"
        store = open_store(f"sqlite:///{path}", home)
        try:
            _build(store, size)
            with sqlite3.connect(path) as conn:
                conn.execute("ANALYZE")

            def log() -> None:
                data = reports.daily_log(store, LOG_DAY)
                assert len(data.rows) == LOG_DAY_COUNT + PER_DAY
                daily_log_pdf.render(data)

            def stats() -> None:
                r = reports.period_statistics(store, *YEAR, now=datetime(2026, 11, 21, 8, tzinfo=VN_TZ))
                assert r.total.received > 0

            def card() -> None:
                c = scorecard.scorecard(store, *YEAR, now=datetime(2026, 11, 21, 8, tzinfo=VN_TZ))
                assert c.total.received > 0 and c.total.on_time_rate is not None

            log()  # warm caches and fonts once
            stats()
            card()
            t_card = _median(card)
            c_card = _median(card, clock=time.process_time)
            t_log = _median(log)
            t_stats = _median(stats)
            # CPU time too: on a shared, loaded machine it is what an idle 2-core PC would see.
            c_log = _median(log, clock=time.process_time)
            c_stats = _median(stats, clock=time.process_time)
            day_start, day_end = day_bounds(LOG_DAY)
            f_log = _floor(path, day_start, day_end)
            y_start, _ = day_bounds(YEAR[0])
            _, y_end = day_bounds(YEAR[1])
            f_stats = _floor(path, y_start, y_end)
        finally:
            store.dispose()
    label = f"{size // 1000:,} k" if size < 1_000_000 else f"{size / 1_000_000:g} M"
    return [
        {"name": f"daily log PDF, {LOG_DAY_COUNT + PER_DAY} dossiers, store {label}", "value": t_log, "unit": "s",
         "floor": f_log, "ratio": t_log / f_log, "target": "≤ 1 s, flat in store size"},
        {"name": f"period statistics, 1 year, store {label}", "value": t_stats, "unit": "s", "floor": f_stats,
         "ratio": t_stats / f_stats, "target": "≤ 1 s, flat in store size"},
        {"name": f"766 scorecard, 1 year, store {label}", "value": t_card, "unit": "s", "floor": f_stats,
         "ratio": t_card / f_stats, "target": "≤ 0.5 s, flat in store size"},
        {"name": f"766 scorecard, store {label} (CPU time)", "value": c_card, "unit": "s", "floor": f_stats,
         "ratio": c_card / f_stats, "target": "≤ 0.5 s"},
        {"name": f"daily log PDF, store {label} (CPU time)", "value": c_log, "unit": "s", "floor": f_log,
         "ratio": c_log / f_log, "target": "≤ 1 s"},
        {"name": f"period statistics, store {label} (CPU time)", "value": c_stats, "unit": "s", "floor": f_stats,
         "ratio": c_stats / f_stats, "target": "≤ 1 s"},
    ]


def run() -> list[dict[str, object]]:
    sizes = [int(n) for n in os.environ["BENCH_SIZES"].split(",")] if os.environ.get("BENCH_SIZES") else [
        100_000, 1_000_000]
    if os.environ.get("BENCH_FULL") == "1":
        sizes.append(5_000_000)
    rows: list[dict[str, object]] = []
    for size in sizes:
        rows.extend(_measure(size))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
