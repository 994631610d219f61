from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.cccd_qr import looks_like_card, parse
from counterdesk.domain.errors import InvalidInput

SAMPLE = "001090123456|012345678|NGUYỄN VĂN AN|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021"
TODAY = date(2026, 11, 20)


def test_sample_card() -> None:
    card = parse(SAMPLE, TODAY)
    assert card.id_number == "001090123456"
    assert card.old_id == "012345678"
    assert card.name == "Nguyễn Văn An"
    assert card.birth_date == date(1990, 1, 1)
    assert card.gender == "Nam"
    assert card.address == "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"
    assert card.issue_date == date(2021, 4, 15)


def test_tolerant_variants() -> None:
    nfd = unicodedata.normalize("NFD", "079305012345||Trần Thị Ánh|02032005|Nữ|Xã Tân Hòa, Đồng Nai|01072024|extra|more\r\n")
    card = parse("\ufeff" + nfd, TODAY)
    assert card.name == "Trần Thị Ánh" and unicodedata.is_normalized("NFC", card.name)
    assert card.old_id == "" and card.gender == "Nữ"
    assert card.address == "Xã Tân Hòa, Đồng Nai"
    assert parse("079305012345||Trần Thị Ánh|02032005|Nữ|X|", TODAY).issue_date is None


@pytest.mark.parametrize("bad", [
    "", "hello", "001090123456|012345678|NGUYEN VAN A|01011990|Nam|addr",  # 6 fields
    "001090123456|0123|NGUYEN VAN A|01011990|Nam|addr|15042021",  # old id
    "001090123456||NGUYEN VAN A|31021990|Nam|addr|15042021",  # 31 Feb
    "001090123456||NGUYEN VAN A|01011991|Nam|addr|15042021",  # birth year vs id
    "001090123456||NGUYEN VAN A|01011990|Nữ|addr|15042021",  # gender vs id
    "001090123456||NGUYEN 2 A|01011990|Nam|addr|15042021",
    "001090123456||NGUYEN VAN A|01011990|Nam|addr|15041980",  # issued before birth
    "001090123456||NGUYEN\x00 VAN|01011990|Nam|addr|15042021",
    "CD1|000.00.01.H29-261120-0001|ABCDEF",
])
def test_garbage_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse(bad, TODAY)


def test_router_hint() -> None:
    assert looks_like_card(SAMPLE)
    assert not looks_like_card("000.00.01.H29-261120-0001")


@given(st.text(max_size=300))
def test_fuzz_garbage(text: str) -> None:
    try:
        card = parse(text, TODAY)
    except InvalidInput as exc:
        assert exc.message
        return
    assert card.id_number.isdigit() and card.gender in ("Nam", "Nữ")


fields = st.lists(st.one_of(st.text(max_size=20), st.from_regex(r"\d{8,12}", fullmatch=True)), min_size=5, max_size=9)


@given(fields)
def test_fuzz_field_shaped(parts: list[str]) -> None:
    try:
        card = parse("|".join(parts), TODAY)
    except InvalidInput:
        return
    assert len(card.id_number) == 12
