"""Staff search: one box finding dossiers by code, receipt QR, ID-card number, phone or name.

A citizen who comes back without the receipt is found by what they can say. Each kind of query is
an index lookup, never a scan: the code and the ID number are unique keys, the phone an index, and
a name is matched word by word (accent- and case-insensitive, any order, the last word as a prefix
while the clerk is still typing) through ``applicant_name_token``. The rarest word drives the
search and the others are probed by primary key, so a search costs the same on 10 k or 5 M
dossiers. Staff screens may show personal data; the kiosk never uses this (it stays code/QR only).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.citizen_id import normalise_phone
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.receipt_qr import CODE_RE, PREFIX, looks_like_code
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import fold, has_control_chars, nfc
from counterdesk.models import Applicant, ApplicantNameToken, Dossier, Procedure
from counterdesk.store.uow import Store

MAX_QUERY = 120
MAX_RESULTS = 50
# Bounds that keep a search on common words ("nguyen van") as fast as on a rare one: the rarest
# word's applicants are walked newest first, SCAN at a time, until CANDIDATES matching people are
# found (a few more than the dossiers listed); beyond that the clerk types more of the name.
SCAN = 2000
MAX_PAGES = 25  # driver pages examined at most (50,000 applicants)
CANDIDATES = MAX_RESULTS + 10
MAX_EXPANSIONS = 40  # words a prefix may stand for ("ng" → nga, ngan, ngoc, nguyen…)
_DIGITS = re.compile(r"^\+?[\d .-]{6,20}$")


@dataclass(frozen=True, slots=True)
class Found:
    """One dossier in the result list (staff only: the name and ID number are shown)."""

    code: str
    applicant_name: str
    id_number: str
    phone: str
    procedure_name: str
    status: int
    status_name: str
    received_at: datetime
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    kind: str  # code|id_number|phone|name
    items: tuple[Found, ...]
    more: bool  # more matched than were listed: type more of the name

    @property
    def message(self) -> str:
        if not self.items:
            return "Không tìm thấy hồ sơ nào."
        more = " — còn nữa, hãy gõ thêm để thu hẹp" if self.more else ""
        return f"Tìm thấy {len(self.items)} hồ sơ{more}."


def name_tokens(full_name: str) -> list[str]:
    return sorted({word[:40] for word in fold(full_name).split()})


def index_applicant_name(session: Session, applicant: Applicant) -> None:
    """Keep the applicant's name words in step with the name (call after any name change, flushed)."""
    session.flush()
    session.execute(delete(ApplicantNameToken).where(ApplicantNameToken.applicant_id == applicant.id))
    words = name_tokens(applicant.full_name)
    if words:
        session.execute(insert(ApplicantNameToken), [{"token": w, "applicant_id": applicant.id} for w in words])


def _clean(text: str) -> str:
    query = nfc(text or "")
    if not query:
        raise InvalidInput("Nhập mã hồ sơ, họ tên, số định danh hoặc số điện thoại để tìm.", field="query")
    if len(query) > MAX_QUERY or has_control_chars(query):
        raise InvalidInput(f"Nội dung tìm kiếm không hợp lệ (tối đa {MAX_QUERY} ký tự).", field="query")
    return query


def _expand(session: Session, word: str, prefix: bool) -> list[str]:
    """The indexed words a query word stands for: itself, or (still being typed) those it begins.

    Each next word is one index seek (min above the last), so a prefix shared by 300,000
    applicants ("nguy") costs a handful of seeks, not a walk over their rows.
    """
    if not prefix:
        return [word]
    t = ApplicantNameToken
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    found: list[str] = []
    last = word
    while len(found) < MAX_EXPANSIONS:
        cond = t.token >= last if not found else t.token > last
        nxt = session.scalar(select(func.min(t.token)).where(cond, t.token < upper))
        if nxt is None:
            break
        found.append(nxt)
        last = nxt
    return found


def _newest(session: Session, tokens: list[str], limit: int, below: int | None) -> list[int]:
    """The newest ``limit`` applicants (ids under ``below``) having any of ``tokens``, newest first."""
    t = ApplicantNameToken
    runs = []
    for tok in tokens:  # each token's ids come index-ordered
        stmt = select(t.applicant_id).where(t.token == tok)
        if below is not None:
            stmt = stmt.where(t.applicant_id < below)
        runs.append(list(session.scalars(stmt.order_by(t.applicant_id.desc()).limit(limit))))
    return heapq.nlargest(limit, set().union(*runs))


def _applicants_by_name(session: Session, query: str) -> tuple[list[int], bool]:
    """Newest applicants whose name has every word of ``query`` (the last one as a prefix).

    The word with the fewest applicants drives: its newest SCAN applicants are kept when every
    other word is among their own name words (probed by primary key). Every result is a true
    match and they are the newest ones; ``more`` says the bounds cut the list.
    """
    typed = fold(query).split()
    if not typed:
        raise InvalidInput("Họ tên cần ít nhất một chữ cái.", field="query")
    t = ApplicantNameToken
    words = {w: _expand(session, w, prefix=(i == len(typed) - 1 and w not in typed[:-1]))
             for i, w in enumerate(typed)}
    if any(not tokens for tokens in words.values()):
        return [], False

    def count(tokens: list[str]) -> int:
        inner = select(t.applicant_id).where(t.token.in_(tokens)).limit(SCAN + 1).subquery()
        return int(session.scalar(select(func.count()).select_from(inner)) or 0)

    counted = sorted((count(tokens), word) for word, tokens in words.items())
    driver = counted[0][1]
    found: list[int] = []
    below: int | None = None
    for _page in range(MAX_PAGES):  # walk the driver's applicants newest first, a page at a time
        page = _newest(session, words[driver], SCAN, below)
        ids = set(page)
        for _n, word in counted[1:]:
            if not ids:
                break
            ids &= set(session.scalars(select(t.applicant_id).where(t.token.in_(words[word]),
                                                                     t.applicant_id.in_(ids))))
        found.extend(sorted(ids, reverse=True))
        if len(found) > CANDIDATES or len(page) < SCAN:
            return found[:CANDIDATES], len(found) > CANDIDATES
        below = page[-1]
    return found[:CANDIDATES], True  # the scan budget ran out: there may be older matches


def _dossiers(session: Session, where: ColumnElement[bool]) -> list[Found]:
    """The newest dossiers matching ``where`` (an indexed condition), with what the list shows.

    The newest are picked from (id, received_at) pairs in Python: asked to order by received_at,
    a planner may walk that index over the whole store looking for a rare applicant's dossiers.
    """
    d, a, p = Dossier, Applicant, Procedure
    pairs = session.execute(select(d.id, d.received_at).where(where)).all()
    newest = [i for i, _at in heapq.nlargest(MAX_RESULTS + 1, pairs, key=lambda r: (r[1], r[0]))]
    if not newest:
        return []
    rows = session.execute(
        select(d.code, a.full_name, a.id_number, a.phone, p.name, d.status, d.received_at, d.due_at)
        .join(a, a.id == d.applicant_id).join(p, p.id == d.procedure_id)
        .where(d.id.in_(newest)).order_by(d.received_at.desc(), d.id.desc())
    ).all()
    return [Found(code, name, id_number or "", phone, proc, status, st.name(status), to_vn(received),
                  None if due is None else to_vn(due))
            for code, name, id_number, phone, proc, status, received, due in rows]


def _code_in(query: str) -> str | None:
    """A typed or scanned dossier code, or the code inside a receipt QR (staff need no signature check)."""
    parts = query.split("|")
    if len(parts) == 3 and parts[0] == PREFIX and CODE_RE.match(parts[1]):
        return parts[1]
    return query.upper() if looks_like_code(query.upper()) else None


def _phone(digits: str) -> str:
    try:
        return normalise_phone(digits)
    except InvalidInput:
        return ""


def find_dossiers(store: Store, text: str, actor: Actor | None = None) -> SearchResult:
    """Dossiers matching ``text``, newest first (at most MAX_RESULTS; ``more`` if there were others)."""
    if actor is not None:
        actor.require("dossier.search")
    query = _clean(text)
    with store.read() as session:
        code = _code_in(query)
        if code is not None:
            return SearchResult(query, "code", tuple(_dossiers(session, Dossier.code == code)), False)
        compact = re.sub(r"[ .-]", "", query)
        if _DIGITS.match(query) and compact.lstrip("+").isdigit():
            phone = _phone(compact)
            if phone:
                kind, cond = "phone", Applicant.phone == phone
            else:  # a chip ID card (12 digits) or an old 9-digit one, or a part of nothing
                kind, cond = "id_number", Applicant.id_number == compact
            ids = list(session.scalars(select(Applicant.id).where(cond).order_by(Applicant.id.desc())
                                       .limit(CANDIDATES)))
            capped = False
        else:
            kind, (ids, capped) = "name", _applicants_by_name(session, query)
        items = _dossiers(session, Dossier.applicant_id.in_(ids)) if ids else []
        more = capped or len(items) > MAX_RESULTS
        return SearchResult(query, kind, tuple(items[:MAX_RESULTS]), more)


def applicant_count(store: Store) -> int:
    """How many applicants the search covers (for the benchmark's report)."""
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Applicant)) or 0)
