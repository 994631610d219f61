"""The stacked-marks helper catches the clipping it is meant to catch, and MarkSafeLabel prevents it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counterdesk.ui.common.marks import MarkSafeLabel, mark_room
from tests.ui.marks import ink_outside


def _label(qtbot, cls: type[QLabel], text: str, px: int) -> QLabel:
    label = cls(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"font-size: {px}px; font-weight: 700;")
    qtbot.addWidget(label)
    label.show()
    label.resize(label.sizeHint())
    return label


@pytest.mark.parametrize("text", ["TRA CỨU HỒ SƠ", "CÁC SỐ VỪA GỌI", "ẪỖỮ"])
def test_a_plain_label_cuts_stacked_marks_and_the_helper_sees_it(qtbot, text: str) -> None:
    above, _below = ink_outside(_label(qtbot, QLabel, text, 64))
    assert above > 0


def test_no_false_alarm_without_marks(qtbot) -> None:
    assert ink_outside(_label(qtbot, QLabel, "TRA CUU HO SO", 64)) == (0, 0)


@pytest.mark.parametrize("px", [18, 30, 64, 210])
@pytest.mark.parametrize("text", ["TRA CỨU HỒ SƠ", "CÁC SỐ VỪA GỌI", "Ỗ Ữ Ẫ Ồ ỵ Ậ"])
def test_mark_safe_label_keeps_the_ink_inside(qtbot, text: str, px: int) -> None:
    label = _label(qtbot, MarkSafeLabel, text, px)
    assert ink_outside(label) == (0, 0)
    assert mark_room(label.font()) > 0
