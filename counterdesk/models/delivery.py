"""The columns every delivery queue shares (portal outbox, citizen notices), so one engine drains both."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class DeliveryQueue:
    """Key fixed at write time, payload fixed at write time, claim, attempts, next attempt, outcome."""

    id: Mapped[int] = mapped_column(primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(64), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[str] = mapped_column(Text)  # JSON, fixed at write time
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending|sending|accepted|quarantined
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
