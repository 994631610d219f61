"""Statutory baseline for years without an official civil-service schedule.

Labour Code 2019 art. 112 days off with the art. 111(3) weekend compensation; Tết and Giỗ Tổ Hùng Vương
on the *Vietnamese* (UTC+7) lunar calendar. The `holidays` package computes exactly that (checked against
an independent UTC+7 algorithm for 1901–2099, see reference/libraries.md §1); we subclass its Vietnam
calendar (the lazy ``holidays.VN`` loader cannot be subclassed) and always ask for Vietnamese names.
Pure computation, no I/O: results are cached per year.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

# The package names each Tết day ("29 Tết", "Mùng hai Tết Nguyên Đán"…); receipts name the whole break.
TET_LABEL = "Tết Nguyên đán"


def _vietnam_holidays(year: int) -> Any:
    """Vietnam's public holidays as the civil service takes them (Vietnamese names).

    Imported here, not at module level: the package's country tables cost ~0.3 s of start-up,
    and only years without an official schedule need them.
    """
    from holidays.countries.vietnam import Vietnam

    return Vietnam(years=year, language="vi")  # type: ignore[no-untyped-call]


def _label(name: str) -> str:
    if "Tết" in name and "Dương lịch" not in name:
        return TET_LABEL
    return name.removesuffix(" (nghỉ bù)")


@lru_cache(maxsize=256)
def baseline_year(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """(days off → label, weekend days worked → label) for one year; both may be empty."""
    cal = _vietnam_holidays(year)
    off: dict[date, str] = {}
    for day, name in sorted(cal.items()):
        if day.year != year:
            continue
        labels = [_label(part.strip()) for part in str(name).split(";")]
        off[day] = "; ".join(dict.fromkeys(labels))
    work = {d: f"làm bù (theo lịch chuẩn {year})" for d in getattr(cal, "weekend_workdays", ()) if d.year == year}
    return off, work


def baseline(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """Copy-safe accessor used as the WorkingCalendar baseline."""
    off, work = baseline_year(year)
    return dict(off), dict(work)
