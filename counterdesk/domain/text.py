"""Vietnamese text helpers: NFC at every boundary, diacritic-free search keys, masked names."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Old and new tone placement ("hoà" vs "hòa") differ after NFC; folding removes marks so both meet.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """NFC-normalise and collapse runs of white space; the form every stored string takes."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def unaccent(text: str) -> str:
    """Diacritics removed, case kept, đ→d and Đ→D ("Đã có kết quả" → "Da co ket qua"): SMS for old phones."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Search key: no diacritics, đ→d, case-folded, single spaces ("Chứng Thực" → "chung thuc")."""
    return _SPACES.sub(" ", unaccent(text).casefold()).strip()


def mask_name(full_name: str) -> str:
    """Public form of a name: family name kept, other words reduced to their initial.

    "Nguyễn Văn An" → "Nguyễn V. A." — enough for a citizen to recognise their own dossier,
    too little to identify a stranger's.
    """
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ""
    if len(words) == 1:
        return words[0][0] + "***"
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def has_control_chars(text: str) -> bool:
    """True when the text holds control or format characters (scanner garbage, escapes)."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text)


# Vietnamese alphabetical order (the Latin letters Vietnamese does not use keep their Latin place).
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve (ă), circumflex (â ê ô), horn (ơ ư): part of the letter
# Tones: none < huyền < hỏi < ngã < sắc < nặng (the order of Vietnamese dictionaries and of ICU's vi collation).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]:
    """Key for sorting Vietnamese text as a reader expects ("Dân…" < "Đăng ký…" < "E…"; a < ă < â).

    Letters first (spaces and punctuation before digits before letters), then tones, then case
    (lower first), as a collator compares level by level. Pure Python, so services, the CLI and
    every table sort alike without ICU.
    """
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for ch in unicodedata.normalize("NFC", text):
        lower = ch.lower()
        parts = unicodedata.normalize("NFD", lower)
        letter = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS))
        tone = next((_TONE_RANK.get(m, 6) for m in parts[1:] if m not in _LETTER_MARKS), 0)
        if letter in _LETTER_RANK:
            primary.append((2, _LETTER_RANK[letter]))
        elif ch.isdigit():
            primary.append((1, int(ch) if ch.isdecimal() else ord(ch)))
        else:
            primary.append((0 if not ch.isalpha() else 3, ord(letter)))
        tones.append(tone)
        cases.append(0 if ch == lower else 1)
    return tuple(primary), tuple(tones), tuple(cases)
