"""Vietnamese-capable fonts for reportlab, shipped in resources/fonts (DejaVu, permissive licence).

The PDF built-in fonts have no Vietnamese glyphs; these TTFs are embedded as subsets with a
ToUnicode map, so the text extracts back as NFC Vietnamese.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counterdesk.paths import resource_path

SERIF = "CDSerif"  # forms (closest shipped face to the Times New Roman of official forms)
SANS = "CDSans"  # logs, tables, tickets

_FACES = {
    SERIF: ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
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
