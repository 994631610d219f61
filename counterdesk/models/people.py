"""Staff users and citizens (applicants)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base


class User(Base):
    """A staff account or an unattended device (dispenser, display, kiosk)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(20))  # clerk|supervisor|admin|device
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    # Set on accounts whose password someone else chose (demo accounts): changed at the next login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Applicant(Base):
    """A citizen or organisation submitting dossiers; found again by personal ID number."""

    __tablename__ = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    full_name: Mapped[str] = mapped_column(String(150))
    name_key: Mapped[str] = mapped_column(String(150), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str] = mapped_column(String(10), default="")  # Nam|Nữ|""
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)  # staff search by phone
    email: Mapped[str] = mapped_column(String(150), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
