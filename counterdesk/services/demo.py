"""`counterdesk demo seed`: realistic synthetic history by bulk insert (Core executemany).

Dossiers are received on working days inside office hours before the cut-off, so their due
moment is simply the N-th working day at the same clock time (DESIGN §3.1); statuses follow the
age of the dossier (old ones returned, mostly on time; recent ones in progress). Each dossier
has its queue ticket and its events. History is taken to be synced already: no outbox rows.
Fast enough for a 5-million-dossier store in minutes; numbering continues after the seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, select, update

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
from counterdesk.domain.text import fold
from counterdesk.models import (
    Applicant,
    Counter,
    DailySequence,
    Dossier,
    DossierEvent,
    Procedure,
    ServiceLine,
    Ticket,
    User,
)
from counterdesk.services import calendar
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

BATCH = 20_000
Progress = Callable[[int, int], None]


def _table(model: Any) -> Table:
    """The Core table of a model: executemany without the ORM's per-row bookkeeping."""
    table: Table = model.__table__
    return table


def _family(rng: random.Random) -> str:
    names, weights = zip(*FAMILY, strict=True)
    return str(rng.choices(names, weights)[0])


def _person(rng: random.Random, serial: int, today: date) -> dict[str, Any]:
    male = rng.random() < 0.5
    name = " ".join([_family(rng), rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                     rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)])
    year = rng.randint(1945, today.year - 16)
    century_digit = (0 if year < 2000 else 2) + (0 if male else 1)
    id_number = f"{rng.choice(PROVINCE_CODES)}{century_digit}{year % 100:02d}{serial % 1_000_000:06d}"
    now = datetime.now(UTC)
    return {
        "id_number": id_number, "full_name": name, "name_key": fold(name),
        "birth_date": date(year, rng.randint(1, 12), rng.randint(1, 28)), "gender": "Nam" if male else "Nữ",
        "phone": f"09{rng.randint(10_000_000, 99_999_999)}", "email": "",
        "address": f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, phường Sài Gòn, TP. Hồ Chí Minh",
        "created_at": now, "updated_at": now,
    }


def seed(store: Store, days: int, per_day: int, *, seed_value: int = 20261122, progress: Progress | None = None,
         end: date | None = None) -> int:
    """Add ``per_day`` dossiers on each of the last ``days`` working days; returns how many were added."""
    if not 1 <= days <= 3650 or not 1 <= per_day <= 20_000:
        raise InvalidInput("Số ngày phải từ 1 đến 3650 và số hồ sơ mỗi ngày từ 1 đến 20.000.")
    rng = random.Random(seed_value)
    today = end or now_vn().date()
    with store.read() as s:
        cal = calendar.load_calendar(s)
        off = office(s)
        agency = off.agency_code
        procs = [(p.id, p.duration, p.unit, p.fee, p.handling_unit, p.line_prefix)
                 for p in s.scalars(select(Procedure).where(Procedure.active.is_(True)))]
        lines = {ln.prefix: ln.id for ln in s.scalars(select(ServiceLine))}
        counters = list(s.scalars(select(Counter.id)))
        clerks: list[int | None] = [*s.scalars(select(User.id).where(User.role == "clerk"))] or [None]
        first_applicant_serial = (s.scalar(select(func.max(Applicant.id))) or 0) + 1
    work_days: list[date] = []
    d = today
    while len(work_days) < days:
        d -= timedelta(days=1)
        if cal.is_working_day(d):
            work_days.append(d)
    work_days.reverse()
    pool = max(50, min(per_day * days // 3, 300_000))
    total = days * per_day
    done = 0
    due_cache: dict[tuple[date, Decimal, str], date] = {}

    def due_day(day: date, duration: Decimal, unit: str) -> date:
        key = (day, duration, unit)
        if key not in due_cache:
            n = int(duration)
            if unit == "working_days":
                due_cache[key] = cal.add_working_days(day, max(n, 1))
            elif unit == "calendar_days":
                target = day + timedelta(days=n)
                due_cache[key] = target if cal.is_working_day(target) else cal.next_working_day(target)
            else:  # same_day and anything shorter than a day
                due_cache[key] = day
        return due_cache[key]

    with store.write() as s:
        applicants = [_person(rng, first_applicant_serial + i, today) for i in range(pool)]
        existing = set(s.scalars(select(Applicant.id_number)))
        applicants = [a for a in applicants if a["id_number"] not in existing]
        for i in range(0, len(applicants), BATCH):
            s.connection().execute(insert(_table(Applicant)), applicants[i:i + BATCH])
        applicant_ids = list(s.scalars(select(Applicant.id).order_by(Applicant.id.desc()).limit(pool)))
    now = now_vn()
    days_per_commit = max(1, BATCH // per_day)  # few, large transactions: one fsync per ~20k dossiers
    for i in range(0, len(work_days), days_per_commit):
        with store.write() as s:
            for day in work_days[i:i + days_per_commit]:
                _seed_day(s, rng, day, per_day, agency, procs, lines, counters, clerks, applicant_ids, due_day, now)
                done += per_day
                if progress:
                    progress(done, total)
    return done


def _seed_day(s: Any, rng: random.Random, day: date, per_day: int, agency: str, procs: list[Any],
              lines: dict[str, int], counters: list[int], clerks: list[int | None], applicant_ids: list[int],
              due_day: Callable[[date, Decimal, str], date], now: datetime) -> None:
    seq_row = s.get(DailySequence, (f"dossier:{agency}", day))
    start_seq = seq_row.last_value if seq_row else 0
    dossiers, tickets = [], []
    slots = sorted(_receipt_time(rng, day) for _ in range(per_day))
    for n, received in enumerate(slots, start=1):
        pid, duration, unit, fee, unit_name, prefix = rng.choice(procs)
        due = datetime.combine(due_day(day, duration, unit), received.timetz()) if unit != "same_day" else \
            datetime.combine(day, time(17, 0), tzinfo=VN_TZ)
        status, finished, returned = _fate(rng, received, due, now, (now - received).days)
        seq = start_seq + n
        dossiers.append({
            "code": f"{agency}-{day:%y%m%d}-{seq:04d}", "agency_code": agency, "received_day": day,
            "sequence": seq, "procedure_id": pid, "applicant_id": rng.choice(applicant_ids),
            "representative": None, "documents": [], "sets": 1, "fee": fee, "delivery": "counter",
            "channel": 1 if rng.random() < 0.8 else rng.choice((2, 3)), "status": status,
            "received_at": received, "clock_start_at": received, "due_at": due, "original_due_at": due,
            "due_explanation": "", "rescheduled": False, "handling_unit": unit_name, "finished_at": finished,
            "returned_at": returned, "receiver_name": "", "receiver_id_number": "", "supplement_count": 0,
            "supplement_seconds": 0, "clerk_id": rng.choice(clerks), "ticket_id": None, "log_number": None,
            "receipt_printed": 1, "note": "",
        })
        issued = received - timedelta(minutes=rng.randint(3, 40))
        called = issued + timedelta(minutes=rng.randint(1, 30))
        tickets.append({
            "line_id": lines.get(prefix or "A", next(iter(lines.values()))), "business_day": day,
            "seq": n, "number": f"{prefix or 'A'}{n:03d}", "priority": rng.random() < 0.05, "state": "done",
            "issued_at": issued, "called_at": called, "serving_at": called + timedelta(minutes=1),
            "finished_at": received + timedelta(minutes=rng.randint(1, 10)),
            "counter_id": rng.choice(counters), "target_counter_id": None, "called_by": None,
            "recall_count": 0, "printed": True, "dossier_code": None,
        })
    _insert_day(s, day, agency, dossiers, tickets, start_seq + per_day)


def _receipt_time(rng: random.Random, day: date) -> datetime:
    minutes = rng.choice([rng.randint(7 * 60 + 30, 11 * 60 + 29), rng.randint(13 * 60 + 30, 14 * 60 + 59)])
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=VN_TZ)


def _fate(rng: random.Random, received: datetime, due: datetime, now: datetime,
          age: int) -> tuple[int, datetime | None, datetime | None]:
    """Status, finished_at and returned_at consistent with the dossier's age and due moment."""
    roll = rng.random()
    if roll < 0.02:
        return 3, received, None  # refused
    if roll < 0.03:
        return 7, received + (due - received) / 2, None  # withdrawn
    span = due - received
    finish = received + span * rng.uniform(0.3, 1.0) if rng.random() < 0.92 else due + timedelta(hours=rng.randint(1, 72))
    if finish > now:
        return (4 if age > 0 else 2), None, None
    returned = finish + timedelta(hours=rng.randint(1, 96))
    if returned > now:
        return 9, finish, None
    return 10, finish, returned


def _insert_day(s: Any, day: date, agency: str, dossiers: list[dict[str, Any]], tickets: list[dict[str, Any]],
                last_seq: int) -> None:
    conn = s.connection()
    conn.execute(insert(_table(Ticket)), tickets)
    ticket_ids = list(s.scalars(select(Ticket.id).where(Ticket.business_day == day).order_by(Ticket.id.desc())
                                .limit(len(tickets))))[::-1]
    for dossier, tid in zip(dossiers, ticket_ids, strict=True):
        dossier["ticket_id"] = tid
    conn.execute(insert(_table(Dossier)), dossiers)
    ids = list(s.scalars(select(Dossier.id).where(Dossier.received_day == day, Dossier.agency_code == agency)
                         .order_by(Dossier.id.desc()).limit(len(dossiers))))[::-1]
    events = []
    for dossier, did in zip(dossiers, ids, strict=True):
        events.append({"dossier_id": did, "at": dossier["received_at"], "user_id": dossier["clerk_id"],
                       "kind": "received", "from_status": None, "to_status": 2, "note": "", "data": None})
        if dossier["finished_at"] is not None:
            events.append({"dossier_id": did, "at": dossier["finished_at"], "user_id": None, "kind": "status",
                           "from_status": 4 if dossier["status"] in (9, 10) else 2,
                           "to_status": 9 if dossier["status"] in (9, 10) else dossier["status"], "note": "", "data": None})
        if dossier["returned_at"] is not None:
            events.append({"dossier_id": did, "at": dossier["returned_at"], "user_id": dossier["clerk_id"],
                           "kind": "status", "from_status": 9, "to_status": 10, "note": "", "data": None})
    conn.execute(insert(_table(DossierEvent)), events)
    scope = f"dossier:{agency}"
    if s.get(DailySequence, (scope, day)) is None:
        s.add(DailySequence(scope=scope, day=day, last_value=last_seq))
    else:
        s.execute(update(DailySequence).where(DailySequence.scope == scope, DailySequence.day == day)
                  .values(last_value=last_seq))
