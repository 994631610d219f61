"""No heading of any mode cuts off Vietnamese stacked marks (Ồ, Ẫ, Ỗ, Ữ), on any page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from counterdesk.ui.app import WINDOWS, build_window
from tests.ui.geometry import show_at
from tests.ui.marks import clipped_headings
from tests.ui.test_modes_smoke import _actor


def _pages(window):
    """Every tab of the window, one after the other (headings of hidden tabs are not drawn)."""
    tabs = window.findChildren(QTabWidget)
    yield "start"
    for tab in tabs:
        for i in range(tab.count()):
            tab.setCurrentIndex(i)
            QApplication.processEvents()
            yield tab.tabText(i)


@pytest.mark.parametrize("mode", sorted(WINDOWS))
def test_every_heading_keeps_its_marks(qtbot, sqlite_store, mode: str) -> None:
    window = build_window(mode, sqlite_store, _actor(sqlite_store, mode))
    qtbot.addWidget(window)
    show_at(qtbot, window, (1366, 768))
    problems = []
    for page in _pages(window):
        problems += [f"{page}: {p}" for p in clipped_headings(window, min_px=14)]
    assert problems == []
    if hasattr(window, "_may_close"):
        window._may_close = True
