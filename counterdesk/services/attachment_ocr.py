"""Searchable scans: the Vietnamese text of each stored scan, read by Tesseract in the background.

The scan is stored first (services/attachments.attach); reading it takes seconds a page, so it is
never done at the counter. A pass takes the scans not read yet (``ocr_state`` NULL), oldest
first, reads each file once (a re-used scan shares its file, so every row with the same hash gets
the text), and writes the text in its own transaction. The guarded update (``ocr_state IS NULL``)
makes two PCs reading the same scan harmless: the second writes nothing.

Driven by ``counterdesk attachments ocr [--once]`` and by the app's background pass (beside
portal sync and citizens' SMS) when the setting ``attachments.ocr`` is on. Without Tesseract and
its Vietnamese data nothing changes and the Vietnamese message says what to install.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from counterdesk.domain.errors import DomainError
from counterdesk.models import DossierAttachment
from counterdesk.models.attachment import OCR_DONE, OCR_FAILED
from counterdesk.scans import ocr
from counterdesk.services import settings
from counterdesk.services.attachments import file_store
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.attachments")
ENABLED_KEY = "attachments.ocr"
DONE, FAILED = OCR_DONE, OCR_FAILED
BACKGROUND_LIMIT = 1  # files a background pass reads: the pass also carries sync and SMS


@dataclass(frozen=True)
class OcrReport:
    read: int  # files read (each may serve several attachment rows)
    failed: int  # files Tesseract could not read (marked, not retried)
    skipped: int  # files missing or altered (left for `attachments check` / restore)
    left: int  # attachment rows still waiting after the pass


def pending(store: Store) -> int:
    """Attachment rows whose text has not been read yet."""
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(DossierAttachment)
                                  .where(DossierAttachment.ocr_state.is_(None))) or 0)


def text_of(store: Store, attachment_id: int) -> str | None:
    """The text read from one scan ("" for a page without text), None while not read yet."""
    with store.read() as session:
        row = session.get(DossierAttachment, attachment_id)
        return None if row is None or row.ocr_state is None else row.ocr_text or ""


def _waiting(store: Store, limit: int | None) -> list[str]:
    with store.read() as session:
        query = (select(DossierAttachment.sha256, func.min(DossierAttachment.id).label("first"))
                 .where(DossierAttachment.ocr_state.is_(None))
                 .group_by(DossierAttachment.sha256).order_by("first"))
        if limit is not None:
            query = query.limit(limit)
        return [sha for sha, _ in session.execute(query).all()]


def _mark(store: Store, sha256: str, state: str, text: str | None) -> None:
    with store.write() as session:
        session.execute(update(DossierAttachment)
                        .where(DossierAttachment.sha256 == sha256, DossierAttachment.ocr_state.is_(None))
                        .values(ocr_state=state, ocr_text=text))


def run_once(store: Store, home: Path, *, limit: int | None = None) -> OcrReport:
    """Read up to ``limit`` waiting scan files (all when None). Raises ``ocr.OcrUnavailable``
    (nothing changed) when Tesseract or its Vietnamese data is missing."""
    problem = ocr.available()
    if problem is not None:
        raise ocr.OcrUnavailable(problem)
    files = file_store(store, home)
    read = failed = skipped = 0
    for sha in _waiting(store, limit):
        if files.verify(sha) is not None:
            skipped += 1  # a missing file may come back from a backup: left waiting
            continue
        try:
            text = ocr.pdf_text(files.read(sha))
        except ocr.OcrUnavailable:
            raise
        except (DomainError, ValueError, OSError) as exc:
            log.info("OCR could not read a scan: %s", exc.__class__.__name__)
            _mark(store, sha, FAILED, None)
            failed += 1
            continue
        _mark(store, sha, DONE, text)
        read += 1
    if read or failed:
        log.info("OCR read %d scan file(s), %d unreadable", read, failed)
    return OcrReport(read, failed, skipped, pending(store))


def enabled(store: Store) -> bool:
    return settings.get(store, ENABLED_KEY) == "true"


def background_pass(store: Store, home: Path | None = None) -> str:
    """One small OCR pass for the app's background worker when ``attachments.ocr`` is on;
    returns the pass's error text ("" when all went well or OCR is off) for the log."""
    if not enabled(store):
        return ""
    if home is None:
        from counterdesk.paths import data_home

        home = data_home()
    try:
        run_once(store, home, limit=BACKGROUND_LIMIT)
    except DomainError as exc:
        return exc.message
    return ""
