"""One mechanism keeps background jobs alive until their answer arrives, then forgets them."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from counterdesk.ui.common import workers
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.workers import run_in_background

A_LONG_DAY = 600  # tickets printed, receipts rendered, polls… by one all-day window


def _square(n: int) -> int:
    return n * n


def _refuse(n: int) -> int:
    raise ValueError(f"job {n}")


def test_a_long_day_of_fire_and_forget_jobs_delivers_every_result_and_leaves_no_list(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    results: dict[int, int] = {}
    errors: list[str] = []
    on_gui_thread: set[bool] = set()

    def done(n: int) -> object:
        def record(value: int) -> None:
            results[n] = value
            on_gui_thread.add(threading.current_thread() is threading.main_thread())
        return record

    for n in range(A_LONG_DAY):
        if n % 10 == 9:
            run_in_background(_refuse, n, on_failed=lambda exc: errors.append(str(exc)), owner=owner)
        else:
            run_in_background(_square, n, on_done=done(n), owner=owner)  # nobody keeps the worker

    def all_delivered() -> None:
        assert len(results) + len(errors) == A_LONG_DAY

    qtbot.waitUntil(all_delivered, timeout=60_000)
    assert results == {n: n * n for n in range(A_LONG_DAY) if n % 10 != 9}
    assert sorted(errors) == sorted(f"job {n}" for n in range(9, A_LONG_DAY, 10))
    assert on_gui_thread == {True}
    assert workers.running_jobs() == 0  # the registry forgot every delivered job


def test_an_answer_for_a_closed_window_is_dropped_quietly_and_forgotten(qtbot) -> None:
    release = threading.Event()
    owner = QWidget()
    jobs = BackgroundJobs(owner)
    got: list[object] = []
    jobs.start(lambda: release.wait(10) and "late", on_done=got.append, on_failed=got.append)
    assert len(jobs) == 1 and workers.running_jobs() == 1
    owner.deleteLater()
    qtbot.wait(50)  # the window is gone before the answer
    release.set()

    def forgotten() -> None:
        assert workers.running_jobs() == 0

    qtbot.waitUntil(forgotten, timeout=10_000)
    assert got == []


def test_background_jobs_count_their_own_running_jobs(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    jobs = BackgroundJobs(owner)
    got: list[int] = []
    for n in range(20):
        jobs.start(_square, n, on_done=got.append, on_failed=got.append)

    def finished() -> None:
        assert len(jobs) == 0 and len(got) == 20

    qtbot.waitUntil(finished, timeout=30_000)
    assert sorted(got) == sorted(n * n for n in range(20)) and workers.running_jobs() == 0
