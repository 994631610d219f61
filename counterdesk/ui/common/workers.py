"""Slow work off the GUI thread — the one way it is done in CounterDesk.

``run_in_background(fn, *args, on_done=…, on_failed=…, owner=…)`` runs a plain function fed plain
data in the thread pool and hands its outcome back on the GUI thread (queued signal). The module
keeps every running job in one registry from start until its outcome has been delivered, then
forgets it, so a caller never has to hold a reference (no slice-capped lists that can drop a
running worker, no list that grows all day) and a fire-and-forget call cannot lose its answer.
If ``owner`` (a widget) is gone by the time the answer arrives, the answer is dropped quietly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from counterdesk.ui.common.signals import emit

log = logging.getLogger("counterdesk.ui.workers")

_running: set[Worker] = set()  # every job between start and the delivery of its outcome


class WorkerSignals(QObject):
    done = Signal(object)
    failed = Signal(object)  # the exception
    progress = Signal(int, int)  # done, total


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` in the pool; ``fn`` may take a ``progress`` callback."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the registry), not the pool
        self.signals = WorkerSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if with_progress:
            self._kwargs["progress"] = lambda done, total: emit(self.signals.progress, done, total)

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
        """Deliver the outcome; if the application was closed meanwhile there is nobody to tell,
        which is not an error worth a traceback."""
        try:
            emit(signal, value)
        except RuntimeError:
            log.debug("a background result arrived after its receiver was gone")


def running_jobs() -> int:
    """How many jobs are started and not yet delivered (the registry's size; tests check it)."""
    return len(_running)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


def run_in_background(
    fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None, owner: QObject | None = None,
    on_progress: Callable[[int, int], None] | None = None, pool: QThreadPool | None = None,
    with_progress: bool = False, **kwargs: Any,
) -> Worker:
    """Start ``fn(*args, **kwargs)`` in the pool; its outcome reaches ``on_done``/``on_failed`` on the
    GUI thread unless ``owner`` was deleted meanwhile. Call from the GUI thread."""
    worker = Worker(fn, *args, with_progress=with_progress or on_progress is not None, **kwargs)

    def deliver(callback: Callable[[Any], None] | None, value: Any) -> None:
        _running.discard(worker)
        if callback is not None and _alive(owner):
            callback(value)
        elif callback is not None:
            log.debug("a background result for a closed window was dropped")

    worker.signals.done.connect(lambda result: deliver(on_done, result))
    worker.signals.failed.connect(lambda exc: deliver(on_failed, exc))
    if on_progress is not None:
        worker.signals.progress.connect(lambda done, total: _alive(owner) and on_progress(done, total))
    _running.add(worker)  # the outcome is queued to this (GUI) thread, so it arrives after this line
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
