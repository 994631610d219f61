"""`counterdesk notify-sim [--host 127.0.0.1] [--port N] [--db FILE] [--faults SPEC]`: the SMS gateway simulator."""

from __future__ import annotations

from typing import Any

from counterdesk.cli import Context
from counterdesk.cli.portal_sim import add_arguments, run_simulator


def run(ctx: Context) -> int:
    from counterdesk.sync.notify_sim import serve

    return run_simulator(ctx, serve, "notify-sim.sqlite3")


def register(sub: Any) -> None:
    p = sub.add_parser("notify-sim", help="chạy cổng nhắn tin SMS mô phỏng (kiểm thử, tập huấn)")
    add_arguments(p, 8766, "cổng SMS mô phỏng")
    p.set_defaults(handler=run)
