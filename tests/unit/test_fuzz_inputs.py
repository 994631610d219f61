"""Bad input survey, pure parsers: scanner text, QR payloads, ID numbers, names, import files.

Whatever arrives, each parser returns a value or raises a DomainError with a Vietnamese message;
nothing else escapes (no ValueError, IndexError, UnicodeError…).
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counterdesk.domain import calendar_file, cccd_qr, citizen_id, receipt_qr, text
from counterdesk.domain.errors import DomainError
from counterdesk.services import catalog

SECRET = "bí-mật-của-văn-phòng"
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# scanner garbage: wedge keyboards drop, repeat and mangle characters; the alphabet leans on them
SCAN = st.text(alphabet=st.sampled_from(list("0123456789|-.ACDH ĐđNữamớ\t\r\n\x00\x1b\ufeff/")), max_size=120) | st.text(max_size=200)


def _rejects_cleanly(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except DomainError as exc:
        assert exc.message and isinstance(exc.message, str)
        return None


@FAST
@given(SCAN)
@example("CD1|000.00.01.H29-261120-0001|AAAAAAAAAAAAAAAA")
@example("CD1||")
def test_receipt_qr(raw: str) -> None:
    code = _rejects_cleanly(receipt_qr.verify, raw, SECRET)
    if code is not None:
        assert receipt_qr.payload(code, SECRET) == raw.strip()
    receipt_qr.looks_like_code(raw)


@st.composite
def card_like(draw: st.DrawFn) -> str:
    """Mostly-valid chip ID card QR texts with one field broken."""
    fields = [draw(st.from_regex(r"0\d{11}", fullmatch=True)), draw(st.sampled_from(["", "123456789", "12345"])),
              draw(st.sampled_from(["Nguyễn Văn An", "", "X" * 200, "Lê\x00Thị"])),
              draw(st.sampled_from(["01011990", "31021990", "99999999", "0101199", ""])),
              draw(st.sampled_from(["Nam", "Nữ", "Khác", ""])), draw(st.text(max_size=60)),
              draw(st.sampled_from(["15082021", "01012200", "", "abc"]))]
    cut = draw(st.integers(3, 9))
    return "|".join(fields[:cut]) + draw(st.sampled_from(["", "|", "||", "\r\n"]))


@FAST
@given(SCAN | card_like())
def test_id_card_qr(raw: str) -> None:
    card = _rejects_cleanly(cccd_qr.parse, raw, date(2026, 11, 20))
    if card is not None:
        assert len(card.id_number) == 12 and card.id_number.isdigit()
    cccd_qr.looks_like_card(raw)


@FAST
@given(st.text(max_size=40) | st.from_regex(r"\d{12}", fullmatch=True),
       st.one_of(st.none(), st.dates()), st.sampled_from(["", "Nam", "Nữ", "nu", "x"]))
def test_id_numbers(raw: str, born: date | None, gender: str) -> None:
    cid = _rejects_cleanly(citizen_id.check_id, raw, born, gender)
    if cid is not None:
        assert len(citizen_id.clean_id(raw)) == 12
    _rejects_cleanly(citizen_id.normalise_phone, raw)
    _rejects_cleanly(citizen_id.normalise_email, raw)
    _rejects_cleanly(citizen_id.normalise_gender, gender)


@FAST
@given(st.text(max_size=200))
def test_names(raw: str) -> None:
    assert text.nfc(text.nfc(raw)) == text.nfc(raw)
    text.fold(raw)
    masked = text.mask_name(raw)
    assert len(masked) <= len(text.nfc(raw)) + 8
    _rejects_cleanly(cccd_qr.proper_name, raw)


HEADER = ("code,name,field_code,field_name,level,unit,duration,fee,fee_text,handling_unit,legal_basis,"
          "line_prefix,documents")


@st.composite
def csv_like(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=15), max_size=14),
                         max_size=4))
    head = draw(st.sampled_from([HEADER, HEADER.replace("code,", "", 1), "", "\ufeff" + HEADER]))
    return "\n".join([head, *(",".join(r) for r in rows)])


@FAST
@given(csv_like() | st.text(max_size=300))
def test_catalogue_import_files(raw: str) -> None:
    rows = _rejects_cleanly(catalog.parse_csv, raw)
    assert rows is None or len(rows) >= 1


@st.composite
def year_file_like(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from([
        "year: 2027", "year = 2027", "2027-01-01 off Tết Dương lịch", "2027-02-30 off x", "2027-13-01 work y",
        "source: Bộ Nội vụ", "2027-05-01 off", "2026-01-01 off wrong year", "# ghi chú", "", "\x00",
    ]) | st.text(max_size=40), max_size=12))
    return "\n".join(lines)


@FAST
@given(year_file_like() | st.text(max_size=300))
def test_calendar_import_files(raw: str) -> None:
    _rejects_cleanly(calendar_file.parse_year_file, raw)
