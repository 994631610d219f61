"""The day at a glance for the desk and supervisor windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from counterdesk.domain.clock import VN_TZ, now_vn
from counterdesk.domain.status import OPEN
from counterdesk.models import Dossier, OutboxEntry, Ticket
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

LABELS = {
    "tickets_issued": "Số phiếu đã cấp",
    "tickets_waiting": "Đang chờ",
    "dossiers_received": "Hồ sơ tiếp nhận",
    "dossiers_returned": "Đã trả kết quả",
    "dossiers_overdue": "Hồ sơ quá hạn",
    "outbox_pending": "Chờ đồng bộ",
}


@dataclass(frozen=True)
class DayOverview:
    day: date
    office_name: str
    tickets_issued: int
    tickets_waiting: int
    dossiers_received: int
    dossiers_returned: int
    dossiers_overdue: int
    outbox_pending: int


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC-comparable start and end of a Vietnamese business day."""
    start = datetime.combine(day, time(0, 0), tzinfo=VN_TZ)
    return start, start + timedelta(days=1)


def today(store: Store, day: date | None = None) -> DayOverview:
    day = day or now_vn().date()
    start, end = day_bounds(day)
    now = now_vn()
    with store.read() as s:
        issued = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.business_day == day)) or 0
        waiting = s.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.business_day == day, Ticket.state == "waiting")
        ) or 0
        received = s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.received_at >= start, Dossier.received_at < end)
        ) or 0
        returned = s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.returned_at >= start, Dossier.returned_at < end)
        ) or 0
        overdue = s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.status.in_(OPEN), Dossier.due_at < now)
        ) or 0
        pending = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state.in_(("pending", "sending")))
        ) or 0
        name = office(s).name
    return DayOverview(day, name, issued, waiting, received, returned, overdue, pending)
