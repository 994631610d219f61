"""Scans attached to a dossier: one row per stored PDF of a component (or of the result)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base

# What a scan is of (the ``kind`` column): a paper handed in, or the result handed back.
COMPONENT, RESULT = "component", "result"
# How far its text was read (``ocr_state``; None: not yet): services/attachment_ocr.py.
OCR_DONE, OCR_FAILED = "done", "failed"


class DossierAttachment(Base):
    """A digitised paper of a dossier. The bytes live in the file store (store/files.py) under
    ``sha256``; this row is written in the same transaction that marks the component digitised."""

    __tablename__ = "dossier_attachment"
    __table_args__ = (Index("ix_dossier_attachment_sha256", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    document_name: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(12))  # component|result
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(60), default="application/pdf")
    created_at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    # Vietnamese OCR (services/attachment_ocr.py), filled in the background after the row is written:
    # state None = not read yet, "done" (text may be empty: a photo), "failed" (unreadable, not retried).
    ocr_state: Mapped[str | None] = mapped_column(String(8), nullable=True, default=None)
    ocr_text: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
