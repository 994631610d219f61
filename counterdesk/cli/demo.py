"""`counterdesk demo seed --days N --per-day N`: synthetic history for demos and benchmarks."""

from __future__ import annotations

import sys
import time
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def seed(ctx: Context) -> int:
    from counterdesk.services import demo

    store = ctx.store()
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 2 or done == total:
            last[0] = now
            print(f"\r{done:,}/{total:,} hồ sơ ({done * 100 // total}%)", end="", file=sys.stderr, flush=True)

    added = demo.seed(store, ctx.args.days, ctx.args.per_day, progress=progress)
    print(file=sys.stderr)
    print(f"Đã tạo {added:,} hồ sơ mẫu trong {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="dữ liệu mẫu")
    dsub = demo.add_subparsers(dest="demo_command", required=True, parser_class=type(demo))
    s = dsub.add_parser("seed", help="tạo lịch sử hồ sơ mẫu (ghi hàng loạt)")
    s.add_argument("--days", type=int, default=30, help="số ngày làm việc (mặc định 30)")
    s.add_argument("--per-day", type=int, default=40, help="số hồ sơ mỗi ngày (mặc định 40)")
    s.set_defaults(handler=seed)
