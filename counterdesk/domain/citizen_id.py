"""Personal identification number (số định danh cá nhân), gender, phone and e-mail checks.

Layout (legal-rules §7): digits 1–3 province of birth registration (001–096), digit 4 the
century of birth and gender (1900s 0/1, 2000s 2/3 … 2300s 8/9; even = male), digits 5–6 the
last two digits of the birth year, digits 7–12 random. Checking the layout against the birth
date and gender catches most typing slips before they end up on a receipt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import fold, nfc

MALE, FEMALE = "Nam", "Nữ"
_ID = re.compile(r"^\d{12}$")
_GENDER_WORDS = {"nam": MALE, "male": MALE, "m": MALE, "nu": FEMALE, "female": FEMALE, "f": FEMALE}
# Mobile prefixes after the 2018 renumbering; landlines are 02x + 8 digits (11 digits in all).
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class CitizenId:
    """What the number itself tells: province code, century, gender, birth year."""

    number: str
    province: int
    gender: str
    birth_year: int


def clean_id(text: str) -> str:
    """Strip the spaces and dots people type or scanners add between groups."""
    return re.sub(r"[\s.\-]", "", text)


def normalise_gender(text: str) -> str:
    """"Nam"/"Nữ" from the spellings in use (NAM, nu, Nữ in NFD…); "" for none; InvalidInput otherwise."""
    key = fold(text)
    if not key:
        return ""
    try:
        return _GENDER_WORDS[key]
    except KeyError:
        raise InvalidInput("Giới tính phải là Nam hoặc Nữ.", field="gender") from None


def parse_id(number: str) -> CitizenId:
    """Decode a 12-digit number; InvalidInput (field ``id_number``) if the layout is impossible."""
    number = clean_id(number)
    if not _ID.match(number):
        raise InvalidInput("Số định danh cá nhân phải gồm đúng 12 chữ số.", field="id_number")
    province = int(number[:3])
    if not 1 <= province <= 96:
        raise InvalidInput(f"Số định danh: mã tỉnh nơi đăng ký khai sinh '{number[:3]}' không hợp lệ (001–096).",
                           field="id_number")
    code = int(number[3])
    century = 1900 + (code // 2) * 100
    return CitizenId(number, province, MALE if code % 2 == 0 else FEMALE, century + int(number[4:6]))


def check_id(number: str, birth_date: date | None = None, gender: str = "") -> CitizenId:
    """Decode and cross-check with the birth date and gender given elsewhere on the form."""
    cid = parse_id(number)
    if birth_date is not None and birth_date.year != cid.birth_year:
        raise InvalidInput(
            f"Số định danh ứng với năm sinh {cid.birth_year}, không khớp năm sinh {birth_date.year}.",
            field="id_number",
        )
    if gender and normalise_gender(gender) != cid.gender:
        raise InvalidInput(f"Số định danh ứng với giới tính {cid.gender}, không khớp giới tính đã nhập.",
                           field="id_number")
    return cid


def normalise_phone(text: str) -> str:
    """A Vietnamese mobile (10 digits) or landline (02x…, 11 digits) in national form; "" for none."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if not digits:
        return ""
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise InvalidInput(
        "Số điện thoại không hợp lệ: di động 10 số (03x, 05x, 07x, 08x, 09x) hoặc cố định 11 số (02x).",
        field="phone",
    )


def normalise_email(text: str) -> str:
    """Lower-cased address or ""; InvalidInput for something that is not one."""
    value = nfc(text).lower()
    if value and (len(value) > 150 or not _EMAIL.match(value)):
        raise InvalidInput("Địa chỉ email không hợp lệ.", field="email")
    return value
