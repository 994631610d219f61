"""Slow work off the GUI thread: a plain function fed plain data, a QRunnable that signals back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("counterdesk.ui.workers")


class WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(object)  # the exception
    progress = Signal(int, int)  # done, total


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` in the pool; ``fn`` may take a ``progress`` callback."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if with_progress:
            self._kwargs["progress"] = self.signals.progress.emit

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:
            log.debug("worker failed", exc_info=True)
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        """Deliver the outcome; if its window (or the application) was closed meanwhile there is
        nobody to tell, which is not an error worth a traceback."""
        try:
            signal.emit(value)
        except RuntimeError:
            log.debug("a background result arrived after its receiver was gone")


def run_in_background(
    fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None, pool: QThreadPool | None = None, **kwargs: Any,
) -> Worker:
    worker = Worker(fn, *args, **kwargs)
    if on_done:
        worker.signals.done.connect(on_done)
    if on_failed:
        worker.signals.failed.connect(on_failed)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
