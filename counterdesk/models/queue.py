"""Queue tickets and their events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base


class Ticket(Base):
    """waiting → called → serving → done; no_show, cancelled (DESIGN §3.3).

    A transfer is recorded as a "transferred" TicketEvent and puts the ticket back to "waiting"
    at its target (line or counter); see services/queue/calling.py for the place it keeps.
    """

    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("line_id", "business_day", "seq"),
        # The waiting queue of a line on a day, with what decides its order: counting the people
        # ahead of a ticket and finding the next one are index-only range scans.
        Index("ix_ticket_queue", "state", "business_day", "target_line_id", "line_id", "target_counter_id", "priority"),
        Index("ix_ticket_day", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id"))
    business_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))  # "A012"
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    issued_at: Mapped[datetime]
    called_at: Mapped[datetime | None] = mapped_column(nullable=True)
    serving_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    # Transfer to another line: the number keeps its own line (line_id, seq stay unique per day),
    # the queue it now waits in is target_line_id.
    target_line_id: Mapped[int | None] = mapped_column(ForeignKey("service_line.id"), nullable=True)
    called_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    recall_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    printed: Mapped[bool] = mapped_column(Boolean, default=False)
    dossier_code: Mapped[str | None] = mapped_column(String(60), nullable=True)  # return-line tickets


class TicketEvent(Base):
    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20))  # issued|called|recalled|serving|done|no_show|…
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
