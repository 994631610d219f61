"""Dispenser, desk calling panel and lobby display driven like a user would (pytest-qt, offscreen)."""

from __future__ import annotations

from escpos.printer import Dummy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counterdesk.domain.roles import CLERK, DEVICE, Actor
from counterdesk.printing.ticket import PROFILE, EscposPrinter, escpos_bytes
from counterdesk.services import queue
from counterdesk.ui.app import build_window
from counterdesk.ui.desk.queue_panel import QueuePanel
from counterdesk.ui.dispenser.window import DispenserWindow
from counterdesk.ui.display.window import POLL_MS, DisplayWindow

DEVICE_ACTOR = Actor(user_id=None, username="dispenser", role=DEVICE)
CLERK_ACTOR = Actor(user_id=None, username="canbo1", role=CLERK)


def test_dispenser_press_stores_then_prints(qtbot, sqlite_store) -> None:
    dummy = Dummy(profile=PROFILE)
    window = DispenserWindow(sqlite_store, DEVICE_ACTOR, printer=EscposPrinter(lambda: dummy, "thử", check_paper=False))
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.priority, Qt.MouseButton.LeftButton)
    assert window.priority.isChecked()
    qtbot.mouseClick(window.buttons["B"], Qt.MouseButton.LeftButton)
    issued = window.last_issued
    assert issued is not None and issued.ticket.number == "B001" and issued.ticket.priority
    assert not window.priority.isChecked()  # the next citizen starts without priority
    def ready() -> None:
        assert queue.get_ticket(sqlite_store, issued.ticket.id).printed

    qtbot.waitUntil(ready, timeout=5000)
    assert bytes(dummy.output) == escpos_bytes(queue.slip(queue.slip_data(sqlite_store, issued.ticket.id)))
    def ready() -> None:
        assert "Mời nhận phiếu" in window.result.text()

    qtbot.waitUntil(ready, timeout=2000)
    assert "B001" in window.result.text()
    assert "1 người" in window.buttons["B"].count.text()


def test_dispenser_printer_failure_keeps_the_ticket_and_desk_reprints(qtbot, sqlite_store) -> None:
    def offline() -> Dummy:
        raise OSError("connection refused")

    window = DispenserWindow(sqlite_store, DEVICE_ACTOR, printer=EscposPrinter(offline, "mạng 10.0.0.9:9100"))
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.buttons["A"], Qt.MouseButton.LeftButton)
    def ready() -> None:
        assert "Máy in hết giấy/mất kết nối" in window.result.text()

    qtbot.waitUntil(ready, timeout=5000)
    assert "A001" in window.result.text()
    kept = queue.find_ticket(sqlite_store, "A001")
    assert kept.state == "waiting" and not kept.printed
    assert all(b.isEnabled() for b in window.buttons.values())

    dummy = Dummy(profile=PROFILE)
    panel = QueuePanel(sqlite_store, CLERK_ACTOR, printer=EscposPrinter(lambda: dummy, "thử", check_paper=False))
    qtbot.addWidget(panel)
    assert panel.reprint("a001") is not None
    def ready() -> None:
        assert queue.get_ticket(sqlite_store, kept.id).printed

    qtbot.waitUntil(ready, timeout=5000)
    assert dummy.output
    def ready() -> None:
        assert "Đã in lại phiếu A001" in panel.message.text()

    qtbot.waitUntil(ready, timeout=2000)


def _press(qtbot, window, key: Qt.Key) -> None:
    qtbot.keyClick(window, key)
    QApplication.processEvents()


def test_desk_shortcuts_call_recall_no_show_serve_finish(qtbot, sqlite_store) -> None:
    for priority in (False, True, False):
        queue.issue_ticket(sqlite_store, DEVICE_ACTOR, "A", priority=priority)
    window = build_window("desk", sqlite_store, CLERK_ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(50)  # let activation settle before typing, as a person would
    panel = window.queue_panel
    assert window.tabs.widget(0) is panel
    assert panel.waiting.count() == 3 and panel.waiting.item(0).text().startswith("A002")

    _press(qtbot, window, Qt.Key.Key_F5)
    assert panel.number_label.text() == "A002"  # priority first
    _press(qtbot, window, Qt.Key.Key_F6)
    assert queue.current_ticket(sqlite_store, panel.counter).recall_count == 1
    _press(qtbot, window, Qt.Key.Key_F7)
    assert queue.find_ticket(sqlite_store, "A002").state == "no_show"
    assert panel.absent.count() == 1 and panel.number_label.text() == "—"

    _press(qtbot, window, Qt.Key.Key_F5)
    assert panel.number_label.text() == "A001"
    window.tabs.setCurrentIndex(1)  # shortcuts still work from another tab (intake form)
    with qtbot.waitSignal(panel.serving_started, timeout=2000) as signal:
        _press(qtbot, window, Qt.Key.Key_F4)
    assert signal.args == [queue.find_ticket(sqlite_store, "A001").id, "A001"]
    _press(qtbot, window, Qt.Key.Key_F9)
    assert queue.find_ticket(sqlite_store, "A001").state == "done"
    window.tabs.setCurrentIndex(0)

    _press(qtbot, window, Qt.Key.Key_F5)
    _press(qtbot, window, Qt.Key.Key_F5)  # refused: the called ticket must be settled first
    assert "F7" in panel.message.text()
    panel.transfer_to(line="B")
    assert queue.find_ticket(sqlite_store, "A003").line == "B"
    queue.issue_ticket(sqlite_store, DEVICE_ACTOR, "C")
    _press(qtbot, window, Qt.Key.Key_F5)
    assert panel.number_label.text() == "A003"  # transferred ticket kept its place, ahead of C001
    _press(qtbot, window, Qt.Key.Key_F9)
    _press(qtbot, window, Qt.Key.Key_F5)
    _press(qtbot, window, Qt.Key.Key_F9)
    _press(qtbot, window, Qt.Key.Key_F5)
    assert "Không có công dân nào đang chờ" in panel.message.text()


def test_display_shows_a_call_from_another_counter(qtbot, sqlite_store) -> None:
    queue.issue_ticket(sqlite_store, DEVICE_ACTOR, "A")
    queue.issue_ticket(sqlite_store, DEVICE_ACTOR, "B")
    queue.call_next(sqlite_store, CLERK_ACTOR, 1)  # before the screen starts: shown, not announced
    window = DisplayWindow(sqlite_store, Actor(user_id=None, username="tv", role=DEVICE))
    qtbot.addWidget(window)
    window.show()
    assert window.latest_number.text() == "A001" and window.announcer.history == []
    assert "1</b> người" in window.count_labels["B"].text()

    assert POLL_MS <= 1000  # a call at another counter shows within a second (the poll interval)
    queue.call_next(sqlite_store, CLERK_ACTOR, 3)

    def shown() -> None:
        assert window.latest_number.text() == "B001"

    qtbot.waitUntil(shown, timeout=5000)
    assert "QUẦY 3" in window.latest_counter.text()
    assert window.rows[0].text().startswith("A001")
    assert window.announcer.history == ["Mời công dân có số bê không không một đến quầy số ba."]
    def ready() -> None:
        assert "0</b> người" in window.count_labels["B"].text()

    qtbot.waitUntil(ready, timeout=1000)

    queue.recall(sqlite_store, CLERK_ACTOR, 3)
    def ready() -> None:
        assert len(window.announcer.pending) == 1

    qtbot.waitUntil(ready, timeout=1000)
    assert [r.text() for r in window.rows[:2]] == ["A001  →  Quầy 1", ""]  # a recall is not listed twice
    # said after the first announcement ends, never over it
    def ready() -> None:
        assert list(window.announcer.pending) == [("B001", 3)]

    qtbot.waitUntil(ready, timeout=1000)
    assert window.announcer.busy and len(window.announcer.history) == 1




def test_display_fits_a_720p_screen_and_grows_on_a_1080p_one(qtbot, sqlite_store) -> None:
    for line in "ABCD":
        queue.issue_ticket(sqlite_store, DEVICE_ACTOR, line)
    queue.call_next(sqlite_store, CLERK_ACTOR, 1)
    window = DisplayWindow(sqlite_store, Actor(user_id=None, username="tv", role=DEVICE))
    qtbot.addWidget(window)
    sizes = {}
    for width, height in ((1280, 720), (1920, 1080)):
        window.resize(width, height)
        window.show()
        def resized(w: int = width) -> None:
            assert window.width() == w

        qtbot.waitUntil(resized, timeout=5000)
        QApplication.processEvents()
        assert window.height() == height
        hint = window.layout().minimumSize()
        assert hint.width() <= width and hint.height() <= height  # nothing is cut off
        for label in (window.latest_number, window.latest_counter, *window.count_labels.values()):
            box = label.geometry().translated(label.parentWidget().mapTo(window, label.pos()) - label.pos())
            assert window.rect().contains(box), f"{label.objectName()} leaves the {width}×{height} screen"
        sizes[width] = window.latest_number.fontInfo().pixelSize()
    assert sizes[1920] > sizes[1280] * 1.3  # the big number grows with the screen


def test_unattended_windows_take_the_whole_screen_even_without_a_window_manager(qtbot, sqlite_store) -> None:
    window = DisplayWindow(sqlite_store, Actor(user_id=None, username="tv", role=DEVICE))
    qtbot.addWidget(window)
    window.show_for_real()
    def ready() -> None:
        assert window.isVisible()

    qtbot.waitUntil(ready, timeout=1000)
    assert window.geometry().size() == window.screen().geometry().size()
