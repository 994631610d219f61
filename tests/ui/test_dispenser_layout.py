"""The dispenser fits every screen offices have: the number a citizen takes is always on screen."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy

from counterdesk.printing.ticket import PROFILE, EscposPrinter
from counterdesk.services import queue
from counterdesk.ui.dispenser.window import DispenserWindow
from tests.ui.geometry import LANDSCAPE, PORTRAIT, layout_problems, show_at
from tests.ui.marks import clipped_headings
from tests.ui.test_queue_windows import DEVICE_ACTOR as DEVICE

PRINTER = EscposPrinter(lambda: Dummy(profile=PROFILE), "thử", check_paper=False)


def essentials(w: DispenserWindow) -> dict[str, object]:
    found = {"office": w.header, "heading": w.title, "priority": w.priority, "scan": w.scan, "result": w.result}
    found.update({f"line {p}": b for p, b in w.buttons.items()})
    return found


@pytest.mark.parametrize("size", LANDSCAPE + PORTRAIT, ids=lambda s: f"{s[0]}x{s[1]}")
def test_ticket_and_every_button_fit(qtbot, sqlite_store, size) -> None:
    w = DispenserWindow(sqlite_store, DEVICE, printer=PRINTER)
    qtbot.addWidget(w)
    show_at(qtbot, w, size)
    assert layout_problems(w, essentials(w)) == []
    issued = queue.issue_ticket(sqlite_store, DEVICE, "A")
    w._printed(issued)
    show_at(qtbot, w, size)
    assert "Mời nhận phiếu" in w.result.text() and issued.ticket.number in w.result.text()
    assert layout_problems(w, essentials(w)) == []
    assert clipped_headings(w) == []
    w._print_failed(issued, OSError("hết giấy"))
    assert layout_problems(w, essentials(w)) == []


def test_type_grows_with_the_screen(qtbot, sqlite_store) -> None:
    w = DispenserWindow(sqlite_store, DEVICE, printer=PRINTER)
    qtbot.addWidget(w)
    heights = []
    for size in ((1280, 720), (1920, 1080)):
        show_at(qtbot, w, size)
        heights.append(w.title.fontMetrics().height())
    assert heights[1] > heights[0] * 1.3
