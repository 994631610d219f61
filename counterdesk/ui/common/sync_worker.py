"""Background sync for the app: a timer on the GUI thread starts one pass at a time in the pool.

The pass itself (services.sync_admin.background_pass) is a plain function that returns plain
data; nothing here touches the database or the network on the GUI thread.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counterdesk.store.uow import Store
from counterdesk.ui.common.signals import emit
from counterdesk.ui.common.workers import run_in_background

if TYPE_CHECKING:
    from counterdesk.services.sync_admin import SyncView


def _background_pass(store: Store, home: Path | None = None) -> SyncView:
    """Runs in the pool, so the sync stack (httpx, tenacity: ~0.2 s) loads there, after start-up."""
    from counterdesk.services import sync_admin

    return sync_admin.background_pass(store, home)


def describe(view: SyncView) -> tuple[str, str]:
    """Status-bar text and tooltip for a pass."""
    parts = [f"chờ gửi {view.pending + view.sending}"]
    if view.quarantined:
        parts.append(f"bị từ chối {view.quarantined}")
    if view.last_success:
        with contextlib.suppress(ValueError):
            parts.append("lần cuối " + datetime.fromisoformat(view.last_success).strftime("%H:%M %d/%m"))
    if not view.configured:
        head = "chưa cấu hình cổng"
    elif view.busy:
        head = "tiến trình khác đang gửi"
    elif view.online is False:
        head = "mất kết nối cổng"
    else:
        head = "trực tuyến"
    return "Đồng bộ: " + head + " · " + " · ".join(parts), view.error


class SyncWorker(QObject):
    """Runs a sync pass now and then; emits ``updated(SyncView)`` or ``failed(str)`` after each."""

    updated = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None, *, first_delay_ms: int = 1500) -> None:
        super().__init__(parent)
        self.store = store
        self._busy = False
        self._stopped = False
        self._first_delay_ms = first_delay_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._stopped = False
        self._timer.start(self._first_delay_ms)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    @property
    def busy(self) -> bool:
        return self._busy

    def sync_now(self) -> None:
        """Start a pass unless one is running (a click while syncing does nothing twice)."""
        if self._busy or self._stopped:
            return
        self._busy = True
        self._timer.stop()
        # the window's data home (ui.app sets it from --home): scans are read from its folder
        home = getattr(self.parent(), "home", None)
        run_in_background(_background_pass, self.store, home if isinstance(home, Path) else None,
                          on_done=self._done, on_failed=self._failed, owner=self)

    def _done(self, view: SyncView) -> None:
        self._busy = False
        emit(self.updated, view)
        if not self._stopped:
            self._timer.start(int(max(1.0, view.next_in) * 1000))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        emit(self.failed, str(exc) or exc.__class__.__name__)
        if not self._stopped:
            self._timer.start(60_000)
