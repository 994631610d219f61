"""`counterdesk demo seed`: realistic synthetic history by bulk insert (DBAPI executemany).

Dossiers are received on working days inside office hours before the cut-off, so their due
moment is simply the N-th working day at the same clock time (DESIGN §3.1); statuses follow the
age of the dossier (old ones returned, mostly on time; recent ones in progress). Each dossier
has its queue ticket and its events. History is taken to be synced already: no outbox rows.
Numbering continues after the seed.

Speed (a 5-million-dossier store in minutes): rows are positional tuples handed to the driver's
executemany, with datetimes and dates already in the form SQLAlchemy would store them — its
per-row parameter processing cost more than SQLite's own insert work. Times are computed as naive
UTC (Vietnam has kept UTC+7 without daylight saving since 1975, so a VN clock time is a fixed
shift from UTC) and the random draws use ``random()`` directly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Table, exists, func, insert, select, update
from sqlalchemy.engine import Dialect

from counterdesk.domain import status as st
from counterdesk.domain.calendar import WorkingCalendar
from counterdesk.domain.clock import VN_TZ, now_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.names import (
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PROVINCE_CODES,
    STREETS,
)
from counterdesk.domain.progress import Progress
from counterdesk.domain.text import fold
from counterdesk.models import (
    Applicant,
    ApplicantNamePair,
    ApplicantNameToken,
    Counter,
    DailySequence,
    Dossier,
    DossierEvent,
    Procedure,
    ServiceLine,
    Ticket,
    User,
)
from counterdesk.services import calendar, rollup
from counterdesk.services.lifecycle import DESK_UNIT
from counterdesk.services.log_book import volume_label
from counterdesk.services.search import name_pairs, name_tokens
from counterdesk.services.settings import office
from counterdesk.store.rawsql import bound
from counterdesk.store.uow import Store

BATCH = 50_000  # dossiers per transaction: few commits, and a WAL that stays well under 100 MB
SQLITE_SEED_CACHE_KIB = 256 * 1024  # index pages of a multi-million-row store stay in memory
Row = tuple[Any, ...]

MINUTES = [timedelta(minutes=m) for m in range(24 * 60)]
HOURS = [timedelta(hours=h) for h in range(97)]
VN_OFFSET = timedelta(hours=7)  # Vietnam has kept UTC+7 without daylight saving since 1975
MORNING, AFTERNOON = (7 * 60 + 30, 4 * 60), (13 * 60 + 30, 90)  # first minute, how many minutes

APPLICANT_COLUMNS = ("id_number", "full_name", "name_key", "birth_date", "gender", "phone", "email", "address",
                     "created_at", "updated_at")
TICKET_COLUMNS = ("line_id", "business_day", "seq", "number", "priority", "state", "issued_at", "called_at",
                  "serving_at", "finished_at", "counter_id", "target_counter_id", "called_by", "recall_count",
                  "printed", "dossier_code")
# ticket_id last: it is known only once the day's tickets are in
DOSSIER_COLUMNS = ("code", "agency_code", "received_day", "sequence", "procedure_id", "applicant_id",
                   "representative", "documents", "sets", "fee", "delivery", "channel", "status", "received_at",
                   "clock_start_at", "due_at", "original_due_at", "due_explanation", "rescheduled",
                   "handling_unit", "finished_at", "returned_at", "receiver_name", "receiver_id_number",
                   "supplement_count", "supplement_seconds", "clerk_id", "log_number", "log_book", "receipt_printed",
                   "note", "judged_due_at", "ticket_id")
EVENT_COLUMNS = ("dossier_id", "at", "user_id", "kind", "from_status", "to_status", "note", "data")


def _table(model: Any) -> Table:
    """The Core table of a model."""
    table: Table = model.__table__
    return table


@dataclass(frozen=True)
class _Proc:
    """A procedure with what a seeded dossier and its ticket take from it."""

    id: int
    fee: int
    handling_unit: str
    prefix: str
    line_id: int
    duration: int
    unit: str


@dataclass(frozen=True)
class _Refs:
    """The office's reference rows, read once."""

    agency: str
    procs: list[_Proc]
    counters: list[int]
    clerks: list[int | None]
    first_applicant_serial: int


class _Driver:
    """Insert SQL and value forms for one dialect, as SQLAlchemy would bind them."""

    def __init__(self, dialect: Dialect) -> None:
        if dialect.paramstyle not in ("qmark", "format", "pyformat"):
            raise InvalidInput(f"demo seed: kiểu tham số {dialect.paramstyle} chưa được hỗ trợ.")
        self.dialect = dialect
        self.sqlite = dialect.name == "sqlite"
        dossier, event = _table(Dossier), _table(DossierEvent)
        self.json_null = self._bound(dossier, "representative", None)
        self.json_empty_list = self._bound(dossier, "documents", [])
        self.event_data_null = self._bound(event, "data", None)
        self._event_data: dict[tuple[str, str], Any] = {}

    def hand_over_data(self, from_unit: str, to_unit: str) -> Any:
        """The JSON of a hand-over event between two units, bound once per pair."""
        key = (from_unit, to_unit)
        if key not in self._event_data:
            self._event_data[key] = self._bound(_table(DossierEvent), "data", {"from_unit": from_unit,
                                                                               "to_unit": to_unit})
        return self._event_data[key]

    def _bound(self, table: Table, column: str, value: Any) -> Any:
        """A constant through the column type's own bind processing, once."""
        return bound(table.c[column], self.dialect, value)

    def moment(self, value: datetime) -> Any:
        """Naive UTC as UtcDateTime stores it (SQLite: its DATETIME text with microseconds)."""
        return value.isoformat(" ", "microseconds") if self.sqlite else value

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def insert_sql(self, model: Any, columns: Sequence[str]) -> str:
        prep = self.dialect.identifier_preparer
        mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        return (f"INSERT INTO {prep.format_table(_table(model))} ({', '.join(prep.quote(c) for c in columns)}) "
                f"VALUES ({', '.join([mark] * len(columns))})")


def seed(store: Store, days: int, per_day: int, *, seed_value: int = 20261122, progress: Progress | None = None,
         end: date | None = None) -> int:
    """Add ``per_day`` dossiers on each of the last ``days`` working days; returns how many were added."""
    if not 1 <= days <= 3650 or not 1 <= per_day <= 20_000:
        raise InvalidInput("Số ngày phải từ 1 đến 3650 và số hồ sơ mỗi ngày từ 1 đến 20.000.")
    rng = random.Random(seed_value)
    today = end or now_vn().date()
    with store.read() as s:
        cal = calendar.load_calendar(s)
        refs = _read_refs(s)
    work_days = _work_days(cal, today, days)
    pool = max(50, min(per_day * days // 3, 300_000))
    now = now_vn().astimezone(UTC).replace(tzinfo=None)
    done = 0
    with _bulk_connection(store) as conn:
        driver = _Driver(conn.dialect)
        with conn.begin():
            applicant_ids = _seed_applicants(conn, driver, rng, refs.first_applicant_serial, pool, today)
        days_per_commit = max(1, BATCH // per_day)
        for i in range(0, len(work_days), days_per_commit):
            with conn.begin():
                for day in work_days[i:i + days_per_commit]:
                    _seed_day(conn, driver, _DayPlan(rng, cal, refs, applicant_ids, day, now), per_day)
                    done += per_day
                    if progress:
                        progress(done, days * per_day)
    with store.write() as s:  # the bulk inserts bypass the flush that keeps the rollup in step
        rollup.rebuild(s)
    return done


def _read_refs(s: Any) -> _Refs:
    lines = {ln.prefix: ln.id for ln in s.scalars(select(ServiceLine))}
    default_line = next(iter(lines.values()))
    procs = [_Proc(p.id, p.fee, p.handling_unit, p.line_prefix or "A", lines.get(p.line_prefix or "A", default_line),
                   int(p.duration), p.unit)
             for p in s.scalars(select(Procedure).where(Procedure.active.is_(True)))]
    return _Refs(agency=office(s).agency_code, procs=procs, counters=list(s.scalars(select(Counter.id))),
                 clerks=[*s.scalars(select(User.id).where(User.role == "clerk"))] or [None],
                 first_applicant_serial=(s.scalar(select(func.max(Applicant.id))) or 0) + 1)


def _work_days(cal: WorkingCalendar, today: date, days: int) -> list[date]:
    """The last ``days`` working days before ``today``, oldest first."""
    found: list[date] = []
    d = today
    while len(found) < days:
        d -= timedelta(days=1)
        if cal.is_working_day(d):
            found.append(d)
    return found[::-1]


@contextmanager
def _bulk_connection(store: Store) -> Iterator[Connection]:
    """One connection for the whole seed; on SQLite with a large page cache while it lasts.

    Only the cache grows (no durability setting changes): the pooled connection gets its
    default back before it returns to the pool.
    """
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            yield conn
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_SEED_CACHE_KIB}")
        conn.commit()  # the PRAGMA autobegan a transaction; the seed opens its own
        try:
            yield conn
        finally:
            conn.rollback()
            conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")
            conn.commit()


def _seed_applicants(conn: Connection, driver: _Driver, rng: random.Random, first_serial: int, pool: int,
                     today: date) -> list[int]:
    """Insert a pool of citizens (skipping citizen ids already present); returns the newest ``pool`` ids."""
    existing = set(conn.execute(select(_table(Applicant).c.id_number)).scalars())
    stamp = driver.moment(datetime.now(UTC).replace(tzinfo=None))
    folded: dict[str, str] = {}
    rows = []
    for i in range(pool):
        row = _person(rng, first_serial + i, today, driver, folded, stamp)
        if row[0] not in existing:
            existing.add(row[0])
            rows.append(row)
    if rows:
        conn.exec_driver_sql(driver.insert_sql(Applicant, APPLICANT_COLUMNS), rows)
        _index_names(conn)
    table = _table(Applicant)
    return list(conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(pool)).scalars())


def _index_names(conn: Connection) -> None:
    """Name words and word pairs of the applicants just inserted, for staff search (services/search.py)."""
    a, t, p = _table(Applicant), _table(ApplicantNameToken), _table(ApplicantNamePair)
    new = conn.execute(select(a.c.id, a.c.full_name).where(~exists().where(t.c.applicant_id == a.c.id))).all()
    words = [(rid, name_tokens(name)) for rid, name in new]
    tokens = [{"token": word, "applicant_id": rid} for rid, ws in words for word in ws]
    if tokens:
        conn.execute(t.insert(), tokens)
    pairs = [{"pair": pair, "applicant_id": rid} for rid, ws in words for pair in name_pairs(ws)]
    if pairs:
        conn.execute(p.insert(), pairs)


def _family(rng: random.Random) -> str:
    names, weights = zip(*FAMILY, strict=True)
    return str(rng.choices(names, weights)[0])


def _person(rng: random.Random, serial: int, today: date, driver: _Driver, folded: dict[str, str],
            stamp: Any) -> Row:
    male = rng.random() < 0.5
    name = " ".join([_family(rng), rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                     rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)])
    if name not in folded:
        folded[name] = fold(name)
    year = rng.randint(1945, today.year - 16)
    century_digit = (0 if year < 2000 else 2) + (0 if male else 1)
    id_number = f"{rng.choice(PROVINCE_CODES)}{century_digit}{year % 100:02d}{serial % 1_000_000:06d}"
    return (id_number, name, folded[name], driver.day(date(year, rng.randint(1, 12), rng.randint(1, 28))),
            "Nam" if male else "Nữ", f"09{rng.randint(10_000_000, 99_999_999)}", "",
            f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, phường Sài Gòn, TP. Hồ Chí Minh", stamp, stamp)


class _DayPlan:
    """One working day's draws: receipt moments, procedures, fates (naive UTC throughout)."""

    def __init__(self, rng: random.Random, cal: WorkingCalendar, refs: _Refs, applicant_ids: list[int],
                 day: date, now: datetime) -> None:
        self.rnd = rng.random
        self.refs = refs
        self.applicant_ids = applicant_ids
        self.day = day
        self.now = now
        self.cal = cal
        midnight = datetime.combine(day, time())
        self.midnight = midnight - (VN_TZ.utcoffset(midnight) or timedelta())  # 00:00 in Vietnam, as UTC
        # the due moment of a working- or calendar-day procedure is the due day at the receipt's clock time
        self.shifts = [_due_shift(cal, day, p) for p in refs.procs]

    def receipt(self) -> datetime:
        """A moment in the morning or afternoon session, before the cut-off."""
        first, span = MORNING if self.rnd() < 0.5 else AFTERNOON
        return self.midnight + MINUTES[first + int(self.rnd() * span)]

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.rnd() * len(items))]

    def in_office(self, at: datetime) -> datetime:
        """``at`` (naive UTC) if it falls in a session of a working day, else a few minutes into the
        next session: staff hand over, issue and return results only while the office is open."""
        local = at + VN_OFFSET
        day, clock = local.date(), local.time()
        if self.cal.is_working_day(day):
            start = self.cal.next_session_time(clock)
            if start == clock:
                return at
            if start is not None:
                return datetime.combine(day, start) - VN_OFFSET + MINUTES[int(self.rnd() * 20)]
        first = self.cal.next_working_day(day)
        return datetime.combine(first, self.cal.opening) - VN_OFFSET + MINUTES[int(self.rnd() * 30)]

    def handed_over(self, received: datetime, finished: datetime | None) -> datetime:
        """The desk hands the dossier to the unit 15–120 working minutes after receipt, before it is resolved."""
        at = self.in_office(received + MINUTES[15 + int(self.rnd() * 105)])
        return at if finished is None or at < finished else received + MINUTES[1]

    def fate(self, received: datetime, due: datetime) -> tuple[int, datetime | None, datetime | None]:
        """Status, finished_at and returned_at consistent with the dossier's age and due moment."""
        rnd, now = self.rnd, self.now
        roll = rnd()
        if roll < 0.02:
            return st.REFUSED, received, None
        if roll < 0.03:
            withdrawn = self.in_office(received + (due - received) / 2)
            return (st.WITHDRAWN, withdrawn, None) if withdrawn <= now else (st.RECEIVED, None, None)
        if rnd() < 0.92:
            finish = received + (due - received) * (0.3 + 0.7 * rnd())
        else:
            finish = due + HOURS[1 + int(rnd() * 72)]
        finish = max(self.in_office(finish), received + MINUTES[2])
        if finish > now:
            return (st.IN_PROGRESS if (now - received).days > 0 else st.RECEIVED), None, None
        returned = self.in_office(finish + HOURS[1 + int(rnd() * 96)])
        if returned > now:
            return st.DONE, finish, None
        return st.RETURNED, finish, returned


def _due_shift(cal: WorkingCalendar, day: date, proc: _Proc) -> timedelta | None:
    """Days from receipt to the due moment; None for a same-day result (due at 17:00)."""
    if proc.unit == "working_days":
        return cal.add_working_days(day, max(proc.duration, 1)) - day
    if proc.unit == "calendar_days":
        target = day + timedelta(days=proc.duration)
        return (target if cal.is_working_day(target) else cal.next_working_day(target)) - day
    if proc.unit == "same_day":
        return None
    return timedelta()  # anything shorter than a day: due at the receipt moment's day and time


def _seed_day(conn: Connection, driver: _Driver, plan: _DayPlan, per_day: int) -> None:
    agency, day = plan.refs.agency, plan.day
    sequences = _table(DailySequence)
    scope = f"dossier:{agency}"
    where = (sequences.c.scope == scope, sequences.c.day == day)
    start_seq = conn.execute(select(sequences.c.last_value).where(*where)).scalar()
    # the day's block of STT in the year's book, after the last number the book gave
    book_where = (sequences.c.scope == f"logbook:{agency}", sequences.c.day == date(day.year, 1, 1))
    book = conn.execute(select(sequences.c.last_value).where(*book_where)).scalar()
    if book is None:
        conn.execute(insert(sequences).values(scope=f"logbook:{agency}", day=date(day.year, 1, 1),
                                              last_value=per_day))
    else:
        conn.execute(update(sequences).where(*book_where).values(last_value=book + per_day))
    tickets, dossiers, handovers = _day_rows(driver, plan, per_day, start_seq or 0, book or 0)
    conn.exec_driver_sql(driver.insert_sql(Ticket, TICKET_COLUMNS), tickets)
    ticket = _table(Ticket)
    ticket_ids = conn.execute(select(ticket.c.id).where(ticket.c.business_day == day)
                              .order_by(ticket.c.id.desc()).limit(per_day)).scalars().all()[::-1]
    rows = [(*row, tid) for row, tid in zip(dossiers, ticket_ids, strict=True)]
    conn.exec_driver_sql(driver.insert_sql(Dossier, DOSSIER_COLUMNS), rows)
    dossier = _table(Dossier)
    ids = conn.execute(select(dossier.c.id).where(dossier.c.received_day == day, dossier.c.agency_code == agency)
                       .order_by(dossier.c.id.desc()).limit(per_day)).scalars().all()[::-1]
    conn.exec_driver_sql(driver.insert_sql(DossierEvent, EVENT_COLUMNS),
                         _events(driver, dossiers, ids, handovers))
    last = (start_seq or 0) + per_day
    if start_seq is None:
        conn.execute(insert(sequences).values(scope=scope, day=day, last_value=last))
    else:
        conn.execute(update(sequences).where(*where).values(last_value=last))


# positions in a dossier row that _events reads
_RECEIVED, _STATUS, _FINISHED, _RETURNED, _CLERK, _UNIT = (
    DOSSIER_COLUMNS.index(c) for c in ("received_at", "status", "finished_at", "returned_at", "clerk_id",
                                       "handling_unit"))
_HANDED_OVER = frozenset({4, 9, 10})  # statuses reached through the handling unit


def _day_rows(driver: _Driver, plan: _DayPlan, per_day: int, start_seq: int,
              book: int) -> tuple[list[Row], list[Row], list[datetime | None]]:
    """The day's tickets, dossiers (without ticket_id) and hand-over moments, in receipt order.

    STT in the year's book runs on from ``book``, the last number the book had given."""
    volume = volume_label(plan.day.year)
    rnd, pick, refs = plan.rnd, plan.pick, plan.refs
    moment, day_value, day = driver.moment, driver.day(plan.day), plan.day
    code_prefix = f"{refs.agency}-{day:%y%m%d}-"
    same_day_due = plan.midnight + HOURS[17]
    tickets: list[Row] = []
    dossiers: list[Row] = []
    handovers: list[datetime | None] = []
    for n, received in enumerate(sorted(plan.receipt() for _ in range(per_day)), start=1):
        index = int(rnd() * len(refs.procs))
        proc, shift = refs.procs[index], plan.shifts[index]
        due = same_day_due if shift is None else received + shift
        status, finished, returned = plan.fate(received, due)
        seq = start_seq + n
        handovers.append(moment(plan.handed_over(received, finished)) if status in _HANDED_OVER else None)
        received_v, due_v = moment(received), moment(due)
        dossiers.append((
            f"{code_prefix}{seq:04d}", refs.agency, day_value, seq, proc.id, pick(plan.applicant_ids),
            driver.json_null, driver.json_empty_list, 1, proc.fee, "counter",
            1 if rnd() < 0.8 else 2 + int(rnd() * 2), status, received_v, received_v, due_v, due_v, "", False,
            proc.handling_unit, None if finished is None else moment(finished),
            None if returned is None else moment(returned), "", "", 0, 0, pick(refs.clerks), book + n, volume, 1, "",
            due_v,
        ))
        # taken 3–40 min before the receipt, called while waiting, served until the receipt is out
        wait = 3 + int(rnd() * 38)
        called = received - MINUTES[wait - 1 - int(rnd() * (wait - 2))]
        tickets.append((
            proc.line_id, day_value, n, f"{proc.prefix}{n:03d}", rnd() < 0.05, "done",
            moment(received - MINUTES[wait]), moment(called), moment(called + MINUTES[1]),
            moment(received + MINUTES[1 + int(rnd() * 10)]), pick(refs.counters), None, None, 0, True, None,
        ))
    return tickets, dossiers, handovers


def _events(driver: _Driver, dossiers: list[Row], ids: Sequence[int], handovers: list[datetime | None]) -> list[Row]:
    """Received, handed over, resolved (or refused/withdrawn) and returned events of each dossier."""
    null = driver.event_data_null
    events: list[Row] = []
    for row, did, handed in zip(dossiers, ids, handovers, strict=True):
        status, clerk, finished, returned = row[_STATUS], row[_CLERK], row[_FINISHED], row[_RETURNED]
        events.append((did, row[_RECEIVED], clerk, "received", None, st.RECEIVED, "", null))
        if handed is not None:
            events.append((did, handed, clerk, "handover", st.RECEIVED, st.IN_PROGRESS, "",
                           driver.hand_over_data(DESK_UNIT, row[_UNIT])))
        if finished is not None:
            if status in st.RESOLVED:
                events.append((did, finished, None, "handback", st.IN_PROGRESS, st.DONE, "",
                               driver.hand_over_data(row[_UNIT], DESK_UNIT)))
            else:
                events.append((did, finished, None, "status", st.RECEIVED, status, "", null))
        if returned is not None:
            events.append((did, returned, clerk, "returned", st.DONE, st.RETURNED, "", null))
    return events
