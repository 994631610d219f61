"""The office, its counters and queue service lines, and key/value settings."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counterdesk.models.base import Base


class Office(Base):
    """One public service centre (or satellite point) this store serves."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))  # "Trung tâm Phục vụ hành chính công phường …"
    parent_name: Mapped[str] = mapped_column(String(200), default="")  # đơn vị chủ quản (UBND …)
    place_name: Mapped[str] = mapped_column(String(100), default="")  # "Phường Bến Nghé" on "…, ngày…"
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    head_title: Mapped[str] = mapped_column(String(100), default="GIÁM ĐỐC")
    head_name: Mapped[str] = mapped_column(String(100), default="")
    # Calendar settings (DESIGN §3.1): sessions "07:30-11:30,13:30-17:00"; cut-off "15:00" or "" (none).
    sessions: Mapped[str] = mapped_column(String(100), default="07:30-11:30,13:30-17:00")
    cutoff: Mapped[str] = mapped_column(String(5), default="15:00")
    due_policy: Mapped[str] = mapped_column(String(20), default="same_time")  # or end_of_day
    # Disjoint dossier-sequence block for stores sharing one agency code (DESIGN §3.2).
    sequence_start: Mapped[int] = mapped_column(Integer, default=1)
    sequence_end: Mapped[int | None] = mapped_column(Integer, nullable=True)

    counters: Mapped[list[Counter]] = relationship(back_populates="office", order_by="Counter.number")
    lines: Mapped[list[ServiceLine]] = relationship(back_populates="office", order_by="ServiceLine.sort_order")


class Counter(Base):
    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    office: Mapped[Office] = relationship(back_populates="counters")


class ServiceLine(Base):
    """A queue: prefix letter, number range and daily cap; one may be the return-of-results line."""

    __tablename__ = "service_line"
    __table_args__ = (UniqueConstraint("office_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    prefix: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(150))
    field_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    first_number: Mapped[int] = mapped_column(Integer, default=1)
    last_number: Mapped[int] = mapped_column(Integer, default=999)
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_return_line: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    office: Mapped[Office] = relationship(back_populates="lines")


class CounterLine(Base):
    """Which lines a counter calls from."""

    __tablename__ = "counter_line"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id", ondelete="CASCADE"), primary_key=True)


class Setting(Base):
    """Office settings that are not columns of Office (portal.url, queue.max_recalls, printers…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
