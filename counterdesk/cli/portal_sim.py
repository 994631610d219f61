"""`counterdesk portal-sim [--host 127.0.0.1] [--port N] [--db FILE] [--faults SPEC]`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def run_simulator(ctx: Context, serve: Callable[..., None], default_db: str) -> int:
    """Parse ``--faults``, pick the simulator's database and serve until Ctrl-C (both simulators)."""
    from counterdesk.sync.sim.faults import Faults

    try:
        faults = Faults.parse(ctx.args.faults) if ctx.args.faults else None
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    db = Path(ctx.args.sim_db) if ctx.args.sim_db else ctx.home / default_db
    try:
        serve(db, host=ctx.args.host, port=ctx.args.port, faults=faults, token=ctx.args.token,
              announce=lambda line: print(line, flush=True))
    except OSError as exc:
        raise InvalidInput(f"Không mở được cổng {ctx.args.host}:{ctx.args.port} ({exc.strerror or exc}).") from exc
    return EXIT_OK


def add_arguments(p: Any, port: int, what: str) -> None:
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=port, help="0 = cổng trống bất kỳ")
    p.add_argument("--db", dest="sim_db", default=None, help=f"tệp SQLite của {what}")
    p.add_argument("--faults", default="", help='lỗi giả lập, ví dụ "drop=0.1,5xx=0.1,latency=50ms,seed=1"')
    p.add_argument("--token", default="", help="mã truy cập bắt buộc (mặc định: không kiểm tra)")


def run(ctx: Context) -> int:
    from counterdesk.sync.portal_sim import serve

    return run_simulator(ctx, serve, "portal-sim.sqlite3")


def register(sub: Any) -> None:
    p = sub.add_parser("portal-sim", help="chạy cổng dịch vụ công mô phỏng (kiểm thử, tập huấn)")
    add_arguments(p, 8765, "cổng mô phỏng")
    p.set_defaults(handler=run)
