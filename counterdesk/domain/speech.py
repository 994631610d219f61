"""What the lobby display says when a number is called, as words (pure; the audio is elsewhere).

Each word or fixed phrase is a token with its own pre-recorded clip (resources/sounds), so the
announcement works with no internet and no speech engine on the PC. Vietnamese number reading:
10 "mười", 20 "hai mươi", 21 "hai mươi mốt", 24 "hai mươi tư", 15/25 "… lăm",
105 "một trăm linh năm" (Southern "lẻ"), 1005 "một nghìn không trăm linh năm".
"""

from __future__ import annotations

from typing import Literal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
INVITE = "mời công dân có số"
TO_COUNTER = "đến quầy số"
# How the letters of a line prefix are spelt aloud in Vietnamese.
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích-xì",
    "Y": "i dài", "Z": "dét",
}
NUMBER_WORDS = (*DIGITS, "mười", "mươi", "mốt", "tư", "lăm", "linh", "lẻ", "trăm", "nghìn", "triệu")
VOCABULARY: tuple[str, ...] = (INVITE, TO_COUNTER, *NUMBER_WORDS, *dict.fromkeys(LETTERS.values()))

Odd = Literal["linh", "lẻ"]
Style = Literal["digits", "number"]


def _tens_units(n: int, odd: Odd, *, after_hundreds: bool) -> list[str]:
    """0–99, inside a larger number when ``after_hundreds`` (05 → "linh năm")."""
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return [odd, DIGITS[units]] if after_hundreds else [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(n: int, odd: Odd, *, full: bool) -> list[str]:
    """0–999; ``full`` says hundreds must be read even when zero ("không trăm") — a group after a larger one."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _tens_units(rest, odd, after_hundreds=False)
    words = [DIGITS[hundreds], "trăm"]
    if rest:
        words += _tens_units(rest, odd, after_hundreds=True)
    return words


def number_words(n: int, *, odd: Odd = "linh") -> list[str]:
    """Vietnamese reading of 0 ≤ n < 10⁹ as a list of words."""
    if not 0 <= n < 1_000_000_000:
        raise ValueError(f"number out of range: {n}")
    if n == 0:
        return ["không"]
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    if millions:
        words += [*_group(millions, odd, full=False), "triệu"]
    if thousands:
        words += [*_group(thousands, odd, full=bool(words)), "nghìn"]
    if units:
        words += _group(units, odd, full=bool(words))
    return words


def ticket_words(number: str, *, style: Style = "digits", odd: Odd = "linh") -> list[str]:
    """A ticket number aloud: letters spelt, then digits one by one ("A012" → a không một hai)
    or as a number ("A012" → a mười hai)."""
    letters = [LETTERS.get(ch, ch.lower()) for ch in number if not ch.isdigit()]
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return letters
    if style == "digits":
        return [*letters, *(DIGITS[int(d)] for d in digits)]
    return [*letters, *number_words(int(digits), odd=odd)]


def announcement(number: str, counter: int, *, style: Style = "digits", odd: Odd = "linh") -> list[str]:
    """Tokens of "Mời công dân có số A không một hai đến quầy số ba"."""
    return [INVITE, *ticket_words(number, style=style, odd=odd), TO_COUNTER, *number_words(counter, odd=odd)]


def sentence(tokens: list[str]) -> str:
    """The announcement as a written sentence (shown on screen, logged)."""
    text = " ".join(tokens)
    return text[:1].upper() + text[1:] + "."
