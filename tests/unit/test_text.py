from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.text import fold, mask_name, nfc


def test_fold_removes_marks_and_d() -> None:
    assert fold("Chứng Thực") == "chung thuc"
    assert fold("ĐẶNG Thị Đào") == "dang thi dao"
    assert fold("hoà") == fold("hòa") == "hoa"


def test_nfc_from_nfd_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   An ")
    assert nfc(decomposed) == "Nguyễn Văn An"


def test_mask_name() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert mask_name("An") == "A***"
    assert mask_name("") == ""


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(s: str) -> None:
    assert fold(fold(s)) == fold(s)
