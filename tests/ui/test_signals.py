"""Thousands of emits (an all-day window) must not eat the interpreter's references to True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from counterdesk.ui.common.signals import emit


class _Ticker(QObject):
    tick = Signal(int)


def test_emitting_all_day_keeps_the_reference_count_of_true(qtbot) -> None:
    ticker = _Ticker()
    seen: list[int] = []
    ticker.tick.connect(seen.append)
    before = sys.getrefcount(True)
    for n in range(5000):  # more than the references True starts with: the unpatched emit aborts
        emit(ticker.tick, n)
    assert len(seen) == 5000
    assert abs(sys.getrefcount(True) - before) < 50
