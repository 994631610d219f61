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
