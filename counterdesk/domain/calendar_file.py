"""The year file: one year of days off and make-up working days, readable and editable by hand.

```
# Lịch làm việc năm 2026 (cơ quan hành chính nhà nước)
year: 2026
source: Thông báo 9441/TB-BNV
2026-02-14..2026-02-22  off      Tết Nguyên đán
2026-01-10              working  Làm bù cho ngày 02/01/2026
```
One entry per line: a date or ``FIRST..LAST`` range, ``off``/``nghỉ`` or ``working``/``làm``, then an
optional label. ``#`` starts a comment. Parsing is all-or-nothing: every bad line is reported by number.
The shipped official schedules (resources/calendars) use the same format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from counterdesk.domain.calendar import DayStatus
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import has_control_chars, nfc

_OFF = {"off", "nghỉ", "nghi"}
_WORKING = {"working", "làm", "lam", "làm việc"}
MAX_LABEL = 200


@dataclass(frozen=True)
class YearFile:
    year: int
    source: str = ""
    off: dict[date, str] = field(default_factory=dict)
    working: dict[date, str] = field(default_factory=dict)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"ngày '{text[:30]}' không hợp lệ (dạng YYYY-MM-DD)") from exc


def parse_year_file(text: str) -> YearFile:
    """Parse a whole year file or raise InvalidInput listing every bad line; nothing partial."""
    if text.startswith("\ufeff"):
        text = text[1:]
    year: int | None = None
    source = ""
    off: dict[date, str] = {}
    working: dict[date, str] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = nfc(raw.split("#", 1)[0])
        if not line:
            continue
        try:
            if has_control_chars(raw.rstrip("\r\n")):
                raise InvalidInput("có ký tự điều khiển")
            key, sep, rest = line.partition(":")
            if sep and key.strip().lower() in ("year", "năm"):
                if year is not None:
                    raise InvalidInput("khai báo năm lần thứ hai")
                value = rest.strip()
                if not value.isdigit() or not 1900 <= int(value) <= 2200:
                    raise InvalidInput(f"năm '{value[:10]}' không hợp lệ (1900–2200)")
                year = int(value)
                continue
            if sep and key.strip().lower() in ("source", "nguồn"):
                source = nfc(rest)[:MAX_LABEL]
                continue
            if year is None:
                raise InvalidInput("thiếu dòng 'year: YYYY' trước các ngày")
            parts = line.split(" ", 2)
            if len(parts) < 2:
                raise InvalidInput("phải có dạng 'YYYY-MM-DD[..YYYY-MM-DD] off|working [nhãn]'")
            span, status = parts[0], parts[1].lower()
            label = parts[2].strip() if len(parts) == 3 else ""
            if status == "làm" and label.lower().startswith("việc"):
                status, label = "làm việc", label[4:].strip()
            if len(label) > MAX_LABEL:
                raise InvalidInput(f"nhãn dài quá {MAX_LABEL} ký tự")
            first_text, dots, last_text = span.partition("..")
            first = _parse_date(first_text)
            last = _parse_date(last_text) if dots else first
            if last < first:
                raise InvalidInput("ngày cuối trước ngày đầu")
            if first.year != year or last.year != year:
                raise InvalidInput(f"ngày nằm ngoài năm {year}")
            if status in _OFF:
                target, other = off, working
            elif status in _WORKING:
                target, other = working, off
            else:
                raise InvalidInput(f"trạng thái '{parts[1][:20]}' phải là off (nghỉ) hoặc working (làm việc)")
            day = first
            while day <= last:
                if day in target or day in other:
                    raise InvalidInput(f"ngày {day:%d/%m/%Y} đã được khai báo ở dòng trước")
                target[day] = label
                day += timedelta(days=1)
        except InvalidInput as exc:
            errors.append(f"dòng {number}: {exc.message}")
    if year is None and not errors:
        errors.append("thiếu dòng 'year: YYYY'")
    if errors:
        shown = "; ".join(errors[:8]) + (f"; … và {len(errors) - 8} lỗi khác" if len(errors) > 8 else "")
        raise InvalidInput(f"Tệp lịch có lỗi, chưa nhập gì: {shown}.")
    assert year is not None
    return YearFile(year, source, off, working)


def render_year_file(year: int, days: Iterable[DayStatus], *, source: str = "", note: str = "") -> str:
    """Write the exceptions to the Monday–Friday week of a year, consecutive equal days as ranges."""
    lines = [f"# Lịch làm việc năm {year} — CounterDesk", "# Mỗi dòng: YYYY-MM-DD[..YYYY-MM-DD] off|working nhãn"]
    if note:
        lines.append(f"# {note}")
    lines.append(f"year: {year}")
    if source:
        lines.append(f"source: {source}")
    runs: list[tuple[date, date, str, str]] = []
    for st in days:
        if st.kind == "weekday" or (st.kind == "weekend" and not st.label):
            continue
        status = "working" if st.working else "off"
        if runs and runs[-1][1] + timedelta(days=1) == st.day and runs[-1][2:] == (status, st.label):
            runs[-1] = (runs[-1][0], st.day, status, st.label)
        else:
            runs.append((st.day, st.day, status, st.label))
    for first, last, status, label in runs:
        span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        lines.append(f"{span:<22}  {status:<7}  {label}".rstrip())
    return "\n".join(lines) + "\n"
