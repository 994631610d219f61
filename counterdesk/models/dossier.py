"""Dossiers (hồ sơ), their events and citizens' satisfaction ratings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counterdesk.domain.status import RECEIVED
from counterdesk.models.base import Base


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_received_at", "received_at"),
        Index("ix_dossier_status_due", "status", "due_at"),
        Index("ix_dossier_finished_at", "finished_at"),  # period statistics: resolved in a range
        # carried-over dossiers of a period (finished in/after it, received before it) from the index alone
        Index("ix_dossier_finished_received", "finished_at", "received_at"),
        Index("ix_dossier_returned_at", "returned_at"),  # period statistics: returned in a range
        Index("ix_dossier_applicant_procedure_day", "applicant_id", "procedure_id", "received_day"),
        # staff search: a person's dossiers and their dates from the index alone, newest picked in memory
        Index("ix_dossier_applicant_received", "applicant_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # {agency}-{yyMMdd}-{seq}
    agency_code: Mapped[str] = mapped_column(String(40))
    received_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"))
    representative: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sets: Mapped[int] = mapped_column(SmallInteger, default=1)
    fee: Mapped[int] = mapped_column(Integer, default=0)  # whole đồng due (0 when exempt)
    fee_pages: Mapped[int] = mapped_column(Integer, default=0)  # pages of one copy, for per-page fees
    fee_copies: Mapped[int] = mapped_column(Integer, default=0)  # copies issued, for per-copy fees
    fee_exemption: Mapped[str] = mapped_column(String(300), default="")  # reason, when exempt
    fee_paid: Mapped[int] = mapped_column(Integer, default=0)  # collected, whole đồng
    fee_receipt_no: Mapped[str] = mapped_column(String(40), default="")  # the fee receipt's number
    fee_paid_at: Mapped[datetime | None] = mapped_column(nullable=True)
    delivery: Mapped[str] = mapped_column(String(10), default="counter")  # counter|post
    channel: Mapped[int] = mapped_column(SmallInteger, default=1)  # KenhThucHien 1/2/3
    status: Mapped[int] = mapped_column(SmallInteger, default=RECEIVED)  # national TrangThaiHoSo
    received_at: Mapped[datetime]
    clock_start_at: Mapped[datetime]  # start moment s used for the due date (restarts on supplement)
    due_at: Mapped[datetime | None] = mapped_column(nullable=True)  # None for immediate results
    original_due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    due_explanation: Mapped[str] = mapped_column(Text, default="")
    rescheduled: Mapped[bool] = mapped_column(Boolean, default=False)
    handling_unit: Mapped[str] = mapped_column(String(200), default="")
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)  # first terminal status
    returned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    receiver_name: Mapped[str] = mapped_column(String(150), default="")
    receiver_id_number: Mapped[str] = mapped_column(String(20), default="")
    supplement_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    supplement_seconds: Mapped[int] = mapped_column(Integer, default=0)  # waiting time, excluded
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True, index=True)
    log_number: Mapped[int | None] = mapped_column(Integer, nullable=True)  # STT in the year's book
    log_book: Mapped[str] = mapped_column(String(20), default="")  # Quyển số, e.g. "01/2026"
    receipt_printed: Mapped[int] = mapped_column(SmallInteger, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    # Classification facts (domain/classification.py): refused or sent back at the counter = not
    # accepted; the first receipt's due moment, which neither a supplement restart nor an apology moves;
    # the first supplement request after acceptance and the complete dossier's return after it.
    accepted: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    judged_due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    supplement_requested_at: Mapped[datetime | None] = mapped_column(nullable=True)
    supplement_completed_at: Mapped[datetime | None] = mapped_column(nullable=True)

    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id", cascade="all, delete-orphan"
    )


class DossierEvent(Base):
    """Who did what to a dossier and when; the control sheet and statistics read these."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))  # received|handover|handback|status|reschedule|print…
    from_status: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    to_status: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class Rating(Base):
    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), nullable=True, index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    at: Mapped[datetime]
    score: Mapped[int] = mapped_column(SmallInteger)  # 3 rất hài lòng, 2 hài lòng, 1 không hài lòng
    reason: Mapped[str] = mapped_column(Text, default="")
