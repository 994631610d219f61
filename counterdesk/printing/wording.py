"""How the forms write text: cleaned NFC, escaped for markup, dates, money and counts the way
official documents write them (Nghị định 30/2020, Phụ lục I)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape

from counterdesk.domain.clock import to_vn

BLANK = "…………………"


def clean(text: str | None) -> str:
    """NFC, single spaces, no control/format characters: what the PDF may safely show.

    NFD marks would render stacked and extract as NFD (libraries.md §2); control characters
    from scanners have no glyph.
    """
    if not text:
        return ""
    value = unicodedata.normalize("NFC", text)
    value = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in value)
    return " ".join(value.split())


def esc(text: str | None, blank: str = BLANK) -> str:
    """Cleaned text escaped for Paragraph markup; ``blank`` (dotted leader) when empty."""
    value = clean(text)
    return escape(value) if value else blank


def upper(text: str | None) -> str:
    """Vietnamese upper case (str.upper handles the precomposed letters)."""
    return clean(text).upper()


def _two(n: int) -> str:
    return f"{n:02d}"


def _month(n: int) -> str:
    """Months 1 and 2 take a leading zero, the others do not (Nghị định 30/2020, Phụ lục I)."""
    return f"{n:02d}" if n < 3 else str(n)


def vn_date(moment: datetime) -> str:
    """"ngày 05 tháng 01 năm 2026" in Vietnam time."""
    local = to_vn(moment)
    return f"ngày {_two(local.day)} tháng {_month(local.month)} năm {local.year}"


def vn_datetime(moment: datetime) -> str:
    """"09 giờ 15 phút, ngày 20 tháng 11 năm 2026" in Vietnam time."""
    local = to_vn(moment)
    return f"{_two(local.hour)} giờ {_two(local.minute)} phút, {vn_date(local)}"


def vn_short_datetime(moment: datetime) -> str:
    """"09 giờ 15 phút, ngày 20/11/2026": the compact form used in table cells."""
    local = to_vn(moment)
    return f"{_two(local.hour)} giờ {_two(local.minute)} phút, ngày {local:%d/%m/%Y}"


def place_date(place: str, moment: datetime) -> str:
    """"Bến Nghé, ngày 20 tháng 11 năm 2026" (dotted place when unknown)."""
    return f"{clean(place) or '…………'}, {vn_date(moment)}"


def vn_money(amount: int) -> str:
    """"15.000 đồng": dot as the thousands separator."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def two_digits(n: int) -> str:
    """Counts on forms are written with two digits ("02 bộ")."""
    return f"{n:02d}"
