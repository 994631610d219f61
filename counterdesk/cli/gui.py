"""`counterdesk gui --mode …` opens a window; without a display it says how to get one."""

from __future__ import annotations

import os
import sys
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, Context

MODES = ("desk", "supervisor", "admin", "dispenser", "display", "kiosk")


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(ctx: Context) -> int:
    mode = ctx.args.mode
    if not has_display():
        print(
            f"counterdesk: không có màn hình (DISPLAY chưa đặt); chạy bằng: xvfb-run -a counterdesk gui --mode {mode}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from counterdesk.ui.app import run

    return run(mode, ctx.args.db, ctx.home, smoke_test=getattr(ctx.args, "smoke_test", False))


def register(sub: Any) -> None:
    g = sub.add_parser("gui", help="mở cửa sổ theo chế độ")
    g.add_argument("--mode", choices=MODES, default="desk")
    g.add_argument("--smoke-test", action="store_true", help="mở cửa sổ, vẽ một lần rồi thoát (kiểm tra cài đặt)")
    g.set_defaults(handler=run_gui)
