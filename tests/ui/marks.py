"""Test helper: is the ink of a label's text (its stacked marks above all) inside the label?

Qt draws a label's text clipped to its contents box. The helper draws the same text again,
unclipped (Qt.TextDontClip), with the label's font, alignment and box, on a canvas ``PAD``
pixels taller above and below; ink in that extra room was cut off on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel, QWidget

PAD = 60


def ink_rows(label: QLabel) -> list[int]:
    """Rows of the padded canvas that carry ink of the label's text."""
    box = label.contentsRect().translated(0, PAD)
    image = QImage(label.width(), label.height() + 2 * PAD, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setFont(label.font())
    painter.setPen(QColor("black"))
    flags = int(label.alignment().value) | int(Qt.TextFlag.TextDontClip.value)
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap.value)
    painter.drawText(box, flags, label.text())
    painter.end()
    data, stride = bytes(image.constBits()), image.bytesPerLine()  # transparent is all zero bytes
    blank = bytes(stride)
    return [y for y in range(image.height()) if data[y * stride:(y + 1) * stride] != blank]


def ink_outside(label: QLabel) -> tuple[int, int]:
    """(rows of ink above the label, rows below it) — both 0 when nothing is cut off."""
    rows = ink_rows(label)
    if not rows:
        return 0, 0
    return max(0, PAD - rows[0]), max(0, rows[-1] - (PAD + label.height() - 1))


def headings(window: QWidget, min_px: int = 18) -> list[QLabel]:
    """The visible plain-text labels of ``window`` set in large type (headings, numbers, banners)."""
    found = []
    for label in window.findChildren(QLabel):
        font = label.font()
        size = font.pixelSize() if font.pixelSize() > 0 else round(font.pointSizeF() * label.logicalDpiY() / 72)
        plain = label.textFormat() == Qt.TextFormat.PlainText or (
            label.textFormat() == Qt.TextFormat.AutoText and "<" not in label.text())
        if label.isVisibleTo(window) and label.text().strip() and size >= min_px and plain:
            found.append(label)
    return found


def clipped_headings(window: QWidget, min_px: int = 18) -> list[str]:
    """Every large label of ``window`` whose ink leaves it, with how far."""
    bad = []
    for label in headings(window, min_px):
        above, below = ink_outside(label)
        if above or below:
            bad.append(f"{label.text()!r} ({label.objectName() or type(label).__name__}): "
                       f"{above} px cut above, {below} px below")
    return bad
