"""Opening hours on SQLite and PostgreSQL: sessions, days off, the override, and "call next"."""

from __future__ import annotations

from datetime import date

import pytest

from counterdesk.domain.errors import Conflict
from counterdesk.domain.roles import CLERK, DEVICE, Actor
from counterdesk.services import calendar, opening_hours, queue, settings
from tests.factories import vn

CLERK1 = Actor(user_id=None, username="canbo1", role=CLERK)
DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)


@pytest.mark.parametrize(("moment", "allowed", "message"), [
    ("2026-12-04T09:00", True, ""),  # Friday morning session
    ("2026-12-04T07:30", True, ""),  # the first minute
    ("2026-12-04T11:30:40", True, ""),  # still the session's last minute
    ("2026-12-04T02:42", False, "Ngoài giờ làm việc — mời quay lại lúc 07:30 hôm nay"),
    ("2026-12-04T12:00", False, "Ngoài giờ làm việc — mời quay lại lúc 13:30 hôm nay"),
    ("2026-12-04T17:30", False, "Ngoài giờ làm việc — mời quay lại lúc 07:30 thứ Hai 07/12"),
    ("2026-12-05T10:00", False, "Ngoài giờ làm việc — mời quay lại lúc 07:30 thứ Hai 07/12"),  # Saturday
    ("2026-09-02T08:00", False, "Ngoài giờ làm việc — mời quay lại lúc 07:30 thứ Năm 03/09"),  # National Day
])
def test_open_in_sessions_of_working_days(store, moment: str, allowed: bool, message: str) -> None:
    state = opening_hours.status(store, vn(moment))
    assert state.allowed is allowed
    assert state.message == (message or "Ngoài giờ làm việc.")


def test_an_office_closure_and_the_override(store) -> None:
    calendar.set_day(store, date(2026, 12, 7), working=False, label="Nghỉ bù sự kiện của phường")
    assert opening_hours.status(store, vn("2026-12-07T09:00")).message.endswith("thứ Ba 08/12")
    settings.set_value(store, "queue.outside_hours", "on")
    state = opening_hours.status(store, vn("2026-12-07T09:00"))
    assert (state.in_hours, state.overridden, state.allowed) == (False, True, True)
    with pytest.raises(Exception, match="một trong"):
        settings.set_value(store, "queue.outside_hours", "maybe")


def test_call_next_refuses_outside_hours_unless_overridden(store) -> None:
    issued = queue.issue_ticket(store, DISPENSER, "A", now=vn("2026-12-04T11:00"))
    with pytest.raises(Conflict, match="Ngoài giờ làm việc — mời quay lại lúc 13:30 hôm nay"):
        queue.call_next(store, CLERK1, 1, now=vn("2026-12-04T12:10"))
    assert queue.get_ticket(store, issued.ticket.id).state == "waiting"  # nothing changed
    settings.set_value(store, "queue.outside_hours", "on")
    assert queue.call_next(store, CLERK1, 1, now=vn("2026-12-04T12:10")).id == issued.ticket.id
