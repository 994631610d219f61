"""`counterdesk gui --mode M --size WxH --screenshot FILE`: one mode rendered offscreen to a PNG.

Tests, the user guide's gallery (`make screenshots`) and support use it to see exactly what a
screen of that size shows. Staff modes act as the store's first active account of their role
(no password prompt: the window is drawn once and closed, it never takes input).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRect
from PySide6.QtWidgets import QApplication, QWidget

from counterdesk.store.uow import Store

SETTLE_SECONDS = 1.5  # background loads (tables, charts, counts) finish before the picture is taken


def _settle(app: QApplication, seconds: float) -> None:
    from PySide6.QtCore import QThreadPool

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(20)
    app.processEvents()


def grab_png(window: QWidget, width: int, height: int) -> bytes:
    """What a ``width``×``height`` screen shows of the window (a window too big for it is cut off,
    as on the screen), as a small palette PNG: the gallery is committed to git."""
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab(QRect(0, 0, width, height)).save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True)
    return out.getvalue()


def place(window: QWidget, width: int, height: int) -> None:
    """Show ``window`` at exactly ``width``×``height`` as on a screen of that size."""
    window.setGeometry(0, 0, width, height)
    window.show()
    window.setGeometry(0, 0, width, height)


def render(mode: str, store: Store, size: tuple[int, int], target: Path) -> Path:
    """Render ``mode`` at ``size`` and write the PNG to ``target``."""
    from counterdesk.services import users
    from counterdesk.ui.app import UNATTENDED, WINDOWS, build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    actor = None if mode in UNATTENDED else users.showcase_actor(store, WINDOWS[mode][2])
    window = build_window(mode, store, actor)
    place(window, *size)
    _settle(app, SETTLE_SECONDS)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(grab_png(window, *size))
    if hasattr(window, "_may_close"):
        window._may_close = True  # the kiosk refuses to close otherwise
    window.close()
    window.deleteLater()
    _settle(app, 0.1)
    return target
