"""The lookup kiosk: scans, bad input, privacy, idle return, rating and the lock-down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar
from sqlalchemy import select

from counterdesk.domain import receipt_qr
from counterdesk.domain.roles import DEVICE, SYSTEM_ACTOR, Actor
from counterdesk.models import Rating
from counterdesk.services import kiosk, lifecycle, settings
from counterdesk.ui.kiosk.window import KioskWindow
from tests.factories import make_applicant, make_dossier, vn

DEVICE_ACTOR = Actor(user_id=None, username="kiosk", role=DEVICE)
PRIVATE = ("001090123456", "0912345678", "Số 7 Phường Sài Gòn", "Nguyễn Văn An", "Văn An")
BAD_INPUT = [
    "hello world", "x" * 10_000,
    "'; DROP TABLE dossier; --", "SELECT * FROM applicant", "000.00.01.H29-2611đ16-0001",
    "đ" * 50, "CD1|000.00.01.H29-261116-0001|AAAAAAAAAAAAAAAA", "CD1|||||",
]


@pytest.fixture
def code(sqlite_store) -> str:
    with sqlite_store.write() as s:
        a = make_applicant(s, "Nguyễn Văn An", "001090123456", phone="0912345678",
                           address="Số 7 Phường Sài Gòn, TP. Hồ Chí Minh")
        return make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), applicant=a).code


@pytest.fixture
def window(qtbot, sqlite_store) -> KioskWindow:
    w = KioskWindow(sqlite_store, DEVICE_ACTOR, idle_ms=300)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w._may_close = True  # let pytest-qt tear it down


def _scan(qtbot, w: KioskWindow, text: str) -> None:
    """Type like a scanner (or an input method): one key event per character, then Enter.

    QTest.keyClicks only knows ASCII, so the events are built by hand with their text.
    """
    w.scan.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(w.scan, QKeyEvent(kind, Qt.Key.Key_unknown if not ch.isascii() else
                                                     _key(ch), Qt.KeyboardModifier.NoModifier, ch))
    qtbot.keyClick(w.scan, Qt.Key.Key_Return)


def _key(ch: str) -> int:
    return ord(ch.upper()) if ch.isprintable() else int(Qt.Key.Key_unknown)


def test_scan_of_qr_shows_public_view_then_returns_to_idle(qtbot, window: KioskWindow, sqlite_store, code: str) -> None:
    lifecycle.result_ready(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
    _scan(qtbot, window, receipt_qr.payload(code, settings.get(sqlite_store, "qr.secret")))
    def ready() -> None:
        assert window.stack.currentWidget() is window.result_page

    qtbot.waitUntil(ready, timeout=5000)
    shown = window.shown_text()
    assert "Đã có kết quả" in shown and "Nguyễn V. A." in shown and "Cấp Giấy xác nhận tình trạng hôn nhân" in shown
    assert "09:00 19/11/2026" in shown and "Quầy trả kết quả" in shown
    for secret in PRIVATE:
        assert secret not in shown
    assert window.scan.hasFocus() or not window.isActiveWindow()
    def ready() -> None:
        assert window.stack.currentWidget() is window.idle_page

    qtbot.waitUntil(ready, timeout=5000)


def test_bare_barcode_code_works(qtbot, window: KioskWindow, code: str) -> None:
    _scan(qtbot, window, code)
    def ready() -> None:
        assert window.view is not None

    qtbot.waitUntil(ready, timeout=5000)
    assert window.view is not None and window.view.code == code
    assert "đang chờ chuyển" in window.status_label.text()


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_scans_get_a_friendly_message(qtbot, window: KioskWindow, code: str, text: str) -> None:
    _scan(qtbot, window, text)
    def ready() -> None:
        assert window.stack.currentWidget() is window.message_page

    qtbot.waitUntil(ready, timeout=5000)
    assert window.message.text()
    assert "Traceback" not in window.message.text() and "Error" not in window.message.text()
    assert window.scan.text() == ""
    assert len(window.scan.text()) <= window.scan.maxLength()


def test_control_characters_never_reach_a_lookup(qtbot, window: KioskWindow, code: str) -> None:
    _scan(qtbot, window, "\x1b\x1b\x07\x00")  # typed: the input drops them, nothing happens
    qtbot.wait(100)
    assert window.stack.currentWidget() is window.idle_page
    window.scan.setText(f"{code}\x01\x02")  # pasted/injected past the keyboard: refused by the service
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    def ready() -> None:
        assert window.stack.currentWidget() is window.message_page

    qtbot.waitUntil(ready, timeout=5000)
    assert "Không đọc được mã" in window.message.text()


def test_input_is_capped(qtbot, window: KioskWindow) -> None:
    qtbot.keyClicks(window.scan, "9" * 1000)
    assert len(window.scan.text()) == window.scan.maxLength() == 200


def test_forged_qr_is_told_kindly(qtbot, window: KioskWindow, code: str) -> None:
    _scan(qtbot, window, receipt_qr.payload(code, "forged-secret"))
    def ready() -> None:
        assert window.stack.currentWidget() is window.message_page

    qtbot.waitUntil(ready, timeout=5000)
    assert "không phải do Trung tâm cấp" in window.message.text()


def test_unknown_code(qtbot, window: KioskWindow) -> None:
    _scan(qtbot, window, "000.00.01.H29-261116-0777")
    def ready() -> None:
        assert window.stack.currentWidget() is window.message_page

    qtbot.waitUntil(ready, timeout=5000)
    assert "Không tìm thấy" in window.message.text()


def test_rating_after_return_needs_reason_when_unhappy(qtbot, window: KioskWindow, sqlite_store, code: str) -> None:
    lifecycle.result_ready(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
    lifecycle.return_result(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T11:00"))
    window.idle_ms = 30_000
    _scan(qtbot, window, code)
    def ready() -> None:
        assert window.view is not None

    qtbot.waitUntil(ready, timeout=5000)
    assert window.rating_box.isVisible()
    qtbot.mouseClick(window.rate_buttons[1], Qt.MouseButton.LeftButton)
    assert window.reason_box.isVisible()
    qtbot.mouseClick(window.send_reason, Qt.MouseButton.LeftButton)
    assert "lý do" in window.rating_error.text()
    qtbot.mouseClick(window.reason_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.send_reason, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.message_page and "cảm ơn" in window.message_title.text()
    with sqlite_store.read() as s:
        assert [(r.score, r.reason) for r in s.scalars(select(Rating))] == [(1, "Phải chờ lâu")]
    _scan(qtbot, window, code)
    def ready() -> None:
        assert window.stack.currentWidget() is window.result_page

    qtbot.waitUntil(ready, timeout=5000)
    assert not window.rating_box.isVisible()  # once per dossier


def test_cannot_be_closed_and_ignores_escape_and_alt_f4(qtbot, window: KioskWindow) -> None:
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted()
    assert window.close() is False and window.isVisible()
    for key, mods in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)):
        qtbot.keyClick(window.scan, key, mods)
        qtbot.keyClick(window, key, mods)
        assert window.isVisible()
    assert KioskWindow.is_blocked_key(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier))
    assert window.findChildren(QMenuBar) == [] and window.findChildren(QMenu) == []
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_hidden_combo_asks_pin_and_only_the_right_pin_unlocks(qtbot, window: KioskWindow, sqlite_store) -> None:
    kiosk.set_pin(sqlite_store, "246810")
    qtbot.keyClick(window.scan, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    def ready() -> None:
        assert window.pin_dialog is not None

    qtbot.waitUntil(ready, timeout=2000)
    assert window.pin_dialog is not None
    window.pin_dialog.edit.setText("111111")
    window.pin_dialog.accept()
    assert window.isVisible() and window.pin_dialog is None
    window.ask_pin()
    assert window.pin_dialog is not None
    window.pin_dialog.edit.setText("246810")
    with qtbot.waitSignal(window.unlocked, timeout=2000):
        window.pin_dialog.accept()
    assert not window.isVisible()


def test_pin_locks_after_repeated_failures(qtbot, window: KioskWindow, sqlite_store) -> None:
    kiosk.set_pin(sqlite_store, "2468")
    for _ in range(5):
        window.ask_pin()
        assert window.pin_dialog is not None
        window.pin_dialog.edit.setText("0000")
        window.pin_dialog.accept()
    assert window.pin_locked()
    window.ask_pin()
    assert window.pin_dialog is not None
    window.pin_dialog.edit.setText("2468")  # right PIN, but locked for a minute
    window.pin_dialog.accept()
    assert window.isVisible()


def test_without_a_pin_nobody_leaves(sqlite_store) -> None:
    assert kiosk.check_pin(sqlite_store, "") is False
    assert kiosk.check_pin(sqlite_store, "1234") is False
    with pytest.raises(Exception, match="4 đến 12"):
        kiosk.set_pin(sqlite_store, "12a")


def test_rapid_scans_show_only_the_last_answer(qtbot, window: KioskWindow, code: str) -> None:
    window.idle_ms = 30_000
    for text in ("rác", "000.00.01.H29-261116-0777", code):
        window.scan.setText(text)
        qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    def ready() -> None:
        assert len(window.jobs) == 0

    qtbot.waitUntil(ready, timeout=5000)
    assert window.view is not None and window.view.code == code
    assert window.stack.currentWidget() is window.result_page
