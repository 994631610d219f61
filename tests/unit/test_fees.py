"""Fee rules (domain.fees): parsing, wording and hand-computed amounts, the cap included."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from counterdesk.domain import fees
from counterdesk.domain.errors import InvalidInput
from counterdesk.services.catalog import parse_row
from tests.acceptance_data import fee_cases


def _catalogue_rules() -> dict[str, fees.FeeRule]:
    text = resources.files("counterdesk.resources.catalog").joinpath("procedures.csv").read_text("utf-8")
    rows = [parse_row(r) for r in csv.DictReader(io.StringIO(text, newline=""))]
    return {r.code: fees.parse(r.fee_rule, legacy_fee=r.fee) for r in rows}


@pytest.mark.parametrize("case", fee_cases(), ids=lambda c: f"{c['procedure']}-{c['pages']}p-{c['copies']}c")
def test_acceptance_fees_from_the_shipped_catalogue(case: dict[str, object]) -> None:
    rule = _catalogue_rules()[str(case["procedure"])]
    exemption = "Đăng ký đúng hạn" if "exempt" in str(case.get("note", "")) else ""
    quote = fees.quote(rule, pages=int(case["pages"]), copies=int(case["copies"]), exemption=exemption)  # type: ignore[call-overload]
    assert quote.amount == case["fee"]
    if exemption:
        assert quote.exemption == exemption and "Miễn" in quote.explanation


@pytest.mark.parametrize(("pages", "copies", "fee"), [
    (1, 1, 2000), (2, 1, 4000), (3, 1, 5000), (4, 1, 6000), (198, 1, 200_000), (199, 1, 200_000),
    (200, 2, 400_000), (10, 3, 36_000),
])
def test_per_page_tiers_and_cap_per_copy(pages: int, copies: int, fee: int) -> None:
    rule = fees.parse("per_page:1=2000,3=1000;cap=200000")
    assert fees.compute(rule, pages=pages, copies=copies) == fee


def test_rule_kinds_round_trip_and_describe() -> None:
    for text in ("none", "flat:10000", "per_copy:8000", "per_page:1=2000,3=1000;cap=200000", "per_page:1=500"):
        assert fees.parse(text).text() == text
    assert fees.parse("flat:10000").describe() == "10.000 đ/trường hợp"
    assert fees.parse("per_copy:8000").describe() == "8.000 đ/bản"
    assert fees.parse("per_page:1=2000,3=1000;cap=200000").describe() == (
        "2.000 đ/trang; từ trang 3: 1.000 đ/trang; tối đa 200.000 đ/bản")
    assert fees.compute(fees.parse("per_copy:8000"), copies=3) == 24_000
    assert fees.compute(fees.parse("flat:10000"), copies=5) == 10_000
    assert fees.compute(fees.NO_FEE, pages=9, copies=9) == 0


def test_empty_rule_keeps_an_older_catalogues_single_fee() -> None:
    assert fees.parse("", legacy_fee=15000) == fees.FeeRule("flat", 15000)
    assert fees.parse(None) == fees.NO_FEE


@pytest.mark.parametrize("text", [
    "flat:", "flat:-5", "flat:abc", "per_page:", "per_page:2=1000", "per_page:1=2000,1=1000",
    "per_page:1=2000;max=5", "per_page:1=2000;cap=x", "monthly:5", "flat:1000000000", "per_page:1=",
])
def test_bad_rules_are_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        fees.parse(text)
    assert err.value.message and not err.value.message.isascii()


def test_per_page_needs_pages_and_bounds_are_checked() -> None:
    rule = fees.parse("per_page:1=2000")
    with pytest.raises(InvalidInput):
        fees.compute(rule, pages=0, copies=1)
    with pytest.raises(InvalidInput):
        fees.compute(rule, pages=fees.MAX_PAGES + 1, copies=1)
    with pytest.raises(InvalidInput):
        fees.compute(rule, pages=1, copies=-1)


def test_money_uses_vietnamese_thousands() -> None:
    assert fees.money(1_234_567) == "1.234.567 đ"
    assert fees.money(0) == "0 đ"
