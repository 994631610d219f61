"""Shared pieces of the supervisor's printed reports: page numbering, styles, cancel checks.

Reports are built with platypus; the canvas keeps every page until the end so that each one can
say "Trang x/y". A cooperative cancel flag is checked as each page is laid out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.progress import CancelFlag, Progress
from counterdesk.printing.fonts import SANS, SERIF, register_fonts

HEAD_BG = colors.HexColor("#e8eef7")
GRID = colors.HexColor("#7a8699")
ZEBRA = colors.HexColor("#f7f9fc")
INK = colors.HexColor("#1a202c")


class PrintCancelled(DomainError):
    """The user cancelled while the document was being laid out."""

    def __init__(self) -> None:
        super().__init__("Đã huỷ in báo cáo.")


def nfc(text: str) -> str:
    """Reportlab does not position combining marks: every string goes out precomposed."""
    return unicodedata.normalize("NFC", text)


def esc(text: str) -> str:
    """Paragraph markup escape, NFC."""
    return nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vn_datetime(moment: datetime | None) -> str:
    """"08:30 01/12/2026" in Vietnam time, whatever zone the moment carries."""
    return "" if moment is None else f"{to_vn(moment):%H:%M %d/%m/%Y}"


@contextmanager
def binary_streams() -> Iterator[None]:
    """Flate-compressed page streams without the ASCII85 layer: smaller files, faster to write."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=8, leading=10, textColor=INK)
    return {
        "cell": base,
        "cell_b": ParagraphStyle("cell_b", parent=base, fontName=f"{SANS}-Bold"),
        "cell_c": ParagraphStyle("cell_c", parent=base, alignment=TA_CENTER),
        "cell_r": ParagraphStyle("cell_r", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=f"{SANS}-Bold", alignment=TA_CENTER),
        "org": ParagraphStyle("org", fontName=SERIF, fontSize=11, leading=14, alignment=TA_CENTER),
        "org_b": ParagraphStyle("org_b", fontName=f"{SERIF}-Bold", fontSize=11, leading=14, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f"{SERIF}-Bold", fontSize=15, leading=20, alignment=TA_CENTER,
                                spaceBefore=6, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=f"{SERIF}-Italic", fontSize=11, leading=14,
                                   alignment=TA_CENTER, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=f"{SANS}-Bold", fontSize=10.5, leading=14, spaceBefore=10,
                             spaceAfter=4, textColor=colors.HexColor("#0b3d91")),
        "body": ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14, alignment=TA_LEFT),
        "sign": ParagraphStyle("sign", fontName=f"{SERIF}-Bold", fontSize=11, leading=14, alignment=TA_CENTER),
        "sign_i": ParagraphStyle("sign_i", fontName=f"{SERIF}-Italic", fontSize=10, leading=13, alignment=TA_CENTER),
        "form_no": ParagraphStyle("form_no", fontName=f"{SERIF}-Italic", fontSize=9, leading=11, alignment=TA_RIGHT),
    }


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text), style)


def numbered_canvas(footer_left: str, cancel: CancelFlag | None = None, progress: Progress | None = None,
                    expected_pages: int = 1) -> type[Canvas]:
    """A canvas class that writes "Trang x/y" and a footer once the page count is known."""
    register_fonts()
    footer = nfc(footer_left)

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            if cancel is not None and cancel():
                raise PrintCancelled()
            if progress is not None:
                done = len(self._pages)  # past an estimate that fell short, keep the bar short of full
                progress(done, expected_pages if done <= expected_pages else done + 1)
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            if progress is not None:
                progress(total, total)  # the last page is only known to be the last here
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(SANS, 7.5)
                self.setFillColor(colors.HexColor("#4a5568"))
                self.drawString(12 * 2.835, 8 * 2.835, footer)
                self.drawRightString(width - 12 * 2.835, 8 * 2.835, f"Trang {number}/{total}")
                super().showPage()
            super().save()

    return NumberedCanvas
