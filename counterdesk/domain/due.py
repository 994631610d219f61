"""The appointment (return) date printed on every receipt (DESIGN §3.1), with its explanation.

Start s (rule 1): if the complete dossier is accepted at t on a working day and t ≤ cut-off (with no
cut-off: t ≤ closing time), s is t moved into office hours (before opening → opening, lunch → the next
session). Otherwise s is the opening of the next working day.

Due moment by unit:
* ``working_days`` N: the N-th working day after the day of s (that day not counted), at the clock time
  of s. A fractional N (e.g. "0,5 ngày làm việc" in provincial internal procedures) counts the whole
  days that way, then the fraction as working hours at 8 h per day (Decision 188/1999: a 40-hour,
  5-day week), walked through the sessions: 0.5 day = 4 working hours.
* ``working_hours`` H: walk forward from s through the sessions until H hours are used.
* ``same_day``: closing time of the day of s.
* ``calendar_days`` N / ``months`` N: the day of s plus N days / N months (clamped to the month's end);
  on a day off, the next working day; time of s.
Policy ``end_of_day`` (an office option) puts the due time of day-based units at closing time.
A dossier returned for completion restarts from zero when the complete dossier arrives (Decree 61/2018
art. 19(4)); a late dossier may be rescheduled once (art. 19(9)).
"""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from counterdesk.domain.calendar import OffPeriod, WorkingCalendar
from counterdesk.domain.clock import VN_TZ, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput

UNITS = ("working_days", "working_hours", "same_day", "calendar_days", "months")
UNIT_NAMES = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "same_day": "trả trong ngày",
    "calendar_days": "ngày",
    "months": "tháng",
}
POLICIES = ("same_time", "end_of_day")
SUPPORTED_YEARS = (2000, 2100)  # receipts outside are typos (a year 0226 or 20260 on the scanner)
HOURS_PER_WORKING_DAY = Decimal(8)
# Longer than any published procedure period; beyond these the input is a typo.
MAX_DURATION = {
    "working_days": Decimal(500),
    "working_hours": Decimal(2000),
    "same_day": Decimal(0),
    "calendar_days": Decimal(1000),
    "months": Decimal(36),
}


@dataclass(frozen=True)
class DueResult:
    start: datetime  # s, aware, Asia/Ho_Chi_Minh
    due: datetime  # aware, Asia/Ho_Chi_Minh
    working_days: int | None  # days counted (None for hours/calendar units)
    skipped: tuple[str, ...]  # Vietnamese labels of the off periods skipped
    explanation: str  # e.g. "3 ngày làm việc; không tính nghỉ Tết Nguyên đán 14/02–22/02/2026"
    provisional: bool  # touched a provisional year


def parse_duration(value: Decimal | int | float | str, unit: str) -> Decimal:
    """Validate a duration for a unit; raises InvalidInput with a Vietnamese message."""
    if unit not in UNITS:
        raise InvalidInput(f"Đơn vị thời hạn '{str(unit)[:30]}' không hợp lệ; dùng một trong: {', '.join(UNITS)}.")
    if isinstance(value, bool):
        raise InvalidInput("Thời hạn phải là một số.")
    if type(value) is int and 0 < value <= MAX_DURATION[unit]:  # the common case, checked cheaply
        return Decimal(value)
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation as exc:
        raise InvalidInput(f"Thời hạn '{str(value)[:30]}' không phải là số.") from exc
    if not number.is_finite():
        raise InvalidInput("Thời hạn phải là một số hữu hạn.")
    if number < 0:
        raise InvalidInput("Thời hạn không được âm.")
    if unit == "same_day":
        if number != 0:
            raise InvalidInput("Đơn vị same_day (trả trong ngày) chỉ nhận thời hạn 0.")
        return Decimal(0)
    if number == 0:
        raise InvalidInput(f"Thời hạn theo {UNIT_NAMES[unit]} phải lớn hơn 0 (trả ngay thì dùng same_day).")
    if number > MAX_DURATION[unit]:
        raise InvalidInput(f"Thời hạn {number} {UNIT_NAMES[unit]} vượt quá mức hợp lý ({MAX_DURATION[unit]}).")
    if unit in ("calendar_days", "months") and number != number.to_integral_value():
        raise InvalidInput(f"Thời hạn theo {UNIT_NAMES[unit]} phải là số nguyên.")
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput("Thời hạn chỉ được có tối đa 2 chữ số thập phân.")
    return number


def _fmt_number(n: Decimal) -> str:
    """3 → "3"; 0.5 → "0,5" (Vietnamese decimal comma)."""
    if n == n.to_integral_value():
        return str(int(n))
    text = format(n.normalize(), "f")
    return text.replace(".", ",")


def _hm(t: time | datetime) -> str:
    """07:30 — hand-formatted: strftime is a visible part of the per-receipt cost."""
    return f"{t.hour:02d}:{t.minute:02d}"


def _dmy(d: date | datetime) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _moment_text(m: datetime) -> str:
    return f"{_hm(m)} {_dmy(m)}"


def _local(moment: datetime) -> datetime:
    """Naive Vietnam wall time (Vietnam has no DST, so arithmetic on wall time is exact)."""
    return to_vn(moment).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=VN_TZ)


def start_moment(cal: WorkingCalendar, received_at: datetime, cutoff: time | None) -> tuple[datetime, str]:
    """Rule 1: the start s (naive local) and, when it differs from t, why (Vietnamese)."""
    return _start(cal, _local(received_at), cutoff)


def _start(cal: WorkingCalendar, t: datetime, cutoff: time | None) -> tuple[datetime, str]:
    day = t.date()
    clock = t.time()
    limit = cutoff if cutoff is not None else cal.closing
    if cal.is_working_day(day):
        if clock <= limit:
            moved = cal.next_session_time(clock)
            if moved is not None:
                if moved == clock:
                    return t, ""
                s = datetime.combine(day, moved)
                why = "nhận trước giờ làm việc" if clock < cal.opening else "nhận trong giờ nghỉ giữa buổi"
                return s, f"{why} nên tính từ {_moment_text(s)}"
        s = datetime.combine(cal.next_working_day(day), cal.opening)
        why = f"nhận sau {_hm(limit)}" if cutoff is not None and clock > cutoff else "nhận sau giờ làm việc"
        return s, f"{why} nên tính từ {_moment_text(s)}"
    s = datetime.combine(cal.next_working_day(day), cal.opening)
    status = cal.day_status(day)
    what = f"ngày nghỉ ({status.label})" if status.label else "ngày nghỉ"
    return s, f"nhận vào {what} nên tính từ {_moment_text(s)}"


def _hours(hours: Decimal) -> timedelta:
    """Exact: durations have at most 2 decimals, so hours × 3600 is a whole number of seconds."""
    return timedelta(seconds=int(hours * 3600))


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, _stdcal.monthrange(year, month)[1]))


def compute_due(
    cal: WorkingCalendar,
    received_at: datetime,
    duration: Decimal | int | float,
    unit: str,
    *,
    cutoff: time | None,
    policy: str = "same_time",
) -> DueResult:
    """The due moment for a dossier accepted at ``received_at`` (naive = Vietnam time)."""
    amount = parse_duration(duration, unit)
    if policy not in POLICIES:
        raise InvalidInput(f"Cách tính giờ hẹn '{policy[:30]}' không hợp lệ; dùng same_time hoặc end_of_day.")
    t = _local(received_at)
    if not SUPPORTED_YEARS[0] <= t.year <= SUPPORTED_YEARS[1]:
        raise InvalidInput(f"Thời điểm nhận năm {t.year} nằm ngoài khoảng hỗ trợ ({SUPPORTED_YEARS[0]}–{SUPPORTED_YEARS[1]}).")
    s, start_note = _start(cal, t, cutoff)
    head = UNIT_NAMES[unit] if unit == "same_day" else f"{_fmt_number(amount)} {UNIT_NAMES[unit]}"
    notes: list[str] = []
    working_days: int | None = None
    day_based = unit in ("working_days", "calendar_days", "months")
    # Named off periods considered skipped: [span_from, span_to] (calendar units: only the moves).
    spans: list[tuple[date, date]] = []

    if unit == "working_days":
        whole = int(amount)
        fraction = amount - whole
        working_days = whole
        due_day = cal.add_working_days(s.date(), whole)
        due = datetime.combine(due_day, s.time())
        if fraction:
            due = cal.add_working_time(due, _hours(fraction * HOURS_PER_WORKING_DAY))
            notes.append(f"phần lẻ {_fmt_number(fraction)} ngày tính là "
                         f"{_fmt_number(fraction * HOURS_PER_WORKING_DAY)} giờ làm việc")
            day_based = whole > 0
        spans.append((t.date(), due.date()))
    elif unit == "working_hours":
        due = cal.add_working_time(s, _hours(amount))
        spans.append((t.date(), due.date()))
    elif unit == "same_day":
        working_days = 0
        due = datetime.combine(s.date(), cal.closing)
        spans.append((t.date(), s.date()))
    else:
        n = int(amount)
        target = s.date() + timedelta(days=n) if unit == "calendar_days" else _add_months(s.date(), n)
        due_day = target if cal.is_working_day(target) else cal.next_working_day(target)
        due = datetime.combine(due_day, s.time())
        if t.date() < s.date():
            spans.append((t.date(), s.date() - timedelta(days=1)))
        if due_day != target:
            spans.append((target, due_day))
            notes.append(f"ngày {_dmy(target)} là ngày nghỉ nên hẹn sang ngày làm việc kế tiếp")

    if policy == "end_of_day" and day_based:
        due = datetime.combine(due.date(), cal.closing)

    periods: list[OffPeriod] = []
    for first, last in spans:
        for p in cal.off_periods(first, last):
            if p not in periods:
                periods.append(p)
    skipped = tuple(p.text for p in periods)

    parts = [head]
    if skipped:
        parts.append("không tính " + ", ".join(skipped))
    if unit in ("working_days", "working_hours"):
        makeup = cal.makeup_days(s.date() + timedelta(days=1), due.date())
        if makeup:
            parts.append("có tính " + ", ".join(f"thứ Bảy làm bù {_dmy(d)}" if d.weekday() == 5
                                                 else f"ngày làm bù {_dmy(d)}" for d, _ in makeup))
    parts.extend(notes)
    if start_note:
        parts.append(start_note)
    years = range(t.year, due.year + 1)
    provisional_years = [y for y in years if cal.is_provisional(y)]
    if provisional_years:
        listed = ", ".join(str(y) for y in provisional_years)
        parts.append(f"lịch năm {listed} là lịch tạm tính, chưa được xác nhận")
    return DueResult(
        start=_aware(s), due=_aware(due), working_days=working_days, skipped=skipped,
        explanation="; ".join(parts), provisional=bool(provisional_years),
    )


def restart_after_supplement(
    cal: WorkingCalendar,
    completed_at: datetime,
    duration: Decimal | int | float,
    unit: str,
    *,
    cutoff: time | None,
    policy: str = "same_time",
) -> DueResult:
    """Decree 61/2018 art. 19(4): the period restarts from zero when the complete dossier arrives.

    The time spent waiting for the supplement is not credited; the whole period runs again from the
    moment the completed dossier is accepted (same cut-off and session rules as a new receipt).
    """
    result = compute_due(cal, completed_at, duration, unit, cutoff=cutoff, policy=policy)
    note = f"tính lại từ đầu khi nhận đủ hồ sơ bổ sung lúc {_local(completed_at):%H:%M %d/%m/%Y}"
    return DueResult(result.start, result.due, result.working_days, result.skipped,
                     f"{result.explanation}; {note}", result.provisional)


def reschedule(
    cal: WorkingCalendar,
    current_due: datetime,
    new_due: datetime,
    *,
    already_rescheduled: bool,
    now: datetime | None = None,
) -> DueResult:
    """Validate a one-time postponement (Decree 61/2018 art. 19(9), Mẫu 04 apology).

    Allowed once; the new moment must be later than the current one and fall on a working day inside
    a session. Returns a DueResult whose explanation names the reschedule.
    """
    if already_rescheduled:
        raise Conflict("Hồ sơ đã được gia hạn một lần; theo quy định chỉ được gia hạn một lần.")
    current = _local(current_due)
    new = _local(new_due)
    if new <= current:
        raise InvalidInput(f"Thời hạn mới phải sau thời hạn hiện tại ({current:%H:%M %d/%m/%Y}).")
    if now is not None and new <= _local(now):
        raise InvalidInput("Thời hạn mới phải ở tương lai.")
    if not cal.is_working_day(new.date()):
        raise InvalidInput(f"Ngày {new:%d/%m/%Y} không phải ngày làm việc.")
    if not cal.in_session(new.time()):
        raise InvalidInput(f"Giờ hẹn {new:%H:%M} nằm ngoài giờ làm việc.")
    periods = cal.off_periods(current.date(), new.date())
    skipped = tuple(p.describe() for p in periods)
    days = cal.working_days_between(current.date(), new.date())
    provisional = any(cal.is_provisional(y) for y in range(current.year, new.year + 1))
    text = (f"gia hạn một lần (có phiếu xin lỗi, Mẫu 04) từ {current:%H:%M %d/%m/%Y} "
            f"đến {new:%H:%M %d/%m/%Y}, thêm {days} ngày làm việc")
    return DueResult(_aware(current), _aware(new), days, skipped, text, provisional)
