"""`counterdesk gui --mode …` opens a window; without a display it says how to get one.

With ``--size WxH --screenshot FILE.png`` it renders the mode offscreen at that size instead.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, EXIT_OK, Context

MODES = ("desk", "supervisor", "admin", "dispenser", "display", "kiosk")
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[x×X]\s*(\d{1,5})\s*$")
MIN_SIDE, MAX_SIDE = 320, 7680


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_size(text: str) -> tuple[int, int] | None:
    """``1366x768`` → (1366, 768); None when it is not a screen size."""
    match = _SIZE.match(text or "")
    if match is None:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        return None
    return width, height


def _bad(message: str) -> int:
    print(f"counterdesk: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_gui(ctx: Context) -> int:
    mode = ctx.args.mode
    if mode not in MODES:
        return _bad(f"chế độ '{mode}' không có; chọn một trong: {', '.join(MODES)}.")
    screenshot = getattr(ctx.args, "screenshot", None)
    size_text = getattr(ctx.args, "size", None)
    if screenshot or size_text:
        return _screenshot(ctx, mode, size_text, screenshot)
    if not has_display():
        print(
            f"counterdesk: không có màn hình (DISPLAY chưa đặt); chạy bằng: xvfb-run -a counterdesk gui --mode {mode}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from counterdesk.ui.app import run

    return run(mode, ctx.args.db, ctx.home, smoke_test=getattr(ctx.args, "smoke_test", False))


def _screenshot(ctx: Context, mode: str, size_text: str | None, target: str | None) -> int:
    if not size_text or not target:
        return _bad("chụp màn hình cần cả --size RỘNGxCAO và --screenshot TỆP.png.")
    size = parse_size(size_text)
    if size is None:
        return _bad(f"kích thước '{size_text}' không hợp lệ; ghi dạng RỘNGxCAO, mỗi cạnh từ {MIN_SIDE} "
                    f"đến {MAX_SIDE} điểm ảnh (ví dụ 1366x768).")
    path = Path(target)
    if path.suffix.lower() != ".png":
        return _bad(f"tệp ảnh '{target}' phải có đuôi .png.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window appears, whatever the display
    store = ctx.store()
    from counterdesk.ui.screenshot import render

    render(mode, store, size, path)
    print(f"Đã lưu ảnh {mode} {size[0]}×{size[1]}: {path}")
    return EXIT_OK


def register(sub: Any) -> None:
    g = sub.add_parser("gui", help="mở cửa sổ theo chế độ")
    g.add_argument("--mode", default="desk", help=f"chế độ: {', '.join(MODES)} (mặc định desk)")
    g.add_argument("--smoke-test", action="store_true", help="mở cửa sổ, vẽ một lần rồi thoát (kiểm tra cài đặt)")
    g.add_argument("--size", default=None, help="kích thước màn hình khi chụp, RỘNGxCAO (ví dụ 1366x768)")
    g.add_argument("--screenshot", default=None, help="vẽ cửa sổ ngoài màn hình ở --size rồi lưu ảnh PNG vào tệp này")
    g.set_defaults(handler=run_gui)
