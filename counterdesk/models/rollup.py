"""The period statistics' rollup: counts and sums of the dossiers' final contributions, per Vietnamese
month (and per day for the office's daily chart); services/rollup.py keeps it in step with the
dossiers in the same transaction."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base


class StatRollup(Base):
    """One (period, kind, procedure, clerk, class) cell: per month and (procedure, clerk), kind 1
    received (by channel and accepted), 2 resolved (by outcome and the terminal status that ended it),
    3 returned; per day for the whole office (procedure and clerk 0), 4 accepted received, 5 resolved
    (by outcome)."""

    __tablename__ = "stat_rollup"

    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # 'YYYY-MM' (kinds 1–3), 'YYYY-MM-DD' (4–5)
    kind: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clerk_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no clerk
    channel: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # received: 1/2/3
    accepted: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # received: 0/1
    outcome: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # resolved: statistics.CODES
    ended_by: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # resolved: withdrawn/refused/0
    n: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[int] = mapped_column(BigInteger, default=0)  # resolved: Σ processing seconds (2.2)
    wdays: Mapped[int] = mapped_column(BigInteger, default=0)  # resolved: Σ working days (2.2)
