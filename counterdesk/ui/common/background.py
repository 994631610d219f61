"""Background jobs that stay alive until they have reported back to the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counterdesk.ui.common.workers import Worker, run_in_background


class BackgroundJobs:
    """Holds each running worker (and so its signals object) until its answer is delivered.

    A worker dropped by Python while its thread still runs can lose its answer or emit on a
    deleted object; a widget that may start several jobs keeps them here instead.
    """

    def __init__(self) -> None:
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

        worker = run_in_background(fn, *args, on_done=done, on_failed=failed)
        holder.append(worker)  # the answer is queued to this (GUI) thread, so it arrives after this line
        self._running.add(worker)
        return worker

    def __len__(self) -> int:
        return len(self._running)
