"""Dates as people type them at a Vietnamese counter: 04/12/2026, 4/12/2026, 04.12.2026, 04122026, 2026-12-04."""

from __future__ import annotations

import re
from datetime import date

from counterdesk.domain.errors import InvalidInput

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})")


def parse_typed_date(text: str, *, what: str = "Ngày", field: str | None = None) -> date | None:
    """The date typed in ``text`` (day first); None when empty; InvalidInput naming ``what`` otherwise."""
    raw = text.strip()
    if not raw:
        return None
    m = _DMY.fullmatch(raw) or _COMPACT.fullmatch(raw)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{what} phải có dạng ngày/tháng/năm, ví dụ 01/01/1990.", field=field) from None
