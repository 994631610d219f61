"""Outside opening hours: the dispenser shows its closed screen and issues nothing; the desk's
"call next" says why it refuses. Deterministic whatever the wall clock: today and tomorrow are
made office closures (the rule with a fixed clock is in tests/integration/test_opening_hours.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from escpos.printer import Dummy

from counterdesk.domain.clock import now_vn
from counterdesk.domain.roles import CLERK, DEVICE, Actor
from counterdesk.printing.ticket import PROFILE, EscposPrinter
from counterdesk.services import calendar, queue, settings
from counterdesk.ui.desk.queue_panel import QueuePanel
from counterdesk.ui.dispenser.window import DispenserWindow

DEVICE_ACTOR = Actor(user_id=None, username="dispenser", role=DEVICE)
CLERK_ACTOR = Actor(user_id=None, username="canbo1", role=CLERK)


@pytest.fixture
def closed_store(sqlite_store):  # type: ignore[no-untyped-def]
    today = now_vn().date()
    for day in (today, today + timedelta(days=1)):
        calendar.set_day(sqlite_store, day, working=False, label="Nghỉ theo quyết định của UBND")
    return sqlite_store


def test_dispenser_closed_screen_and_nothing_issued(qtbot, closed_store) -> None:
    window = DispenserWindow(closed_store, DEVICE_ACTOR,
                             printer=EscposPrinter(lambda: Dummy(profile=PROFILE), "thử", check_paper=False))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.closed.isVisible()
    assert window.closed.text().startswith("Ngoài giờ làm việc — mời quay lại lúc 07:30 ")
    assert window.closed.geometry() == window.rect()  # covers the buttons
    assert window.take("A") is None
    assert "Ngoài giờ làm việc" in window.result.text()
    assert all(line.waiting == 0 for line in queue.lines(closed_store))

    settings.set_value(closed_store, "queue.outside_hours", "on")
    window.refresh()
    assert not window.closed.isVisible()
    issued = window.take("A")
    assert issued is not None and issued.ticket.number == "A001"


def test_desk_call_next_refuses_with_the_reason(qtbot, closed_store) -> None:
    settings.set_value(closed_store, "queue.outside_hours", "on")
    queue.issue_ticket(closed_store, DEVICE_ACTOR, "A")
    settings.set_value(closed_store, "queue.outside_hours", "off")
    panel = QueuePanel(closed_store, CLERK_ACTOR)
    qtbot.addWidget(panel)
    assert panel.call_next() is None
    assert panel.message.text().startswith("Ngoài giờ làm việc — mời quay lại lúc 07:30 ")
    assert queue.find_ticket(closed_store, "A001").state == "waiting"
