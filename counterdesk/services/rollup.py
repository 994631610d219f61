"""The statistics rollup (models/rollup.py): what the period statistics and the 766 scorecard need of
the dossiers whose contribution no longer changes, summed per Vietnamese month, procedure and clerk.

Why: a year's figures over a store of millions of dossiers must not classify a year of dossiers on
every call. A dossier's reception (day, channel, accepted), its resolution (the end of processing
fixes early / on time / late and the processing time for good) and its return are final facts; only
the dossiers still open at the end of the period, and the days at the period's edges that do not fill
a whole month, are classified live with the same SQL (services/statistics.py).

Every contribution, live or rolled up, comes from one SQL function (``contributions``), which
classifies with statistics.classified, the SQL form of domain/classification.py. The rollup is kept
in step inside the very flush that changes a dossier (ORM flush events installed on the store's
writing sessions): the changed dossiers' old contributions are subtracted before the flush and their
new ones added after it, in the same transaction. Bulk writers (demo seed, benchmarks) call
``rebuild``; ``check`` compares the table with a recomputation (tests, ``db check``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, inspect, literal, select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.classification import Outcome
from counterdesk.domain.clock import to_vn
from counterdesk.domain.report_data import Counts
from counterdesk.models import Dossier, Setting, StatRollup
from counterdesk.services.overview import day_bounds
from counterdesk.services.statistics import (
    CODES,
    NEW_FIELDS,
    OUTCOME_FIELDS,
    OUTCOMES,
    add_resolved,
    classified,
    epoch,
    live_extras,
    vn_day,
    working_day_index,
)
from counterdesk.store.uow import Store

KIND_RECEIVED, KIND_RESOLVED, KIND_RETURNED = 1, 2, 3  # per month, procedure and clerk
KIND_DAY_RECEIVED, KIND_DAY_RESOLVED = 4, 5  # per day for the office (the period report's daily chart)
ALL_KINDS = (KIND_RECEIVED, KIND_RESOLVED, KIND_RETURNED, KIND_DAY_RECEIVED, KIND_DAY_RESOLVED)
SETTING_KEY = "stats.rollup"
KEYS = ("period", "kind", "procedure_id", "clerk_id", "channel", "accepted", "outcome", "ended_by")
# The dossier columns a contribution depends on: a change to any other column leaves the rollup alone.
TRACKED = ("received_at", "finished_at", "returned_at", "accepted", "procedure_id", "clerk_id", "channel",
           "status", "judged_due_at", "supplement_count", "supplement_seconds", "supplement_requested_at",
           "supplement_completed_at")
Cell = tuple[Any, ...]  # KEYS + (n, seconds, wdays)
Range = tuple[datetime, datetime]


def _month(session: Session, col: Any) -> Any:
    return func.substr(vn_day(session, col), 1, 7)


def _zeros(n: int) -> list[Any]:
    return [literal(0) for _ in range(n)]


def contributions(session: Session, *, where: Sequence[Any] = (), received: Range | None = None,
                  finished: Range | None = None, returned: Range | None = None, kinds: Iterable[int] = ALL_KINDS,
                  by_month: bool = True) -> list[Cell]:
    """The rollup cells of the dossiers matching ``where`` (and each kind's moment in its range):
    receptions by channel and acceptance, resolutions by outcome with their processing times, returns
    (per month; ``by_month`` False: one period); the daily receptions and resolutions of the office."""
    d = Dossier
    kinds = set(kinds)
    clerk = func.coalesce(d.clerk_id, 0)
    cells: list[Cell] = []

    def month_or_none(col: Any) -> Any:
        return _month(session, col) if by_month else literal("")

    def in_range(col: Any, rng: Range | None) -> list[Any]:
        return [] if rng is None else [col >= rng[0], col < rng[1]]

    if KIND_RECEIVED in kinds:
        m = month_or_none(d.received_at)
        chan = case((d.channel == 2, 2), (d.channel == 3, 3), else_=1)
        acc = case((d.accepted, 1), else_=0)
        keys = [m, literal(KIND_RECEIVED), d.procedure_id, clerk, chan, acc, literal(0), literal(0)]
        q = select(*keys, func.count(), literal(0), literal(0)).where(
            *where, *in_range(d.received_at, received)).group_by(*keys[:6])
        cells.extend(tuple(r) for r in session.execute(q))
    if KIND_RETURNED in kinds:
        m = month_or_none(d.returned_at)
        keys = [m, literal(KIND_RETURNED), d.procedure_id, clerk, literal(0), literal(0), literal(0), literal(0)]
        q = select(*keys, func.count(), literal(0), literal(0)).where(
            d.returned_at.is_not(None), *where, *in_range(d.returned_at, returned)).group_by(*keys[:4])
        cells.extend(tuple(r) for r in session.execute(q))
    if KIND_DAY_RECEIVED in kinds:
        day = vn_day(session, d.received_at)
        q = select(day, literal(KIND_DAY_RECEIVED), *_zeros(6), func.count(), *_zeros(2)).where(
            d.accepted, *where, *in_range(d.received_at, received)).group_by(day)
        cells.extend(tuple(r) for r in session.execute(q))
    if KIND_RESOLVED in kinds or KIND_DAY_RESOLVED in kinds:
        cells.extend(_resolved(session, where, finished, by_month, kinds))
    return [c for c in cells if c[8]]


def _resolved(session: Session, where: Sequence[Any], finished: Range | None, by_month: bool,
              kinds: set[int]) -> list[Cell]:
    from counterdesk.services.calendar import load_calendar

    d = Dossier
    cond = [d.accepted, d.finished_at.is_not(None), *where]
    if finished is not None:
        cond += [d.finished_at >= finished[0], d.finished_at < finished[1]]
    first, last_fin, last_back = session.execute(
        select(func.min(d.received_at), func.max(d.finished_at), func.max(d.supplement_completed_at)).where(*cond)
    ).one()
    if first is None:
        return []
    last = max(to_vn(x).date() for x in (last_fin, last_back) if x is not None)
    w = working_day_index(load_calendar(session), to_vn(first).date(), last)
    rows = select(
        d.procedure_id.label("procedure_id"), func.coalesce(d.clerk_id, 0).label("clerk_id"),
        d.status.label("status"), d.accepted.label("accepted"), d.supplement_count.label("supp_n"),
        d.supplement_seconds.label("supp_s"), epoch(session, d.received_at).label("rec_s"),
        epoch(session, d.finished_at).label("fin_s"), epoch(session, d.judged_due_at).label("due_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_requested_at))).label("rq_s"),
        case((d.supplement_count == 1, epoch(session, d.supplement_completed_at))).label("cp_s"),
        vn_day(session, d.finished_at).label("day"),
    ).where(*cond).cte("final_rows").prefix_with("MATERIALIZED")
    c = classified(rows, 0).c  # finished dossiers: the reference moment plays no part
    cells: list[Cell] = []
    if KIND_DAY_RESOLVED in kinds:
        q = select(c.day, literal(KIND_DAY_RESOLVED), *_zeros(3), literal(1), c.outcome, literal(0), func.count(),
                   *_zeros(2)).group_by(c.day, c.outcome)
        cells.extend(tuple(r) for r in session.execute(q))
    if KIND_RESOLVED not in kinds:
        return cells
    month = func.substr(c.day, 1, 7) if by_month else literal("")
    ended_by = case((c.status == st.WITHDRAWN, st.WITHDRAWN), (c.status == st.REFUSED, st.REFUSED), else_=0)
    one = and_(c.supp_n == 1, c.rq_s.is_not(None), c.cp_s.is_not(None))
    wdays = w(c.fin_s) - w(c.rec_s) - case((one, w(c.cp_s) - w(c.rq_s)), else_=0)
    keys = [month, literal(KIND_RESOLVED), c.procedure_id, c.clerk_id, literal(0), literal(1), c.outcome, ended_by]
    q = select(*keys, func.count(), func.sum(c.fin_s - c.rec_s - c.supp_s), func.sum(wdays)).group_by(
        month, c.procedure_id, c.clerk_id, c.outcome, ended_by)
    return cells + [tuple(r) for r in session.execute(q)]


# ---------------------------------------------------------------- keeping the table in step


def _apply(session: Session, cells: Iterable[Cell], sign: int) -> None:
    """Add (sign 1) or subtract (sign −1) cells: one INSERT … ON CONFLICT DO UPDATE (SQLite and
    PostgreSQL alike), in key order so that two writers never wait on each other crosswise."""
    rows = [dict(zip(KEYS, cell[:8], strict=True), n=sign * int(cell[8] or 0), seconds=sign * int(cell[9] or 0),
                 wdays=sign * int(cell[10] or 0)) for cell in sorted(cells, key=lambda c: tuple(map(str, c[:8])))]
    if not rows:
        return
    conn = session.connection()
    from sqlalchemy.dialects import postgresql, sqlite

    t: Any = StatRollup.__table__
    stmt: Any = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(t)
    stmt = stmt.on_conflict_do_update(index_elements=list(KEYS), set_={
        "n": t.c.n + stmt.excluded.n, "seconds": t.c.seconds + stmt.excluded.seconds,
        "wdays": t.c.wdays + stmt.excluded.wdays})
    conn.execute(stmt, rows)


def _touched(obj: Any) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in TRACKED)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    old = [o.id for o in session.dirty if isinstance(o, Dossier) and o.id is not None and _touched(o)]
    gone = [o.id for o in session.deleted if isinstance(o, Dossier) and o.id is not None]
    if old or gone:
        _apply(session, contributions(session, where=(Dossier.id.in_(old + gone),)), -1)
    new = [o for o in session.new if isinstance(o, Dossier)]
    session.info["rollup_after"] = (old, new)


def _after_flush(session: Session, _context: Any) -> None:
    old, new = session.info.pop("rollup_after", ((), ()))
    ids = [*old, *(o.id for o in new)]
    if ids:
        _apply(session, contributions(session, where=(Dossier.id.in_(ids),)), 1)


def install(store: Store) -> None:
    """Keep the rollup in step with every dossier written through the store's sessions."""
    store.listen("before_flush", _before_flush)
    store.listen("after_flush", _after_flush)


def rebuild(session: Session) -> int:
    """Recompute the whole table from the dossiers (migration backfill, bulk writers); cells written."""
    session.execute(delete(StatRollup))
    cells = contributions(session)
    if cells:
        session.execute(insert(StatRollup), [dict(zip((*KEYS, "n", "seconds", "wdays"), c, strict=True))
                                             for c in cells])
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        session.add(Setting(key=SETTING_KEY, value=_built_by()))
    else:
        row.value = _built_by()
    return len(cells)


def _built_by() -> str:
    """A release may bring new official calendars or rules: the rollup records which one built it."""
    from counterdesk import __version__

    return f"built by {__version__}"


def rebuild_resolved_from(session: Session, day: date) -> None:
    """Recompute the resolutions from the month of ``day`` on (a calendar change moves working days)."""
    month_start = day.replace(day=1)
    start, _ = day_bounds(month_start)
    session.execute(delete(StatRollup).where(StatRollup.kind.in_((KIND_RESOLVED, KIND_DAY_RESOLVED)),
                                             StatRollup.period >= f"{month_start:%Y-%m}"))
    _apply(session, contributions(session, kinds=(KIND_RESOLVED, KIND_DAY_RESOLVED), finished=(start, datetime.max.replace(
        tzinfo=start.tzinfo))), 1)


def ensure_built(store: Store) -> None:
    """Fill the rollup after the upgrade that created it (or for a new store), and again after a
    release changed (its calendars and rules may differ)."""
    def stale(s: Session) -> bool:
        row = s.get(Setting, SETTING_KEY)
        return row is None or row.value != _built_by()

    with store.read() as s:
        if not stale(s):
            return
    with store.write() as s:
        if stale(s):
            rebuild(s)


def check(session: Session) -> list[str]:
    """Cells where the table and a recomputation from the dossiers differ (empty when consistent)."""
    want = {tuple(c[:8]): tuple(int(x or 0) for x in c[8:]) for c in contributions(session)}
    have = {tuple(r[:8]): tuple(int(x or 0) for x in r[8:])
            for r in session.execute(select(*(StatRollup.__table__.c[k] for k in (*KEYS, "n", "seconds", "wdays"))))
            if r.n or r.seconds or r.wdays}
    return [f"{key}: bảng {have.get(key)} ≠ tính lại {want.get(key)}"
            for key in sorted(want.keys() | have.keys(), key=str) if have.get(key) != want.get(key)]


# ---------------------------------------------------------------- reading a period


def _full_months(start_day: date, end_day: date) -> tuple[str, str] | None:
    first = start_day if start_day.day == 1 else _next_month(start_day)
    after = _next_month(end_day) if _next_month(end_day) - timedelta(days=1) == end_day else end_day.replace(day=1)
    if first >= after:
        return None
    return f"{first:%Y-%m}", f"{after - timedelta(days=1):%Y-%m}"


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def period_cells(session: Session, start_day: date, end_day: date) -> list[Cell]:
    """The final contributions of the days start..end: whole months from the table, the days at the
    edges live."""
    months = _full_months(start_day, end_day)
    if months is None:
        edges = [(start_day, end_day)]
        cells: list[Cell] = []
    else:
        first = date.fromisoformat(months[0] + "-01")
        after = _next_month(date.fromisoformat(months[1] + "-01"))
        edges = [(a, b) for a, b in ((start_day, first - timedelta(days=1)), (after, end_day)) if a <= b]
        t = StatRollup
        keys = (t.kind, t.procedure_id, t.clerk_id, t.channel, t.accepted, t.outcome, t.ended_by)
        q = select(literal(""), *keys, func.sum(t.n), func.sum(t.seconds), func.sum(t.wdays)).where(
            t.kind <= KIND_RETURNED, t.period >= months[0], t.period <= months[1]).group_by(*keys)
        cells = [tuple(r) for r in session.execute(q)]
    for a, b in edges:
        rng = (day_bounds(a)[0], day_bounds(b)[1])
        cells.extend(contributions(session, received=rng, finished=rng, returned=rng, by_month=False,
                                   kinds=(KIND_RECEIVED, KIND_RESOLVED, KIND_RETURNED)))
    return cells


def daily(session: Session, start_day: date, end_day: date) -> dict[date, tuple[int, int, int]]:
    """Per day of the period: accepted dossiers received, dossiers resolved, those early or on time."""
    t = StatRollup
    good = (CODES[Outcome.EARLY], CODES[Outcome.ON_TIME])
    found: dict[date, list[int]] = {}
    for day, kind, code, n in session.execute(
            select(t.period, t.kind, t.outcome, t.n).where(t.kind.in_((KIND_DAY_RECEIVED, KIND_DAY_RESOLVED)),
                                                          t.period >= start_day.isoformat(),
                                                          t.period <= end_day.isoformat())):
        acc = found.setdefault(date.fromisoformat(day), [0, 0, 0])
        if kind == KIND_DAY_RECEIVED:
            acc[0] += int(n)
        else:
            acc[1] += int(n)
            acc[2] += int(n) if code in good else 0
    return {day: (a, b, c) for day, (a, b, c) in found.items()}


def grouped_counts(session: Session, start_day: date, end_day: date, ref_epoch: int,
                   units: dict[int, str]) -> dict[tuple[int, int | None], Counts]:
    """Counts per (procedure id, clerk id) for the period: the final contributions (period_cells)
    and, live, what depends on the period itself (statistics.live_extras: open dossiers, carried
    over, ratings, sync, scans)."""
    sums: dict[tuple[int, int | None], dict[str, Any]] = {}
    for _m, kind, proc_id, clerk_id, channel, accepted, code, ended_by, n, seconds, wdays in period_cells(
            session, start_day, end_day):
        acc = sums.setdefault((proc_id, clerk_id or None), {})
        n = int(n or 0)
        names: list[str] = []
        if kind == KIND_RECEIVED:
            names.append(NEW_FIELDS[int(channel)] if accepted else "not_accepted")
        elif kind == KIND_RETURNED:
            names.append("returned")
        else:
            names.append(OUTCOME_FIELDS[OUTCOMES[int(code)]])
            add_resolved(acc, names, units.get(proc_id, ""), int(ended_by or 0), seconds, wdays)
        for name in names:
            acc[name] = acc.get(name, 0) + n
    groups = {key: Counts(**acc) for key, acc in sums.items()}
    start, end = day_bounds(start_day)[0], day_bounds(end_day)[1]
    for key, counts in live_extras(session, start, end, ref_epoch):
        groups[key] = groups.get(key, Counts()) + counts
    return groups


__all__ = ["CODES", "check", "contributions", "daily", "ensure_built", "grouped_counts", "install", "period_cells",
           "rebuild", "rebuild_resolved_from"]
