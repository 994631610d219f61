"""Notice templates, SMS length (GSM-7 160 / UCS-2 70), phone numbers and sending hours: pure rules."""

from __future__ import annotations

from datetime import datetime

import pytest

from counterdesk.domain import notice as nt
from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import fold, unaccent

VALUES = {"code": "000.00.00.H00-261203-0001", "office": "UBND phường Bến Nghé", "date": "15/12/2026",
          "papers": "Bản sao giấy khai sinh", "place": "Bộ phận Một cửa, 12 Lê Lợi"}


@pytest.mark.parametrize("kind", sorted(nt.KINDS))
def test_every_kind_renders_with_and_without_accents(kind: str) -> None:
    text = nt.render(kind, nt.DEFAULT_TEMPLATES[kind], VALUES)
    plain = nt.render(kind, nt.DEFAULT_TEMPLATES[kind], VALUES, accents=False)
    assert VALUES["code"] in text and "Bến Nghé" in text and "{" not in text
    assert plain == unaccent(text) and plain.isascii() and "Ben Nghe" in plain
    assert nt.sms_length(text).encoding == "UCS-2" and nt.sms_length(plain) == nt.SmsLength(len(plain), "GSM-7", 160, 1)
    for field in nt.FIELDS[kind]:
        assert VALUES[field] in text


def test_templates_refuse_personal_fields_and_broken_braces() -> None:
    with pytest.raises(InvalidInput, match=r"\{name\}"):
        nt.check_template(nt.RESULT_READY, "Chào {name}, hồ sơ {code}")
    with pytest.raises(InvalidInput, match=r"\{papers\}"):
        nt.check_template(nt.RESULT_READY, "Hồ sơ {code} thiếu {papers}")  # papers only for supplements
    with pytest.raises(InvalidInput, match="ngoặc"):
        nt.check_template(nt.APOLOGY, "Hồ sơ {code")
    with pytest.raises(InvalidInput, match="định dạng"):
        nt.check_template(nt.APOLOGY, "Hồ sơ {code!r}")
    with pytest.raises(InvalidInput):
        nt.check_template("birthday", "{code}")
    assert nt.check_template(nt.RECEIPT, "  Hồ sơ   {code} ") == "Hồ sơ {code}"


def test_sms_length_counts_gsm_extension_twice_and_splits_long_texts() -> None:
    assert nt.sms_length("a" * 160) == nt.SmsLength(160, "GSM-7", 160, 1)
    assert nt.sms_length("a" * 161).parts == 2  # 153 per part once concatenated
    assert nt.sms_length("[x]").chars == 5 and nt.sms_length("€").chars == 2
    assert nt.sms_length("ă" * 70) == nt.SmsLength(70, "UCS-2", 70, 1)
    assert nt.sms_length("ă" * 71).parts == 2 and not nt.sms_length("ă" * 71).fits
    assert "vượt" in nt.sms_length("ă" * 71).describe()


def test_long_fields_are_cut_so_a_notice_stays_short() -> None:
    text = nt.render(nt.SUPPLEMENT, "{papers}", {"papers": "x" * 500})
    assert len(text) == nt.MAX_FIELD


def test_unaccent_keeps_case_and_fold_still_folds() -> None:
    assert unaccent("Đã có KẾT QUẢ, đến nhận") == "Da co KET QUA, den nhan"
    assert fold("  Đã Có   Kết Quả ") == "da co ket qua"


@pytest.mark.parametrize(("raw", "clean"), [
    ("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("84912345678", "0912345678"),
    ("12345", ""), ("", ""), ("091234567a", ""),
])
def test_phone_numbers(raw: str, clean: str) -> None:
    assert nt.phone_number(raw) == clean


def test_masked_phone_shows_only_the_last_three_digits() -> None:
    assert nt.mask_phone("0912345678") == "•••••••678"


def test_sending_hours_include_the_end_minute() -> None:
    hours = "07:30-11:30,13:30-17:00"
    at = lambda hm: datetime(2026, 11, 18, *hm, tzinfo=VN_TZ)  # noqa: E731
    assert nt.within_hours(at((7, 30)), hours) and nt.within_hours(at((17, 0)), hours)
    assert not nt.within_hours(at((7, 29)), hours) and not nt.within_hours(at((12, 0)), hours)
    assert not nt.within_hours(at((17, 1)), hours) and nt.within_hours(at((23, 59)), "00:00-23:59")
