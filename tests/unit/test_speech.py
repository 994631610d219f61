from __future__ import annotations

import pytest

from counterdesk.domain.speech import VOCABULARY, announcement, number_words, sentence, ticket_words


def say(n: int, odd: str = "linh") -> str:
    return " ".join(number_words(n, odd=odd))  # type: ignore[arg-type]


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (1, "một"), (3, "ba"), (4, "bốn"), (5, "năm"), (10, "mười"), (11, "mười một"),
    (14, "mười bốn"), (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
    (25, "hai mươi lăm"), (55, "năm mươi lăm"), (99, "chín mươi chín"), (100, "một trăm"),
    (101, "một trăm linh một"), (104, "một trăm linh bốn"), (105, "một trăm linh năm"),
    (110, "một trăm mười"), (111, "một trăm mười một"), (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"), (999, "chín trăm chín mươi chín"), (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"), (2020, "hai nghìn không trăm hai mươi"),
    (10_001, "mười nghìn không trăm linh một"), (1_000_000, "một triệu"),
    (2_500_015, "hai triệu năm trăm nghìn không trăm mười lăm"),
])
def test_number_reading(n: int, words: str) -> None:
    assert say(n) == words


def test_southern_le() -> None:
    assert say(107, "lẻ") == "một trăm lẻ bảy"


def test_range() -> None:
    with pytest.raises(ValueError):
        number_words(-1)


def test_ticket_number_as_digits_or_number() -> None:
    assert ticket_words("A012") == ["a", "không", "một", "hai"]
    assert ticket_words("A012", style="number") == ["a", "mười", "hai"]
    assert ticket_words("R105", style="number") == ["e-rờ", "một", "trăm", "linh", "năm"]


def test_announcement_sentence_and_vocabulary() -> None:
    tokens = announcement("A012", 3)
    assert sentence(tokens) == "Mời công dân có số a không một hai đến quầy số ba."
    assert announcement("B021", 21, style="number")[-3:] == ["hai", "mươi", "mốt"]
    for n in range(0, 2001):  # every word a number may need has a clip
        assert set(number_words(n)) <= set(VOCABULARY)
    for letter in "ABCDĐEGHKLMNPRSTX":
        assert set(announcement(f"{letter}999", 12)) <= set(VOCABULARY)
