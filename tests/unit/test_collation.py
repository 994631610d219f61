"""Vietnamese collation: đ after every d, letters with breve/circumflex/horn after their base, tones after letters."""

from __future__ import annotations

import unicodedata

from counterdesk.domain.text import sort_key


def test_dang_ky_cu_tru_sorts_between_dan_and_e() -> None:
    names = ["Tư pháp", "E-mail công vụ", "Đăng ký cư trú", "Dân số", "Dz", "Đất đai", "Chứng thực"]
    assert sorted(names, key=sort_key) == ["Chứng thực", "Dân số", "Dz", "Đăng ký cư trú", "Đất đai",
                                           "E-mail công vụ", "Tư pháp"]


def test_letters_with_marks_follow_their_base_letter() -> None:
    assert sorted(["âm", "ăn", "an", "ba"], key=sort_key) == ["an", "ăn", "âm", "ba"]
    assert sorted(["ơ", "ô", "o", "p"], key=sort_key) == ["o", "ô", "ơ", "p"]
    assert sorted(["ư", "u", "v"], key=sort_key) == ["u", "ư", "v"]
    assert sorted(["ê", "e", "f"], key=sort_key) == ["e", "ê", "f"]


def test_tones_only_break_ties_in_dictionary_order() -> None:
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(["mã", "ma", "mạnh", "mà"], key=sort_key) == ["ma", "mà", "mã", "mạnh"]  # letters first


def test_case_and_normal_form_do_not_change_the_order() -> None:
    assert sort_key("đăng") < sort_key("Đăng") < sort_key("đăngx")
    assert sort_key(unicodedata.normalize("NFD", "Đăng ký")) == sort_key("Đăng ký")


def test_spaces_and_digits_sort_before_letters() -> None:
    assert sorted(["Dâng", "Dân số", "Dân 2", "Dân"], key=sort_key) == ["Dân", "Dân 2", "Dân số", "Dâng"]
