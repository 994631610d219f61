"""SMS notices to citizens and their opt-outs.

A notice row has the outbox's own columns (key, state, attempts, claim, next attempt, last error)
so the one delivery engine (counterdesk.sync.engine) drains either table the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base


class Notice(Base):
    """A message to a citizen, written in the same transaction as the change that causes it."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_state_id", "state", "id"),
        Index("ix_notice_created_at", "created_at"),  # day close: notices written on a day
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(64), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(30))  # result_ready|supplement|apology|receipt
    payload: Mapped[str] = mapped_column(Text)  # JSON {"kind", "message": {"to", "text"}}, fixed at write time
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending|sending|accepted|quarantined
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


class NoticeOptOut(Base):
    """An applicant who asked not to receive SMS notices (no row: notices are sent)."""

    __tablename__ = "notice_opt_out"

    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
