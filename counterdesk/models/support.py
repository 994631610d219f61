"""Numbering, calendar overrides, outbox, audit trail and day close."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base
from counterdesk.models.delivery import DeliveryQueue


class DailySequence(Base):
    """Last number given per scope and business day; rows are locked while a number is taken."""

    __tablename__ = "daily_sequence"

    scope: Mapped[str] = mapped_column(String(80), primary_key=True)  # "dossier:<agency>", "ticket:<line>"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class CalendarDay(Base):
    """An office's own exception to the official calendar: a local closure or an extra working day."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    label: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    updated_at: Mapped[datetime]


class CalendarYear(Base):
    """A year an administrator confirmed or imported; without a row a non-official year is provisional."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # confirmed|imported
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    confirmed_at: Mapped[datetime]


class OutboxEntry(DeliveryQueue, Base):
    """A change to report to the portal, written in the same transaction as the change."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_id", "state", "id"),
        Index("ix_outbox_created_at", "created_at"),  # day close: entries written on a day
    )

    # columns: DeliveryQueue (kind: dossier.received|dossier.status|…)


class SyncState(Base):
    """Small key/value store for the sync engine (pull cursor, last success)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Append-only, hash-chained record of every state and settings change."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class DayClose(Base):
    __tablename__ = "day_close"

    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[datetime]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    summary: Mapped[str] = mapped_column(Text)  # JSON of the reconciliation
    discrepancies: Mapped[str] = mapped_column(Text, default="")


Index("ix_audit_entry_at", AuditEntry.at)
