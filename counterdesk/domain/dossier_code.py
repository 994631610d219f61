"""Dossier codes (DESIGN §3.2, TT 01/2018 Art. 19): ``{agency}-{yyMMdd}-{sequence}``.

The agency code is opaque (its segment order changed in 2026); the sequence is zero-padded to
four digits and simply grows longer past 9999, as Circular 04/2025 allows ("minimum 4 digits").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counterdesk.domain.errors import InvalidInput

AGENCY_RE = re.compile(r"^[A-Z0-9][A-Z0-9.]{2,38}$")
_CODE_RE = re.compile(r"^(?P<agency>[A-Z0-9][A-Z0-9.]{2,38})-(?P<day>\d{6})-(?P<seq>\d{4,8})$")
MAX_SEQUENCE = 99_999_999
# A code at the start of a file name (a scan dropped in the watched folder: "CODE_trang1.jpg").
CODE_PREFIX_RE = re.compile(r"^(?P<code>[A-Z0-9][A-Z0-9.]{2,38}-\d{6}-\d{4,8})(?!\d)")


@dataclass(frozen=True, slots=True)
class DossierCode:
    agency: str
    day: date
    sequence: int

    def __str__(self) -> str:
        return format_code(self.agency, self.day, self.sequence)


def check_agency(agency: str) -> str:
    """The configured agency code, or InvalidInput if it cannot make a readable, scannable code."""
    if not AGENCY_RE.match(agency):
        raise InvalidInput(f"Mã cơ quan '{agency[:40]}' không hợp lệ (chữ in hoa, số và dấu chấm, 3–39 ký tự).")
    return agency


# Electronic agency identifiers (Circular 10/2016/TT-BTTTT order ``V1V2V3.Z1Z2.Y1Y2.MX1X2``, e.g.
# 000.00.01.H29; and the level-1-first order of Circular 04/2025 ``MX1X2.Y1Y2Y3.Z1Z2…``, e.g.
# H15.50.05.13, G09.20). Setup asks for one of these; check_agency above stays lenient because
# stores and portals already hold codes of other shapes.
NATIONAL_AGENCY_RE = re.compile(r"^(?:\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){1,3})$")


def check_national_agency(agency: str) -> str:
    """The agency code in one of the national identifier formats (upper-cased, trimmed)."""
    code = agency.strip().upper() if isinstance(agency, str) else ""
    if not NATIONAL_AGENCY_RE.match(code):
        raise InvalidInput(
            f"Mã cơ quan '{code[:40]}' không đúng định dạng mã định danh điện tử: dạng 000.00.01.H29 "
            "(QCVN 2016) hoặc H15.50.05.13 (từ 2025); lấy mã trong danh mục của tỉnh.", field="agency_code")
    return check_agency(code)


def format_code(agency: str, day: date, sequence: int) -> str:
    """``000.17.22.H56-210531-0001``; sequences past 9999 get as many digits as they need."""
    check_agency(agency)
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidInput(f"Số thứ tự hồ sơ {sequence} ngoài khoảng 1–{MAX_SEQUENCE}.")
    return f"{agency}-{day:%y%m%d}-{sequence:04d}"


def parse_code(text: str) -> DossierCode:
    """Split a typed or scanned code; lower case and surrounding spaces are forgiven."""
    m = _CODE_RE.match(text.strip().upper()) if isinstance(text, str) and len(text) <= 60 else None
    if m is None:
        raise InvalidInput("Mã hồ sơ không đúng dạng MÃCƠQUAN-yyMMdd-số (ví dụ 000.00.01.H29-261120-0001).")
    raw = m["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        raise InvalidInput(f"Mã hồ sơ: ngày '{raw}' không có thật.") from None
    sequence = int(m["seq"])
    if sequence < 1:
        raise InvalidInput("Mã hồ sơ: số thứ tự phải từ 1.")
    return DossierCode(m["agency"], day, sequence)
