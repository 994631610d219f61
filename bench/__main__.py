"""`make bench`: run every bench/bench_*.py and print one table.

Each module exposes ``run() -> list[dict]`` with rows
{"name", "value", "unit", "floor", "ratio", "target"}: the measured figure, the physical floor
measured in the same run, their ratio and the target it is held to. ``--only NAME`` runs one.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return "" if value is None else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--only", help="run only bench_<ONLY>")
    args = parser.parse_args()
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if n == f"bench_{args.only}"]
    rows: list[dict[str, object]] = []
    failures = 0
    for name in names:
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            got = module.run()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failures += 1
            rows.append({"name": f"{name}: FAILED", "value": None, "unit": "", "floor": None, "ratio": None, "target": ""})
            continue
        rows.extend(got)
        print(f"[{name}: {time.perf_counter() - started:.1f} s]", file=sys.stderr)
    headers = ["benchmark", "value", "unit", "floor", "ratio", "target"]
    table = [[str(r["name"]), _fmt(r.get("value")), str(r.get("unit", "")), _fmt(r.get("floor")),
              _fmt(r.get("ratio")), str(r.get("target", ""))] for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in table)) if table else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return 1 if failures else 0


raise SystemExit(main())
