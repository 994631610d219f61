"""Staff search: one box finding dossiers by code, receipt QR, ID-card number, phone or name.

A citizen who comes back without the receipt is found by what they can say. Each kind of query is
an index lookup, never a scan: the code and the ID number are unique keys, the phone an index, and
a name is matched word by word (accent- and case-insensitive, any order, the last word as a prefix
while the clerk is still typing) through ``applicant_name_token`` and ``applicant_name_pair``.
The rarest pair of typed words drives: its applicants come newest first from one index range and
the other words are probed by key in the same statement, so a search costs the same on 10 k or
5 M dossiers, for "Nguyễn Văn An" (thousands of them) as for a name nobody has. Staff screens may show personal data; the kiosk never uses this (it stays code/QR only).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    union,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from counterdesk.domain import status as st
from counterdesk.domain.citizen_id import normalise_phone
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.receipt_qr import CODE_RE, PREFIX, looks_like_code
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import fold, has_control_chars, nfc
from counterdesk.models import Applicant, ApplicantNamePair, ApplicantNameToken, Dossier, Procedure
from counterdesk.store.uow import Store

MAX_QUERY = 120
MAX_RESULTS = 50
# Bounds that keep a search on common words ("nguyen van") as fast as on a rare one. The rarest
# pair among the newest WINDOW applicants (counted up to SCAN + 1) is walked newest first, at most
# BUDGET of its applicants, until CANDIDATES matching people are found (a few more than listed).
SCAN = 2000
WINDOW = 50_000
BUDGET = 10_000
CANDIDATES = MAX_RESULTS + 10
PAIR_WORDS = 5  # typed words that may form the starting pair (10 pairs at most)
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


def name_pairs(words: list[str]) -> list[str]:
    """Every two of a name's (sorted, distinct) words, as one key "a b" with a < b."""
    return [f"{a} {b}" for i, a in enumerate(words) for b in words[i + 1:]]


def index_applicant_name(session: Session, applicant: Applicant) -> None:
    """Keep the applicant's name words and pairs in step with the name (call after any name change)."""
    session.flush()
    for table in (ApplicantNameToken, ApplicantNamePair):
        session.execute(delete(table).where(table.applicant_id == applicant.id))
    words = name_tokens(applicant.full_name)
    if words:
        session.execute(insert(ApplicantNameToken), [{"token": w, "applicant_id": applicant.id} for w in words])
    pairs = name_pairs(words)
    if pairs:
        session.execute(insert(ApplicantNamePair), [{"pair": p, "applicant_id": applicant.id} for p in pairs])


def _clean(text: str) -> str:
    query = nfc(text or "")
    if not query:
        raise InvalidInput("Nhập mã hồ sơ, họ tên, số định danh hoặc số điện thoại để tìm.", field="query")
    if len(query) > MAX_QUERY or has_control_chars(query):
        raise InvalidInput(f"Nội dung tìm kiếm không hợp lệ (tối đa {MAX_QUERY} ký tự).", field="query")
    return query


_EXPAND = text(
    "WITH RECURSIVE seek(tok, n) AS ("
    " SELECT (SELECT min(token) FROM applicant_name_token WHERE token >= :lo AND token < :hi), 1"
    " UNION ALL"
    " SELECT (SELECT min(token) FROM applicant_name_token WHERE token > seek.tok AND token < :hi), n + 1"
    " FROM seek WHERE seek.tok IS NOT NULL AND n < :cap"
    ") SELECT tok FROM seek WHERE tok IS NOT NULL"
)


def _expand(session: Session, word: str, prefix: bool) -> list[str]:
    """The indexed words a query word stands for: itself, or (still being typed) those it begins.

    One statement of index seeks (each next word is the least above the last), so a prefix shared
    by 300,000 applicants ("nguy") costs a handful of seeks, not a walk over their rows.
    """
    if not prefix:
        return [word]
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    return list(session.scalars(_EXPAND, {"lo": word, "hi": upper, "cap": MAX_EXPANSIONS}))


@dataclass(frozen=True, slots=True)
class _Driver:
    """Where a name search starts: the keys (words or pairs) of one index, and the words it covers."""

    column: InstrumentedAttribute[str]
    keys: tuple[str, ...]
    covers: frozenset[str]


def _drivers(words: dict[str, list[str]]) -> list[_Driver]:
    """The possible starting points: each pair of typed words (one word if only one was typed).

    A pair is skipped when the word still being typed could complete to the other one ("minh mi"):
    the pair index has no "minh minh", so that pair would miss a plain "Hoàng Minh". Pairs are
    formed from the PAIR_WORDS longest words only (the rest are probed): sixty one-letter words
    must not become 1,770 counts.
    """
    t, p = ApplicantNameToken, ApplicantNamePair
    typed = sorted(words, key=len, reverse=True)[:PAIR_WORDS]
    pairs = []
    for i, u in enumerate(typed):
        for v in typed[i + 1:]:
            if u in words[v] or v in words[u]:
                continue
            keys = {" ".join(sorted((x, y))) for x in words[u] for y in words[v]}
            pairs.append(_Driver(p.pair, tuple(sorted(keys)), frozenset((u, v))))
    if pairs:
        return pairs
    return [_Driver(t.token, tuple(tokens), frozenset((w,))) for w, tokens in words.items()]


def _counts(session: Session, drivers: list[_Driver]) -> list[int]:
    """How many of the newest WINDOW applicants each starting point has, up to SCAN + 1 (one statement).

    The walk goes newest first, so the density among the newest is what it costs; counted in a
    fixed window, the choice is the same on 100 k or 5 M dossiers (a whole-store count would cap
    every common pair alike on a big store and make the choice blind).
    """
    top = select(func.max(Applicant.id)).scalar_subquery()

    def capped(d: _Driver) -> ScalarSelect[int]:
        owner = d.column.class_.applicant_id
        inner = (select(d.column).where(d.column.in_(d.keys), owner > top - WINDOW)
                 .limit(SCAN + 1).subquery())
        return select(func.count()).select_from(inner).scalar_subquery()

    return [int(n or 0) for n in session.execute(select(*(capped(d) for d in drivers))).one()]


def _arm(driver: _Driver, key: str, probes: list[list[str]], limit: int, budget: int | None) -> Select[Any]:
    """The newest ``limit`` applicants under one key whose names also have every probed word.

    The key's applicants come newest first straight from its index range, each other word is an
    EXISTS probe on the word index, and the walk stops at the limit. With a ``budget`` the range
    starts no lower than the key's budget-th newest applicant (one uncorrelated index walk), so a
    common key whose applicants rarely match cannot walk the whole store.
    """
    owner = driver.column.class_.applicant_id
    conds: list[ColumnElement[bool]] = [driver.column == key]
    if budget is not None:
        floor = (select(owner).where(driver.column == key).order_by(owner.desc())
                 .offset(budget).limit(1).scalar_subquery())
        conds.append(owner > func.coalesce(floor, 0))
    for tokens in probes:
        x = aliased(ApplicantNameToken)
        conds.append(exists().where(x.applicant_id == owner,
                                    x.token == tokens[0] if len(tokens) == 1 else x.token.in_(tokens)))
    return select(owner.label("aid")).where(*conds).order_by(owner.desc()).limit(limit)


def _applicants_by_name(session: Session, query: str) -> tuple[list[int], bool]:
    """Newest applicants whose name has every word of ``query`` (the last one as a prefix).

    The rarest pair of typed words drives (the word itself if only one was typed): its applicants
    are walked newest first in one statement that probes the other words and stops at CANDIDATES
    matches. Every result is a true match and they are the newest ones; ``more`` says the list was
    cut (or, rarely, that the walk's budget ran out before enough matches were found).
    """
    typed = fold(query).split()
    if not typed:
        raise InvalidInput("Họ tên cần ít nhất một chữ cái.", field="query")
    words = {w: _expand(session, w, prefix=(i == len(typed) - 1 and w not in typed[:-1]))
             for i, w in enumerate(typed)}
    if any(not tokens for tokens in words.values()):
        return [], False
    drivers = _drivers(words)
    driver = drivers[0]
    if len(drivers) > 1:
        driver = min(zip(_counts(session, drivers), drivers, strict=True), key=lambda c: c[0])[1]
    probes = [tokens for w, tokens in words.items() if w not in driver.covers]
    want = CANDIDATES + 1
    budget = max(1, BUDGET // len(driver.keys)) if probes else None  # BUDGET driver rows in all
    arms = [_arm(driver, key, probes, want, budget) for key in driver.keys]
    if len(arms) == 1:
        stmt = arms[0]
    else:  # UNION, not UNION ALL: "h" finds Hoàng Hải under two keys, and he is one person
        merged = union(*(arm.subquery().select() for arm in arms)).subquery()
        stmt = select(merged.c.aid).order_by(merged.c.aid.desc()).limit(want)
    found = [int(aid) for aid in session.scalars(stmt)]
    if len(found) > CANDIDATES:
        return found[:CANDIDATES], True
    return found, budget is not None and _over_budget(session, driver, budget)


def _over_budget(session: Session, driver: _Driver, budget: int) -> bool:
    """Whether a key has more applicants than its walk examined (then older matches may exist)."""
    owner = driver.column.class_.applicant_id
    beyond = [select(owner).where(driver.column == key).order_by(owner.desc()).offset(budget).limit(1)
              .scalar_subquery() for key in driver.keys]
    return any(v is not None for v in session.execute(select(*beyond)).one())


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
