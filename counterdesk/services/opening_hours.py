"""Opening hours of the office for the queue (issue 15 item 7): the dispenser and "call next" follow
the office calendar's working days and sessions (services/calendar.py), unless an administrator
turns on the ``queue.outside_hours`` override (an evening session, a test day).

Open means: a working day of the calendar (holidays and make-up days included) and a moment inside
one of its sessions (07:30–11:30, 13:30–17:00 by default), in Vietnamese business time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.orm import Session

from counterdesk.domain.calendar import WEEKDAY_NAMES, WorkingCalendar
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import Conflict
from counterdesk.services import settings
from counterdesk.services.calendar import load_calendar
from counterdesk.store.uow import Store

OVERRIDE_KEY = "queue.outside_hours"


@dataclass(frozen=True)
class OpeningState:
    """Whether tickets may be issued and called at ``at``, and when the office opens next."""

    at: datetime
    in_hours: bool
    overridden: bool  # outside hours, but the administrator allows the queue anyway
    next_opening: datetime | None  # None while in hours (or no working day within the calendar's reach)

    @property
    def allowed(self) -> bool:
        return self.in_hours or self.overridden

    @property
    def message(self) -> str:
        """What the dispenser and the desk say outside hours."""
        if self.next_opening is None:
            return "Ngoài giờ làm việc."
        when = self.next_opening
        if when.date() == self.at.date():
            return f"Ngoài giờ làm việc — mời quay lại lúc {when:%H:%M} hôm nay"
        weekday = WEEKDAY_NAMES[when.weekday()]
        return f"Ngoài giờ làm việc — mời quay lại lúc {when:%H:%M} {weekday[:1].lower()}{weekday[1:]} {when:%d/%m}"


def _next_opening(cal: WorkingCalendar, local: datetime) -> datetime | None:
    if cal.is_working_day(local.date()):
        later = cal.next_session_time(local.time())
        if later is not None and later > local.time():
            return datetime.combine(local.date(), later, local.tzinfo)
    day = cal.next_working_day(local.date())
    return datetime.combine(day, cal.opening, local.tzinfo)


def state_at(session: Session, at: datetime) -> OpeningState:
    cal = load_calendar(session)
    local = to_vn(at)
    in_hours = cal.is_working_day(local.date()) and cal.in_session(_minute(local.time()))
    if in_hours:
        return OpeningState(local, True, False, None)
    overridden = settings.read(session, OVERRIDE_KEY) == "on"
    return OpeningState(local, False, overridden, _next_opening(cal, local))


def _minute(t: time) -> time:
    """Sessions are written to the minute: 11:30:59 still belongs to a session ending 11:30."""
    return t.replace(second=0, microsecond=0)


def require_open(session: Session, at: datetime) -> None:
    """Refuse (Conflict with the closed message) outside hours unless the override is on."""
    state = state_at(session, at)
    if not state.allowed:
        raise Conflict(f"{state.message}. (Quản trị có thể bật thiết lập '{settings.KEYS[OVERRIDE_KEY].label}'.)")


def status(store: Store, now: datetime | None = None) -> OpeningState:
    """The dispenser's closed screen and the desk ask this."""
    with store.read() as session:
        return state_at(session, now_vn() if now is None else now)


def check(store: Store, now: datetime | None = None) -> None:
    """``require_open`` in its own read transaction (CLI and dispenser before issuing)."""
    with store.read() as session:
        require_open(session, now_vn() if now is None else now)

