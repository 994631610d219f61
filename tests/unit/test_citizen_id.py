from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.citizen_id import (
    FEMALE,
    MALE,
    check_id,
    normalise_email,
    normalise_gender,
    normalise_phone,
    parse_id,
)
from counterdesk.domain.errors import InvalidInput


def test_layout_decoded() -> None:
    cid = parse_id("001090123456")
    assert (cid.province, cid.gender, cid.birth_year) == (1, MALE, 1990)
    assert parse_id("079 305 012345").gender == FEMALE
    assert parse_id("079305012345").birth_year == 2005
    assert parse_id("001490000001").birth_year == 2190


@pytest.mark.parametrize("bad", ["", "12345678901", "0010901234567", "00109012345a", "000090123456", "097090123456"])
def test_bad_layout_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_id(bad)
    assert err.value.field == "id_number"


def test_cross_check_birth_year_and_gender() -> None:
    assert check_id("001090123456", date(1990, 1, 1), "Nam").birth_year == 1990
    with pytest.raises(InvalidInput, match="năm sinh 1990"):
        check_id("001090123456", date(1991, 1, 1), "Nam")
    with pytest.raises(InvalidInput, match="giới tính Nam"):
        check_id("001090123456", date(1990, 1, 1), "Nữ")
    with pytest.raises(InvalidInput, match="năm sinh 2090"):  # century digit 2 = 2000s
        check_id("001290123456", date(1990, 5, 5), "")


def test_gender_spellings() -> None:
    assert normalise_gender("NAM") == MALE
    assert normalise_gender("Nu\u0303") == FEMALE  # NFD
    assert normalise_gender("nữ") == FEMALE
    assert normalise_gender(" ") == ""
    with pytest.raises(InvalidInput):
        normalise_gender("khác")


@pytest.mark.parametrize(("raw", "clean"), [
    ("0912 345 678", "0912345678"), ("+84 912345678", "0912345678"), ("84-328-123-456", "0328123456"),
    ("028 3829 0000", "02838290000"), ("", ""), ("0559.123.456", "0559123456"),
])
def test_phone_ok(raw: str, clean: str) -> None:
    assert normalise_phone(raw) == clean


@pytest.mark.parametrize("raw", ["0123456789", "091234567", "09123456789", "abc", "0212345678"])
def test_phone_bad(raw: str) -> None:
    with pytest.raises(InvalidInput) as err:
        normalise_phone(raw)
    assert err.value.field == "phone"


def test_email() -> None:
    assert normalise_email(" An@Example.VN ") == "an@example.vn"
    assert normalise_email("") == ""
    with pytest.raises(InvalidInput):
        normalise_email("an@example")


@given(st.text(max_size=40), st.one_of(st.none(), st.dates()), st.text(max_size=5))
def test_fuzz_only_invalid_input(number: str, born: date | None, gender: str) -> None:
    try:
        cid = check_id(number, born, gender)
    except InvalidInput:
        return
    assert len(cid.number) == 12 and 1 <= cid.province <= 96


@given(st.text(max_size=30))
def test_fuzz_phone(text: str) -> None:
    try:
        value = normalise_phone(text)
    except InvalidInput:
        return
    assert value == "" or (value.startswith("0") and value.isdigit())
