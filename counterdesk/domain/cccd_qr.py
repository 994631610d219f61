"""The chip ID card's QR text: ``id|old id|name|ddMMyyyy|gender|address|issue date``.

There is no official specification (legal-rules §7), so parsing is tolerant of what real cards
and scanners deliver: an empty old-ID field, extra trailing fields, decomposed (NFD) marks,
upper-case names, stray CR/LF or spaces, a BOM. Anything else is garbage and is refused whole:
the caller never gets half an applicant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counterdesk.domain.citizen_id import check_id, normalise_gender
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import has_control_chars, nfc

MAX_LEN = 1000
_OLD_ID = re.compile(r"^(\d{9}|\d{12})?$")
_DATE = re.compile(r"^\d{8}$")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
GARBAGE = "Mã QR không phải mã QR căn cước công dân (cần dạng số|CMND|họ tên|ngày sinh|giới tính|địa chỉ|ngày cấp)."


@dataclass(frozen=True, slots=True)
class CardData:
    id_number: str
    old_id: str
    name: str
    birth_date: date
    gender: str
    address: str
    issue_date: date | None


def _date(text: str, what: str) -> date:
    if not _DATE.match(text):
        raise InvalidInput(f"Mã QR căn cước: {what} '{text[:12]}' không đúng dạng ngày/tháng/năm (ddMMyyyy).")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise InvalidInput(f"Mã QR căn cước: {what} '{text}' không phải ngày có thật.") from None


def proper_name(text: str) -> str:
    """NFC; an all-capitals name ("NGUYỄN VĂN AN") becomes "Nguyễn Văn An", others are kept."""
    name = nfc(text)
    if name.isupper():
        name = " ".join(word.capitalize() for word in name.split(" "))
    return name


def looks_like_card(text: str) -> bool:
    """Cheap test for the scanner router: 12 digits then '|' (receipts and codes never look like it)."""
    return bool(re.match(r"^\ufeff?\s*\d{12}\|", text))


def parse(text: str, today: date | None = None) -> CardData:
    """Decode the QR text; InvalidInput for anything that is not a plausible card."""
    if not isinstance(text, str) or len(text) > MAX_LEN:
        raise InvalidInput(GARBAGE)
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip()
    fields = [f.strip() for f in text.split("|")]
    if len(fields) < 7 or any(has_control_chars(f) for f in fields[:7]):
        raise InvalidInput(GARBAGE)
    id_number, old_id, raw_name, birth, raw_gender, raw_address, issued = fields[:7]
    if not _OLD_ID.match(old_id):
        raise InvalidInput("Mã QR căn cước: số CMND cũ không hợp lệ.")
    name = proper_name(raw_name)
    if not 2 <= len(name) <= 150 or not _NAME_CHARS.match(name):
        raise InvalidInput("Mã QR căn cước: họ tên không hợp lệ.")
    birth_date = _date(birth, "ngày sinh")
    issue_date = _date(issued, "ngày cấp") if issued else None
    today = today or date.today()
    if not date(1900, 1, 1) <= birth_date <= today:
        raise InvalidInput("Mã QR căn cước: ngày sinh nằm ngoài khoảng hợp lý.")
    if issue_date is not None and not birth_date <= issue_date <= today:
        raise InvalidInput("Mã QR căn cước: ngày cấp trước ngày sinh hoặc sau hôm nay.")
    try:
        gender = normalise_gender(raw_gender)
    except InvalidInput:
        raise InvalidInput("Mã QR căn cước: giới tính phải là Nam hoặc Nữ.") from None
    if not gender:
        raise InvalidInput("Mã QR căn cước: thiếu giới tính.")
    try:
        check_id(id_number, birth_date, gender)
    except InvalidInput as exc:
        raise InvalidInput(f"Mã QR căn cước: {exc.message}") from None
    address = nfc(raw_address)
    if len(address) > 300:
        raise InvalidInput("Mã QR căn cước: địa chỉ quá dài.")
    return CardData(id_number, old_id, name, birth_date, gender, address, issue_date)
