"""One widget's running background jobs, for "is it still busy?" (buttons, tests).

A thin view over ``workers.run_in_background``, which keeps each job alive until its answer is
delivered; this only counts the jobs one owner started and passes the owner on, so an answer that
arrives after the widget closed is dropped quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from counterdesk.ui.common.workers import Worker, run_in_background


class BackgroundJobs:
    """The jobs ``owner`` started and whose answers have not arrived yet."""

    def __init__(self, owner: QObject | None = None) -> None:
        self.owner = owner
        self._running: set[Worker] = set()

    def start(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
              on_failed: Callable[[BaseException], None]) -> Worker:
        holder: list[Worker] = []

        def done(result: Any) -> None:
            self._running.discard(holder[0])
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._running.discard(holder[0])
            on_failed(exc)

        worker = run_in_background(fn, *args, on_done=done, on_failed=failed, owner=self.owner)
        holder.append(worker)
        self._running.add(worker)
        return worker

    def __len__(self) -> int:
        return len(self._running)
