"""Working calendar of the office and due dates: official schedules + office overrides + sessions.

Where the days come from, by precedence:
1. CalendarDay rows — the office's own closures and extra working days (and imported year files).
2. The official civil-service schedules shipped in resources/calendars/YYYY.txt (2025, 2026).
3. For any other year, the statutory baseline (counterdesk.domain.baseline), shown as provisional until
   an administrator confirms or imports the year (a CalendarYear row).

Reads take a Session (callers already hold one); writes take the Store and run in one transaction.
The built WorkingCalendar is cached per process, keyed by the database and a cheap fingerprint of the
calendar tables, so an edit made on another PC of the office LAN is seen on the next call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counterdesk.domain import due as due_rules
from counterdesk.domain.baseline import baseline
from counterdesk.domain.calendar import DayStatus, WorkingCalendar, parse_sessions
from counterdesk.domain.calendar_file import YearFile, parse_year_file, render_year_file
from counterdesk.domain.due import DueResult
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import CalendarDay, CalendarYear, Office, Procedure
from counterdesk.paths import resource_path
from counterdesk.services import audit, rollup
from counterdesk.store.uow import Store

OFFICIAL_YEARS = (2025, 2026)
YEAR_STATUS_NAMES = {
    "official": "Lịch chính thức",
    "imported": "Đã nhập từ tệp",
    "confirmed": "Đã xác nhận",
    "provisional": "Tạm tính — chưa xác nhận",
}
MIN_YEAR, MAX_YEAR = 2000, 2100
_CACHE: dict[tuple[Any, ...], WorkingCalendar] = {}
_CACHE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def official_schedules() -> dict[int, YearFile]:
    """The shipped official schedules, parsed once per process."""
    return {y: parse_year_file(resource_path("calendars", f"{y}.txt").read_text(encoding="utf-8")) for y in OFFICIAL_YEARS}


def _office(session: Session) -> Office:
    from counterdesk.services.settings import office

    return office(session)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"Năm {year} nằm ngoài khoảng hỗ trợ ({MIN_YEAR}–{MAX_YEAR}).")


def parse_cutoff(value: str | None) -> time | None:
    """"15:00" → 15:00; "" → no cut-off. Raises InvalidInput."""
    if value is None or value.strip() in ("", "none", "không"):
        return None
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(f"Giờ chốt '{value[:20]}' phải có dạng HH:MM (ví dụ 15:00) hoặc để trống.") from exc
    return parsed


def _build(sessions: str, rows: list[CalendarDay], confirmed: set[int]) -> WorkingCalendar:
    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for year_file in official_schedules().values():
        off.update(year_file.off)
        work.update(year_file.working)
    for row in rows:
        if row.working:
            off.pop(row.day, None)
            work[row.day] = row.label or "ngày làm việc của cơ quan"
        else:
            work.pop(row.day, None)
            off[row.day] = row.label or "ngày nghỉ của cơ quan"
    return WorkingCalendar(off, work, parse_sessions(sessions), baseline=baseline,
                           data_years=OFFICIAL_YEARS, confirmed_years=confirmed)


def _fingerprint(session: Session) -> tuple[Any, ...]:
    days = session.execute(select(func.count(), func.max(CalendarDay.updated_at))).one()
    years = session.execute(select(func.count(), func.max(CalendarYear.confirmed_at))).one()
    sessions = session.scalars(select(Office.sessions).order_by(Office.id).limit(1)).first() or ""
    bind = session.get_bind()
    return (str(bind.engine.url), tuple(days), tuple(years), sessions)


def load_calendar(session: Session) -> WorkingCalendar:
    """The office's working calendar (cached; rebuilt when the calendar tables or sessions change)."""
    key = _fingerprint(session)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    rows = list(session.scalars(select(CalendarDay)))
    confirmed = set(session.scalars(select(CalendarYear.year)))
    cal = _build(key[-1] or "07:30-11:30,13:30-17:00", rows, confirmed)
    with _CACHE_LOCK:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = cal
    return cal


def invalidate_cache() -> None:
    """Forget every built calendar (after an edit in this process)."""
    with _CACHE_LOCK:
        _CACHE.clear()


# ----- due dates ---------------------------------------------------------------------------------


def due(store: Store, *, received_at: datetime, duration: Decimal | int | float | str, unit: str,
        cutoff: str | None = None) -> DueResult:
    """``due_for`` in its own read transaction (``counterdesk due``)."""
    with store.read() as session:
        return due_for(session, received_at=received_at, duration=duration, unit=unit, cutoff=cutoff)


def due_for(
    session: Session,
    *,
    received_at: datetime,
    duration: Decimal | int | float | str,
    unit: str,
    cutoff: str | None = None,
) -> DueResult:
    """Due moment with the office's calendar and policy. cutoff None → office's; "" → none; "HH:MM"."""
    office = _office(session)
    cal = load_calendar(session)
    cut = parse_cutoff(office.cutoff if cutoff is None else cutoff)
    amount = due_rules.parse_duration(duration, unit)
    return due_rules.compute_due(cal, received_at, amount, unit, cutoff=cut, policy=office.due_policy or "same_time")


def due_for_procedure(session: Session, procedure: Procedure, received_at: datetime) -> DueResult:
    """Due moment for a procedure: its duration/unit; Procedure.cutoff None → office's, "" → none."""
    return due_for(session, received_at=received_at, duration=procedure.duration, unit=procedure.unit,
                   cutoff=procedure.cutoff)


def restart_after_supplement(session: Session, procedure: Procedure, completed_at: datetime) -> DueResult:
    """New due moment when a dossier sent back for completion comes back complete.

    Decree 61/2018 art. 19(4): the period restarts from zero at ``completed_at`` (with the usual
    cut-off and session rules); the explanation says so.
    """
    office = _office(session)
    cut = parse_cutoff(office.cutoff if procedure.cutoff is None else procedure.cutoff)
    return due_rules.restart_after_supplement(load_calendar(session), completed_at, procedure.duration,
                                              procedure.unit, cutoff=cut, policy=office.due_policy or "same_time")


def reschedule(session: Session, *, current_due: datetime, new_due: datetime, already_rescheduled: bool,
               now: datetime | None = None) -> DueResult:
    """Validate a one-time postponement (Mẫu 04) against the office calendar; see domain.due.reschedule."""
    return due_rules.reschedule(load_calendar(session), current_due, new_due,
                                already_rescheduled=already_rescheduled, now=now)


def is_working_day(session: Session, d: date) -> bool:
    return load_calendar(session).is_working_day(d)


def add_working_days(session: Session, d: date, n: int) -> date:
    return load_calendar(session).add_working_days(d, n)


# ----- administration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearView:
    """What the admin screen shows for one year."""

    year: int
    status: str  # official|imported|confirmed|provisional
    status_name: str
    days: tuple[DayStatus, ...]
    overrides: frozenset[date]  # days set by the office (CalendarDay rows)

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


def year_status(session: Session, year: int) -> str:
    row = session.get(CalendarYear, year)
    if row is not None:
        return row.source
    return "official" if year in OFFICIAL_YEARS else "provisional"


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def year_view(store: Store, year: int) -> YearView:
    _check_year(year)
    with store.read() as session:
        cal = load_calendar(session)
        status = year_status(session, year)
        overrides = frozenset(session.scalars(
            select(CalendarDay.day).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))))
    return YearView(year, status, YEAR_STATUS_NAMES[status], tuple(cal.day_status(d) for d in _days_of(year)), overrides)


def _clean_label(label: str) -> str:
    if has_control_chars(label):
        raise InvalidInput("Nhãn ngày chứa ký tự điều khiển.")
    text = nfc(label)
    if len(text) > 200:
        raise InvalidInput("Nhãn ngày dài quá 200 ký tự.")
    return text


def set_day(store: Store, day: date, *, working: bool, label: str = "", actor: Actor = SYSTEM_ACTOR) -> DayStatus:
    """Mark one day as worked or off for this office (overrides the official calendar)."""
    actor.require("calendar.edit")
    _check_year(day.year)
    text = _clean_label(label)
    now = datetime.now(UTC)
    with store.write() as session:
        row = session.get(CalendarDay, day)
        if row is None:
            session.add(CalendarDay(day=day, working=working, label=text, updated_by=actor.user_id, updated_at=now))
        else:
            row.working, row.label, row.updated_by, row.updated_at = working, text, actor.user_id, now
        session.flush()
        rollup.rebuild_resolved_from(session, day)  # the working days of 2.2 move with the calendar
        audit.append(session, actor, "calendar.set_day", "calendar_day", day.isoformat(),
                     f"{'working' if working else 'off'} {text}".strip())
    invalidate_cache()
    with store.read() as session:
        return load_calendar(session).day_status(day)


def reset_day(store: Store, day: date, *, actor: Actor = SYSTEM_ACTOR) -> DayStatus:
    """Drop the office's own setting of a day: it follows the official calendar again."""
    actor.require("calendar.edit")
    _check_year(day.year)
    with store.write() as session:
        row = session.get(CalendarDay, day)
        if row is None:
            raise InvalidInput(f"Ngày {day:%d/%m/%Y} không có thiết lập riêng của cơ quan.")
        session.delete(row)
        session.flush()
        rollup.rebuild_resolved_from(session, day)
        audit.append(session, actor, "calendar.reset_day", "calendar_day", day.isoformat())
    invalidate_cache()
    with store.read() as session:
        return load_calendar(session).day_status(day)


def confirm_year(store: Store, year: int, *, actor: Actor = SYSTEM_ACTOR) -> None:
    """An administrator checked a provisional year against the official notice: no longer provisional."""
    actor.require("calendar.edit")
    _check_year(year)
    with store.write() as session:
        status = year_status(session, year)
        if status != "provisional":
            raise Conflict(f"Lịch năm {year} không phải lịch tạm tính ({YEAR_STATUS_NAMES[status]}).")
        session.add(CalendarYear(year=year, source="confirmed", confirmed_by=actor.user_id, confirmed_at=datetime.now(UTC)))
        audit.append(session, actor, "calendar.confirm_year", "calendar_year", str(year))
    invalidate_cache()


def export_year(store: Store, year: int) -> str:
    """The year's effective calendar (official + office days) as a year file."""
    view = year_view(store, year)
    source = official_schedules()[year].source if year in OFFICIAL_YEARS else ""
    note = f"Trạng thái: {view.status_name}"
    return render_year_file(year, view.days, source=source, note=note)


@dataclass(frozen=True)
class ImportSummary:
    year: int
    off_days: int
    working_days: int
    overrides: int  # CalendarDay rows now stored for the year


def import_year(store: Store, text: str, *, actor: Actor = SYSTEM_ACTOR) -> ImportSummary:
    """Replace one year's calendar with a year file, all or nothing (bad lines listed by number).

    Stored as the office's day rows that differ from the official/baseline calendar, so exporting the
    year gives back the same days; the year then counts as confirmed (source "imported").
    """
    actor.require("calendar.edit")
    parsed = parse_year_file(text)
    _check_year(parsed.year)
    year = parsed.year
    now = datetime.now(UTC)
    with store.write() as session:
        office = _office(session)
        base = _build(office.sessions, [], set())
        rows: list[CalendarDay] = []
        for d in _days_of(year):
            if d in parsed.off:
                working, label = False, parsed.off[d]
            elif d in parsed.working:
                working, label = True, parsed.working[d]
            else:
                working, label = d.weekday() < 5, ""
            st = base.day_status(d)
            if st.working != working or (label and label != st.label):
                rows.append(CalendarDay(day=d, working=working, label=label, updated_by=actor.user_id, updated_at=now))
        session.execute(delete(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)))
        session.add_all(rows)
        existing = session.get(CalendarYear, year)
        if existing is None:
            session.add(CalendarYear(year=year, source="imported", confirmed_by=actor.user_id, confirmed_at=now))
        else:
            existing.source, existing.confirmed_by, existing.confirmed_at = "imported", actor.user_id, now
        session.flush()
        rollup.rebuild_resolved_from(session, date(year, 1, 1))
        audit.append(session, actor, "calendar.import_year", "calendar_year", str(year),
                     f"{len(parsed.off)} ngày nghỉ, {len(parsed.working)} ngày làm việc; {parsed.source}".strip())
    invalidate_cache()
    return ImportSummary(year, len(parsed.off), len(parsed.working), len(rows))
