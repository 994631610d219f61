"""Business time: Asia/Ho_Chi_Minh whatever the PC's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> datetime:
    """The current moment in Vietnam time."""
    return datetime.now(VN_TZ)


def to_vn(moment: datetime) -> datetime:
    """Convert an aware moment to Vietnam time; a naive one is taken to be Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def to_utc(moment: datetime) -> datetime:
    """Aware UTC moment; naive input is Vietnam time."""
    return to_vn(moment).astimezone(UTC)


def business_day(moment: datetime) -> date:
    """The Vietnamese calendar day a moment falls on."""
    return to_vn(moment).date()


def parse_vn_iso(text: str) -> datetime:
    """Parse ISO 8601; without an offset the time is Vietnam time. Raises ValueError."""
    value = datetime.fromisoformat(text.strip())
    return to_vn(value)


def iso_vn(moment: datetime) -> str:
    """ISO 8601 with +07:00, minutes precision unless seconds are set."""
    local = to_vn(moment)
    spec = "seconds" if local.second or local.microsecond else "minutes"
    return local.isoformat(timespec=spec)
