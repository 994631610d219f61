"""Procedure catalogue (thủ tục hành chính) with required documents."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counterdesk.models.base import Base


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # national TTHC code, e.g. 2.000815
    name: Mapped[str] = mapped_column(String(400))
    name_key: Mapped[str] = mapped_column(String(400), index=True)  # folded for accent-free search
    field_code: Mapped[str] = mapped_column(String(40), default="")
    field_name: Mapped[str] = mapped_column(String(200), default="")  # lĩnh vực
    duration: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    unit: Mapped[str] = mapped_column(String(20))  # working_days|working_hours|same_day|calendar_days|months
    cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)  # None: office's; "" : none
    fee: Mapped[int] = mapped_column(Integer, default=0)  # VND
    fee_note: Mapped[str] = mapped_column(String(300), default="")
    fee_rule: Mapped[str] = mapped_column(String(120), default="")  # domain.fees syntax; "" = flat `fee`
    fee_exemption: Mapped[str] = mapped_column(String(300), default="")  # the usual exemption, offered
    handling_unit: Mapped[str] = mapped_column(String(200), default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    line_prefix: Mapped[str | None] = mapped_column(String(3), nullable=True)  # queue line it belongs to
    result_document: Mapped[str] = mapped_column(String(400), default="")  # what is issued, for the return slip
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    documents: Mapped[list[RequiredDocument]] = relationship(
        back_populates="procedure", order_by="RequiredDocument.position", cascade="all, delete-orphan"
    )


class RequiredDocument(Base):
    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(400))
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")
