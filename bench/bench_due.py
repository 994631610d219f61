"""Due-date computation for 1–60 working days vs. a bare day-stepping loop (DESIGN §8).

Floor: a loop that only steps dates one by one over a precomputed set of days off and make-up days
(what any due-date code must at least do). Measured: ``compute_due`` with the official 2025/2026
calendar — start rule, working-day arithmetic and the Vietnamese explanation — and the bare
``add_working_days``. Figures are the median per call over several rounds.

Run: ``python -m bench.bench_due`` (or through ``make bench``).
"""

from __future__ import annotations

import random
import statistics
import time as _time
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

TARGET_US = 50.0
ROUNDS = 7


def _official_calendar() -> Any:
    from counterdesk.domain.baseline import baseline
    from counterdesk.domain.calendar import WorkingCalendar
    from counterdesk.services.calendar import OFFICIAL_YEARS, official_schedules

    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for parsed in official_schedules().values():
        off.update(parsed.off)
        work.update(parsed.working)
    return WorkingCalendar(off, work, baseline=baseline, data_years=OFFICIAL_YEARS), off, work


def _cases(count: int = 600) -> list[tuple[datetime, int]]:
    from counterdesk.domain.clock import VN_TZ

    rng = random.Random(20261122)
    start = datetime(2025, 1, 2, tzinfo=VN_TZ)
    cases = []
    for _ in range(count):
        moment = start + timedelta(days=rng.randrange(0, 640), minutes=rng.randrange(6 * 60, 18 * 60))
        cases.append((moment, rng.randint(1, 60)))
    return cases


def _per_call_us(fn: Callable[[], None], calls: int) -> float:
    samples = []
    fn()  # warm caches (per-year precomputation) outside the timing
    for _ in range(ROUNDS):
        t0 = _time.perf_counter_ns()
        fn()
        samples.append((_time.perf_counter_ns() - t0) / calls / 1000)
    return statistics.median(samples)


def run() -> list[dict[str, Any]]:
    from counterdesk.domain.due import compute_due

    cal, off, work = _official_calendar()
    off_set = frozenset(off)
    work_set = frozenset(work)
    cases = _cases()
    cutoff = time(15, 0)

    def floor_loop() -> None:
        for moment, n in cases:
            d = moment.date()
            left = n
            while left:
                d += timedelta(days=1)
                if d in work_set or (d.weekday() < 5 and d not in off_set):
                    left -= 1

    def due_calls() -> None:
        for moment, n in cases:
            compute_due(cal, moment, n, "working_days", cutoff=cutoff)

    def add_calls() -> None:
        for moment, n in cases:
            cal.add_working_days(moment.date(), n)

    floor = _per_call_us(floor_loop, len(cases))
    due_us = _per_call_us(due_calls, len(cases))
    add_us = _per_call_us(add_calls, len(cases))
    target = f"≤ {TARGET_US:g} µs"
    return [
        {"name": "due date 1–60 working days (compute_due, with explanation)", "value": round(due_us, 2), "unit": "µs",
         "floor": round(floor, 2), "ratio": round(due_us / floor, 2), "target": target},
        {"name": "add_working_days 1–60 (precomputed year tables)", "value": round(add_us, 2), "unit": "µs",
         "floor": round(floor, 2), "ratio": round(add_us / floor, 2), "target": target},
    ]


if __name__ == "__main__":
    rows = run()
    print(f"{'benchmark':<62} {'value':>9} {'floor':>9} {'ratio':>7}  target")
    for row in rows:
        print(f"{row['name']:<62} {row['value']:>7} {row['unit']} {row['floor']:>6} {row['unit']} "
              f"{row['ratio']:>6}×  {row['target']}")
