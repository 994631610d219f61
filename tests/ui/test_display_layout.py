"""The lobby display fits the TVs offices have, its type follows the screen, its headings keep their marks."""

from __future__ import annotations

import pytest

from counterdesk.domain.roles import CLERK, Actor
from counterdesk.services import queue
from counterdesk.ui.display.window import DisplayWindow, Snapshot
from tests.factories import open_all_hours
from tests.ui.geometry import LANDSCAPE, layout_problems, show_at
from tests.ui.marks import clipped_headings
from tests.ui.test_queue_windows import DEVICE_ACTOR

CLERK_ACTOR = Actor(user_id=None, username="canbo1", role=CLERK)


class Silent:
    def say(self, number: str, counter: int) -> None:
        pass


def _busy_window(qtbot, store) -> DisplayWindow:
    open_all_hours(store)  # the suite runs at any hour
    for prefix in "ABCD":
        for _ in range(3):
            queue.issue_ticket(store, DEVICE_ACTOR, prefix)
    w = DisplayWindow(store, DEVICE_ACTOR, announcer=Silent())
    qtbot.addWidget(w)
    w.poll_timer.stop()
    for counter in (1, 2, 3, 4, 1, 2, 3, 4):
        if queue.current_ticket(store, counter) is not None:
            queue.start_serving(store, CLERK_ACTOR, counter)
            queue.finish(store, CLERK_ACTOR, counter)
        queue.call_next(store, CLERK_ACTOR, counter)
    w.apply(Snapshot(calls=queue.calls_since(store, w.last_event_id), lines=queue.lines(store)))
    return w


@pytest.mark.parametrize("size", LANDSCAPE, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_part_fits_and_no_mark_is_cut(qtbot, sqlite_store, size) -> None:
    w = _busy_window(qtbot, sqlite_store)
    show_at(qtbot, w, size)
    found = {"latest": w.card, "number": w.latest_number, "counter": w.latest_counter, "clock": w.clock}
    found.update({f"recent {i}": row for i, row in enumerate(w.rows)})
    found.update({f"count {p}": label for p, label in w.count_labels.items()})
    assert layout_problems(w, found) == []
    assert w.rows[0].text()  # the history is filled: its rows are measured with text
    assert clipped_headings(w) == []


def test_type_follows_the_screen_up_to_1080p(qtbot, sqlite_store) -> None:
    w = _busy_window(qtbot, sqlite_store)
    sizes = {}
    for size in LANDSCAPE:
        show_at(qtbot, w, size)
        sizes[size] = w.latest_number.font().pixelSize()
    assert sizes[(1280, 720)] < sizes[(1366, 768)] < sizes[(1920, 1080)] == 210
