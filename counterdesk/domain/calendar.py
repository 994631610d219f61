"""Working calendar (DESIGN §3.1): which days the office works and during which sessions.

Built from plain data so it can be tested without a database:

* ``days_off`` / ``extra_working_days`` — explicit exceptions to the Monday–Friday week (a mapping
  date → Vietnamese label, or a plain set of dates). Explicit entries always win.
* ``sessions`` — the office's working sessions, e.g. ``[(07:30, 11:30), (13:30, 17:00)]``.
* ``baseline`` — optional pure function ``year → (days_off, extra_working_days)`` used for years that
  are not in ``data_years`` (years without an official schedule); such years are *provisional*
  unless listed in ``confirmed_years``.

Per year the calendar precomputes a sorted tuple of working-day ordinals, so adding N working days is
a bisect plus an index, whatever N is (the appointment date is printed on every receipt).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from counterdesk.domain.errors import InvalidInput

DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_OFF_LABEL = "ngày nghỉ"
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# A calendar that never works again is a data error, not an infinite loop.
_MAX_YEARS_SEARCHED = 30

YearDays = tuple[Mapping[date, str], Mapping[date, str]]
Baseline = Callable[[int], YearDays]


@dataclass(frozen=True, slots=True)
class DayStatus:
    """One day as the admin screen and the explanations see it."""

    day: date
    working: bool
    label: str  # holiday name, make-up note, or "" for an ordinary weekday/weekend
    kind: str  # "weekday" | "weekend" | "off" | "makeup"
    provisional: bool


@dataclass(frozen=True)
class OffPeriod:
    """A run of consecutive non-working days that contains at least one named day off."""

    first: date
    last: date
    labels: tuple[str, ...]

    @cached_property
    def text(self) -> str:
        """Cached describe(): explanations are built for every receipt."""
        return self.describe()

    def describe(self) -> str:
        """"nghỉ Tết Nguyên đán 14/02–22/02/2026" — the phrase receipts and explanations use."""
        # "Nghỉ bầu cử" → "nghỉ bầu cử", not "nghỉ Nghỉ bầu cử".
        names = [n[5:] if n[:5].lower() == "nghỉ " and len(n) > 5 else n for n in self.labels]
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"
        return f"nghỉ {joined} {format_range(self.first, self.last)}"


def format_range(first: date, last: date) -> str:
    """14/02–22/02/2026; 30/12/2026–03/01/2027; 24/11/2026."""
    if first == last:
        return f"{first:%d/%m/%Y}"
    if first.year == last.year:
        return f"{first:%d/%m}–{last:%d/%m/%Y}"
    return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"


def parse_sessions(text: str) -> tuple[tuple[time, time], ...]:
    """"07:30-11:30,13:30-17:00" → sessions; raises InvalidInput on anything else."""
    sessions: list[tuple[time, time]] = []
    try:
        for part in text.replace(" ", "").split(","):
            a, b = part.split("-")
            sessions.append((time.fromisoformat(a), time.fromisoformat(b)))
    except ValueError as exc:
        raise InvalidInput("Buổi làm việc phải có dạng 07:30-11:30,13:30-17:00.") from exc
    check_sessions(sessions)
    return tuple(sessions)


def check_sessions(sessions: Sequence[tuple[time, time]]) -> None:
    """Sessions must be non-empty, increasing and non-overlapping."""
    if not sessions:
        raise InvalidInput("Phải có ít nhất một buổi làm việc.")
    previous_end: time | None = None
    for start, end in sessions:
        if not start < end or (previous_end is not None and start < previous_end):
            raise InvalidInput("Các buổi làm việc phải tăng dần, không chồng lên nhau.")
        previous_end = end


class _Year:
    """Precomputed facts of one year."""

    __slots__ = ("labels", "makeup", "ordinals", "provisional", "working")

    def __init__(self, ordinals: tuple[int, ...], labels: dict[int, str], makeup: dict[int, str], provisional: bool) -> None:
        self.ordinals = ordinals  # working days, sorted
        self.working = frozenset(ordinals)
        self.labels = labels  # named days off (ordinal → label), weekends included when named
        self.makeup = makeup  # weekend days worked (ordinal → label)
        self.provisional = provisional


def _as_mapping(items: Mapping[date, str] | Iterable[date], default: str) -> dict[date, str]:
    if isinstance(items, Mapping):
        return {d: (label or default) for d, label in items.items()}
    return dict.fromkeys(items, default)


class WorkingCalendar:
    """Working days and sessions of one office. Immutable once built; safe to share between threads."""

    def __init__(
        self,
        days_off: Mapping[date, str] | Iterable[date] = (),
        extra_working_days: Mapping[date, str] | Iterable[date] = (),
        sessions: Sequence[tuple[time, time]] = DEFAULT_SESSIONS,
        provisional_years: Iterable[int] = (),
        *,
        baseline: Baseline | None = None,
        data_years: Iterable[int] = (),
        confirmed_years: Iterable[int] = (),
    ) -> None:
        check_sessions(sessions)
        off = _as_mapping(days_off, DEFAULT_OFF_LABEL)
        work = _as_mapping(extra_working_days, "ngày làm việc bù")
        clash = off.keys() & work.keys()
        if clash:
            raise InvalidInput(f"Ngày {min(clash):%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc.")
        self.sessions: tuple[tuple[time, time], ...] = tuple(sessions)
        self.opening: time = self.sessions[0][0]
        self.closing: time = self.sessions[-1][1]
        self.day_length: timedelta = sum(
            (_span(a, b) for a, b in self.sessions), timedelta()
        )
        self._off_by_year: dict[int, dict[date, str]] = {}
        for d, label in off.items():
            self._off_by_year.setdefault(d.year, {})[d] = label
        self._work_by_year: dict[int, dict[date, str]] = {}
        for d, label in work.items():
            self._work_by_year.setdefault(d.year, {})[d] = label
        self._baseline = baseline
        self._data_years = frozenset(data_years)
        self._confirmed = frozenset(confirmed_years)
        self._provisional = frozenset(provisional_years)
        self._years: dict[int, _Year] = {}
        self._period_cache: dict[int, list[tuple[int, int, OffPeriod]]] = {}

    # ----- per-year precomputation -------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is not None:
            return found
        off: dict[date, str] = {}
        work: dict[date, str] = {}
        provisional = year in self._provisional
        if self._baseline is not None and year not in self._data_years:
            base_off, base_work = self._baseline(year)
            off.update(base_off)
            work.update(base_work)
            provisional = provisional or year not in self._confirmed
        for d, label in self._off_by_year.get(year, {}).items():
            work.pop(d, None)
            off[d] = label
        for d, label in self._work_by_year.get(year, {}).items():
            off.pop(d, None)
            work[d] = label
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        off_ord = {d.toordinal(): label for d, label in off.items()}
        work_ord = {d.toordinal(): label for d, label in work.items()}
        ordinals = tuple(
            o for o in range(first, last + 1)
            if o in work_ord or (o % 7 not in (6, 0) and o not in off_ord)  # ordinal % 7: 6 = Sat, 0 = Sun
        )
        makeup = {o: label for o, label in work_ord.items() if o % 7 in (6, 0)}
        built = _Year(ordinals, off_ord, makeup, provisional)
        self._years[year] = built
        return built

    # ----- days --------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        return d.toordinal() in self._year(d.year).working

    def is_provisional(self, year: int) -> bool:
        """True when the year's days off are the statutory baseline nobody has confirmed yet."""
        return self._year(year).provisional

    def day_status(self, d: date) -> DayStatus:
        y = self._year(d.year)
        o = d.toordinal()
        weekend = d.weekday() >= 5
        if o in y.working:
            if weekend:
                return DayStatus(d, True, y.makeup.get(o, "ngày làm việc bù"), "makeup", y.provisional)
            return DayStatus(d, True, "", "weekday", y.provisional)
        if o in y.labels:
            return DayStatus(d, False, y.labels[o], "off", y.provisional)
        return DayStatus(d, False, "", "weekend" if weekend else "off", y.provisional)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (d itself not counted); n = 0 gives d; n < 0 counts back."""
        if n == 0:
            return d
        year = d.year
        o = d.toordinal()
        if n > 0:
            ords = self._year(year).ordinals
            index = bisect_right(ords, o) + n - 1
            while index >= len(ords):
                index -= len(ords)
                year = self._next_year(year, d)
                ords = self._year(year).ordinals
            return date.fromordinal(ords[index])
        ords = self._year(year).ordinals
        index = bisect_left(ords, o) + n
        while index < 0:
            year = self._prev_year(year, d)
            ords = self._year(year).ordinals
            index += len(ords)
        return date.fromordinal(ords[index])

    def _next_year(self, year: int, origin: date) -> int:
        if year + 1 > min(origin.year + _MAX_YEARS_SEARCHED, 9998):
            raise InvalidInput("Không tìm được ngày làm việc: lịch làm việc không có ngày làm việc nào.")
        return year + 1

    def _prev_year(self, year: int, origin: date) -> int:
        if year - 1 < max(origin.year - _MAX_YEARS_SEARCHED, 2):
            raise InvalidInput("Không tìm được ngày làm việc: lịch làm việc không có ngày làm việc nào.")
        return year - 1

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d ≤ b (negative when b < a): add_working_days(a, k) == b for working b."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        ao, bo = a.toordinal(), b.toordinal()
        for year in range(a.year, b.year + 1):
            ords = self._year(year).ordinals
            count += bisect_right(ords, bo) - bisect_right(ords, ao)
        return count

    def working_days_in(self, first: date, last: date) -> list[date]:
        """Working days of the closed interval, in order."""
        out: list[date] = []
        fo, lo = first.toordinal(), last.toordinal()
        for year in range(first.year, last.year + 1):
            ords = self._year(year).ordinals
            out.extend(date.fromordinal(o) for o in ords[bisect_left(ords, fo):bisect_right(ords, lo)])
        return out

    def off_periods(self, first: date, last: date) -> list[OffPeriod]:
        """Named off periods touching [first, last], each widened to its whole run of days off."""
        fo, lo = first.toordinal(), last.toordinal()
        found: list[OffPeriod] = []
        for year in range(first.year, last.year + 1):
            for start, end, period in self._periods(year):
                if start <= lo and end >= fo and period not in found:
                    found.append(period)
        return found

    def _periods(self, year: int) -> list[tuple[int, int, OffPeriod]]:
        """The year's named off periods (cached): runs of non-working days holding a named day."""
        cached = self._period_cache.get(year)
        if cached is not None:
            return cached
        periods: list[tuple[int, int, OffPeriod]] = []
        covered = 0
        for o in sorted(self._year(year).labels):
            if o <= covered or self._working_ordinal(o):
                continue
            start = o
            while not self._working_ordinal(start - 1) and o - start < 62:
                start -= 1
            end = o
            while not self._working_ordinal(end + 1) and end - o < 62:
                end += 1
            names: list[str] = []
            for k in range(start, end + 1):
                name = self._year(date.fromordinal(k).year).labels.get(k)
                if name and name not in names:
                    names.append(name)
            periods.append((start, end, OffPeriod(date.fromordinal(start), date.fromordinal(end), tuple(names))))
            covered = end
        self._period_cache[year] = periods
        return periods

    def makeup_days(self, first: date, last: date) -> list[tuple[date, str]]:
        """Weekend days worked in [first, last]."""
        fo, lo = first.toordinal(), last.toordinal()
        out: list[tuple[date, str]] = []
        for year in range(first.year, last.year + 1):
            y = self._year(year)
            if y.makeup:
                out.extend((date.fromordinal(o), label) for o, label in sorted(y.makeup.items()) if fo <= o <= lo)
        return out

    def _working_ordinal(self, o: int) -> bool:
        return o in self._year(date.fromordinal(o).year).working

    # ----- sessions ----------------------------------------------------------------------------

    def in_session(self, t: time) -> bool:
        """True when t lies inside a session (both ends included)."""
        return any(a <= t <= b for a, b in self.sessions)

    def next_session_time(self, t: time) -> time | None:
        """t if inside a session, else the start of the next session that day; None after closing."""
        for a, b in self.sessions:
            if t <= b:
                return max(a, t)
        return None

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """Walk forward from a naive local moment through working sessions until amount is used."""
        if amount <= timedelta(0):
            return start
        day = start.date()
        clock: time | None = start.time() if self.is_working_day(day) else None
        remaining = amount
        if clock is not None:
            for a, b in self.sessions:
                if clock > b:
                    continue
                begin = max(a, clock)
                available = _span(begin, b)
                if remaining <= available:
                    return datetime.combine(day, begin) + remaining
                remaining -= available
        # Whole days first (an index step), then walk the last day.
        whole = (remaining - timedelta(microseconds=1)) // self.day_length
        day = self.add_working_days(day, whole + 1)
        remaining -= self.day_length * whole
        for a, b in self.sessions:
            available = _span(a, b)
            if remaining <= available:
                return datetime.combine(day, a) + remaining
            remaining -= available
        raise AssertionError("unreachable: remaining time exceeds one day")  # pragma: no cover


def _span(a: time, b: time) -> timedelta:
    return datetime.combine(date.min, b) - datetime.combine(date.min, a)
