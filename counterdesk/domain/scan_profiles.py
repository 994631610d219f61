"""How each kind of paper is processed after scanning (DESIGN §8): one table, one home.

Identity papers and photos keep their grey tones (the photo and the security print matter), maps
and drawings keep their colours, everything else is a text page made black and white (CCITT G4,
lossless and far below 150 KB an A4 page at 200 dpi). Every profile is straightened (deskew) and
cut to the paper (the scanner bed's margins removed); a small card on a large bed keeps only the
card. Matching is on the folded (unaccented, lower-case) paper name, first match wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterdesk.domain.text import fold

COLOUR, GREY, BW = "colour", "grey", "bw"


@dataclass(frozen=True)
class ScanProfile:
    mode: str  # colour|grey|bw
    deskew: bool = True
    crop: bool = True


TEXT = ScanProfile(BW)
# (folded words, profile), first match wins; words end with a space where a prefix would be wrong.
PROFILES: tuple[tuple[tuple[str, ...], ScanProfile], ...] = (
    (("ban do", "so do", "ban ve", "trich do", "mau sac"), ScanProfile(COLOUR)),
    (("can cuoc", "chung minh", "ho chieu", "dinh danh", "anh ", "the bao hiem", "giay phep lai xe"),
     ScanProfile(GREY)),
)


def profile_for(document_name: str) -> ScanProfile:
    """The processing profile of a paper by its name (a text page when nothing matches)."""
    key = f"{fold(document_name)} "
    for words, profile in PROFILES:
        if any(word in key for word in words):
            return profile
    return TEXT
