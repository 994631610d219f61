"""SMS notices to citizens and their opt-outs.

A notice row has the outbox's own columns (:class:`DeliveryQueue`), so the one delivery engine
(counterdesk.sync.engine) drains either table the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base
from counterdesk.models.delivery import DeliveryQueue


class Notice(DeliveryQueue, Base):
    """A message to a citizen, written in the same transaction as the change that causes it."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_state_id", "state", "id"),
        Index("ix_notice_created_at", "created_at"),  # day close: notices written on a day
    )

    # columns: DeliveryQueue (kind: result_ready|supplement|apology|receipt;
    # payload: {"kind", "message": {"to", "text"}})


class NoticeOptOut(Base):
    """An applicant who asked not to receive SMS notices (no row: notices are sent)."""

    __tablename__ = "notice_opt_out"

    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
