from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain import receipt_qr
from counterdesk.domain.dossier_code import format_code, parse_code
from counterdesk.domain.errors import InvalidInput


def test_format() -> None:
    assert format_code("000.17.22.H56", date(2021, 5, 31), 1) == "000.17.22.H56-210531-0001"
    assert format_code("H15.50.05.13", date(2026, 10, 8), 975) == "H15.50.05.13-261008-0975"
    assert format_code("H15.50.05.13", date(2026, 10, 8), 10000) == "H15.50.05.13-261008-10000"


def test_round_trip_and_qr_pattern() -> None:
    code = format_code("000.00.01.H29", date(2026, 11, 20), 12345)
    parsed = parse_code(" " + code.lower() + " ")
    assert (parsed.agency, parsed.day, parsed.sequence) == ("000.00.01.H29", date(2026, 11, 20), 12345)
    assert str(parsed) == code
    assert receipt_qr.looks_like_code(code)


@pytest.mark.parametrize("bad", ["", "000.00.01.H29-261320-0001", "000.00.01.H29-261120-001", "x-261120-0001",
                                 "000.00.01.H29-261120-0000", "000 00-261120-0001"])
def test_parse_bad(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_code(bad)


@pytest.mark.parametrize(("agency", "seq"), [("", 1), ("bad agency", 1), ("000.00.01.H29", 0)])
def test_format_bad(agency: str, seq: int) -> None:
    with pytest.raises(InvalidInput):
        format_code(agency, date(2026, 1, 1), seq)


@given(st.text(max_size=80))
def test_fuzz_parse(text: str) -> None:
    try:
        code = parse_code(text)
    except InvalidInput as exc:
        assert exc.message
        return
    assert code.sequence >= 1 and parse_code(str(code)) == code


@given(st.from_regex(r"[A-Z0-9][A-Z0-9.]{2,20}", fullmatch=True), st.dates(date(2000, 1, 1), date(2099, 12, 31)),
       st.integers(1, 99_999_999))
def test_fuzz_round_trip(agency: str, day: date, seq: int) -> None:
    assert parse_code(format_code(agency, day, seq)) == parse_code(f"{agency}-{day:%y%m%d}-{seq:04d}")
