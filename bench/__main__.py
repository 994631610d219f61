"""`python -m bench [name…]`: run every bench_*.py module (or the named ones) and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    chosen = [n for n in names if not argv or any(a in n for a in argv)]
    print(f"{'benchmark':60} {'value':>10} {'unit':12} {'floor':>10} {'ratio':>7} {'target':>8}")
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        for row in module.run():
            print(f"{row['name']:60} {row['value']:>10} {row['unit']:12} {row['floor']:>10} "
                  f"{row['ratio']:>7} {row['target']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
