"""Vietnamese-capable fonts for reportlab, shipped in resources/fonts (freely licensed).

Official documents are set in a Times New Roman face (Nghị định 30/2020/NĐ-CP, Phụ lục I), so every
form uses Liberation Serif: metric-compatible with Times New Roman (same advance widths, so a line
breaks where it would in Times), full Vietnamese coverage, SIL Open Font License 1.1 (from Debian's
fonts-liberation2). DejaVu Sans stays for tickets and report tables. The PDF built-in fonts have no
Vietnamese glyphs; these TTFs are embedded as subsets with a ToUnicode map, so the text extracts
back as NFC Vietnamese.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counterdesk.paths import resource_path

SERIF = "CDSerif"  # every official form: Liberation Serif, Times New Roman metrics
SANS = "CDSans"  # logs, tables, tickets

_FACES = {
    SERIF: ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf"),
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
}


@cache
def register_fonts() -> None:
    """Register both families once per process (regular, bold, italic, bold italic + <b>/<i> mapping)."""
    for family, files in _FACES.items():
        names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
        for name, file in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
        addMapping(family, 0, 0, names[0])
        addMapping(family, 1, 0, names[1])
        addMapping(family, 0, 1, names[2])
        addMapping(family, 1, 1, names[3])


def font_file(bold: bool = False) -> str:
    """Path of the sans TTF (for Pillow-rendered thermal tickets)."""
    return str(resource_path("fonts", "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
