"""Find dossiers by the words in their scans: the Vietnamese OCR text (services/attachment_ocr.py)
made searchable for staff, accent- and case-insensitive, every typed word required, newest first.

The text is read in pages of rows, newest scan first, and the walk stops at ``limit`` hits or after
``MAX_ROWS`` scans, saying so: a commune office holds thousands of scans, not millions, and the
name/ID search (services/search.py) stays the fast way to find a citizen's dossier.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import fold, has_control_chars, nfc
from counterdesk.models import Dossier, DossierAttachment
from counterdesk.models.attachment import OCR_DONE
from counterdesk.store.uow import Store

MAX_QUERY = 200
MAX_ROWS = 20_000
PAGE = 500
SNIPPET = 60


@dataclass(frozen=True, slots=True)
class TextHit:
    code: str
    document_name: str
    kind: str
    pages: int
    snippet: str  # the words around the first match, as read (without diacritics if they cannot be lined up)


@dataclass(frozen=True, slots=True)
class TextResult:
    query: str
    hits: tuple[TextHit, ...]
    more: bool  # stopped at the limit or at MAX_ROWS: there may be more


def _snippet(read: str, folded: str, word: str) -> str:
    """The words around ``word``, cut from the text as read where its folded form lines up with it
    letter for letter (precomposed Vietnamese does), from the folded text otherwise."""
    shown = read if len(read) == len(folded) else folded
    at = folded.find(word)
    start, end = max(0, at - SNIPPET // 2), min(len(folded), at + len(word) + SNIPPET // 2)
    return ("…" if start else "") + shown[start:end] + ("…" if end < len(folded) else "")


def find(store: Store, text: str, *, actor: Actor | None = None, limit: int = 50) -> TextResult:
    """Scans whose read text holds every word of ``text`` (newest first)."""
    if actor is not None:
        actor.require("dossier.search")
    query = nfc(text or "").strip()
    if not query or len(query) > MAX_QUERY or has_control_chars(query):
        raise InvalidInput(f"Nhập từ cần tìm trong bản số hoá (1 đến {MAX_QUERY} ký tự).")
    words = sorted(set(fold(query).split()), key=len, reverse=True)
    hits: list[TextHit] = []
    last_id: int | None = None
    seen = 0
    with store.read() as session:
        while len(hits) < limit and seen < MAX_ROWS:
            q = (select(DossierAttachment.id, Dossier.code, DossierAttachment.document_name, DossierAttachment.kind,
                        DossierAttachment.pages, DossierAttachment.ocr_text)
                 .join(Dossier, Dossier.id == DossierAttachment.dossier_id)
                 .where(DossierAttachment.ocr_state == OCR_DONE, DossierAttachment.ocr_text != "")
                 .order_by(DossierAttachment.id.desc()).limit(PAGE))
            if last_id is not None:
                q = q.where(DossierAttachment.id < last_id)
            rows = session.execute(q).all()
            if not rows:
                return TextResult(query, tuple(hits), False)
            for row_id, code, name, kind, pages, body in rows:
                last_id, seen = row_id, seen + 1
                read = " ".join(nfc(body or "").split())
                folded = fold(read)
                if all(w in folded for w in words):
                    hits.append(TextHit(code, name, kind, int(pages), _snippet(read, folded, words[0])))
                    if len(hits) >= limit:
                        break
    return TextResult(query, tuple(hits), True)
