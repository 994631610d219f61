"""Labels whose Vietnamese stacked marks (Ồ, Ẫ, Ỗ, Ữ) are never cut off.

Qt sizes a label from the font's ascent and descent and clips the text to that box, but the ink
of a mark over a mark rises above the ascent: "TRA CỨU HỒ SƠ" read "HÔ" and "CÁC SỐ VỪA GỌI"
read "SÔ" at large sizes. ``MarkSafeLabel`` measures the real ink of the tallest stacked
capitals in its own font and keeps that much room above and below its centred text.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget

STACKED = "ỒẪỖỮẤỀỂỄỰỲẬỴ"  # capitals with a mark over a mark (and dots below): the tallest ink


def mark_room(font: QFont) -> int:
    """Pixels the ink of stacked marks reaches beyond the font's ascent (or below its descent)."""
    metrics = QFontMetricsF(font)
    ink = metrics.tightBoundingRect(STACKED)
    above = -ink.top() - metrics.ascent()
    below = ink.bottom() - metrics.descent()
    return max(0, math.ceil(max(above, below)) + 1)


class MarkSafeLabel(QLabel):
    """A QLabel with room for stacked marks: its text is centred vertically in a box that much taller."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(self.alignment())

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        horizontal = alignment & Qt.AlignmentFlag.AlignHorizontal_Mask
        super().setAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def _room(self) -> int:
        return 2 * mark_room(self.font())

    def sizeHint(self) -> QSize:
        return super().sizeHint() + QSize(0, self._room())

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() + QSize(0, self._room())

    def heightForWidth(self, width: int) -> int:
        height = super().heightForWidth(width)
        return height if height < 0 else height + self._room()
