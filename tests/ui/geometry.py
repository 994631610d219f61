"""Geometry checks for the screens offices really have: every essential widget inside the window,
no two overlapping, and no label shorter than its own text needs (text cut off)."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from counterdesk.ui.screenshot import place

LANDSCAPE = ((1280, 720), (1366, 768), (1920, 1080))
PORTRAIT = ((1080, 1920),)


def show_at(qtbot, window: QWidget, size: tuple[int, int]) -> None:
    """``window`` shown at exactly ``size`` with its layout settled."""
    place(window, *size)
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    assert (window.width(), window.height()) == size, f"window is {window.width()}×{window.height()}, not {size}"


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def text_height_needed(label: QLabel) -> int:
    if label.wordWrap() and label.hasHeightForWidth():
        return label.heightForWidth(label.width())
    return label.sizeHint().height()


def layout_problems(window: QWidget, widgets: dict[str, QWidget]) -> list[str]:
    """What is wrong with the essential ``widgets`` of ``window`` (an empty list when all is well)."""
    problems: list[str] = []
    screen = window.rect()
    rects: dict[str, QRect] = {}
    for name, widget in widgets.items():
        if not widget.isVisibleTo(window):
            problems.append(f"{name} is hidden")
            continue
        rect = rect_in(window, widget)
        rects[name] = rect
        if rect.isEmpty() or not screen.contains(rect):
            problems.append(f"{name} at {rect.getRect()} is not inside the {screen.width()}×{screen.height()} window")
        if isinstance(widget, QLabel) and widget.text():
            need = text_height_needed(widget)
            if widget.height() < need:
                problems.append(f"{name} is {widget.height()} px tall, its text needs {need}")
    for (a, ra), (b, rb) in combinations(rects.items(), 2):
        wa, wb = widgets[a], widgets[b]
        if wa.isAncestorOf(wb) or wb.isAncestorOf(wa):
            continue
        if ra.intersects(rb):
            problems.append(f"{a} {ra.getRect()} overlaps {b} {rb.getRect()}")
    return problems
