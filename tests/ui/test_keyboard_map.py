"""One keyboard map per window: no key bound twice where both could fire; card scans land wherever focus is;
quitting never leaves a called ticket dangling."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from sqlalchemy import select

from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.models import User
from counterdesk.services import queue
from counterdesk.store.uow import Store
from counterdesk.ui.app import build_window
from counterdesk.ui.common.lazy_page import LazyPage
from counterdesk.ui.desk.window import DeskWindow
from tests.factories import open_all_hours
from tests.ui.test_intake_form import CARD, clerk


def _actor(store: Store, username: str) -> Actor:
    with store.read() as s:
        u = s.scalars(select(User).where(User.username == username)).one()
        return Actor(u.id, u.username, u.role, u.counter_id)


def _scope(owner: QWidget, context: Qt.ShortcutContext) -> QWidget:
    return owner.window() if context in (Qt.ShortcutContext.WindowShortcut,
                                         Qt.ShortcutContext.ApplicationShortcut) else owner


def keyboard_map(window: QWidget) -> list[tuple[str, QWidget, str]]:
    """(key, the widget within which it fires, what it does) for every action and shortcut of the window."""
    found: list[tuple[str, QWidget, str]] = []
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty() and action.isEnabled():
                found.append((seq.toString(), _scope(window, action.shortcutContext()), action.text()))
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if shortcut.isEnabled() and not shortcut.key().isEmpty() and isinstance(owner, QWidget):
            found.append((shortcut.key().toString(), _scope(owner, shortcut.context()), repr(shortcut)))
    return found


def clashes(window: QWidget) -> list[str]:
    """Keys bound twice where both bindings are live at once (Qt's "Ambiguous shortcut overload")."""
    entries = keyboard_map(window)
    out = []
    for i, (key, scope, what) in enumerate(entries):
        for other_key, other_scope, other_what in entries[i + 1:]:
            if key == other_key and (scope is other_scope or scope.isAncestorOf(other_scope)
                                     or other_scope.isAncestorOf(scope)):
                out.append(f"{key}: {what} / {other_what}")
    return out


@pytest.mark.parametrize("mode, user", [("desk", "canbo1"), ("supervisor", "lanhdao"), ("admin", "admin")])
def test_every_window_has_one_keyboard_map_without_clashes(qtbot: Any, sqlite_store: Store, mode: str,
                                                            user: str) -> None:
    window = build_window(mode, sqlite_store, _actor(sqlite_store, user))
    qtbot.addWidget(window)
    window.show()
    for page in window.findChildren(LazyPage):
        page.content()  # every page, as if each tab had been opened
    entries = keyboard_map(window)
    keys = {k for k, _, _ in entries}
    assert "Ctrl+Q" in keys and "Ctrl+L" in keys
    if mode == "desk":
        assert {"F2", "F3", "F5", "F9", "Ctrl+D", "Ctrl+F", "Esc"} <= keys
    assert clashes(window) == []


def _desk(qtbot: Any, store: Store) -> DeskWindow:
    open_all_hours(store)  # tickets are called at whatever hour the suite runs
    window = DeskWindow(store, clerk(store))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def scanner_types(widget: QWidget, text: str) -> None:
    """A scanner is a keyboard: one key per character into the focused widget, then Enter."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_a_card_scanned_into_any_field_fills_the_applicant_and_leaves_the_field_as_it_was(
        qtbot: Any, sqlite_store: Store) -> None:
    window = _desk(qtbot, sqlite_store)
    form = window.intake
    window.show_intake()
    form.select_procedure("2.000815")
    form.phone.setText("0912")
    form.phone.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is form.phone
    scanner_types(form.phone, CARD)
    assert form.name.text() == "Nguyễn Văn An" and form.id_number.text() == "001090123456"
    assert form.phone.text() == "0912"  # the digits typed before the shape was known were put back
    first = form._doc_rows[0].check
    first.setFocus()
    QApplication.processEvents()
    scanner_types(first, CARD.replace("NGUYỄN VĂN AN", "TRẦN THỊ BÌNH"))  # spaces would tick a checkbox
    assert form.name.text() == "Trần Thị Bình" and not first.isChecked()


def test_a_card_scanned_on_the_queue_tab_opens_the_intake_form(qtbot: Any, sqlite_store: Store) -> None:
    window = _desk(qtbot, sqlite_store)
    window.queue_panel.waiting.setFocus()
    QApplication.processEvents()
    scanner_types(window.queue_panel.waiting, CARD)
    assert window.tabs.currentWidget() is window._intake_page
    assert window.intake.name.text() == "Nguyễn Văn An"


def test_typing_an_id_number_by_hand_is_not_taken_for_a_scan(qtbot: Any, sqlite_store: Store) -> None:
    window = _desk(qtbot, sqlite_store)
    form = window.intake
    window.show_intake()
    form.id_number.setFocus()
    QApplication.processEvents()
    for ch in "001090123456":
        QTest.keyClick(form.id_number, ch)
    assert form.id_number.text() == "001090123456" and form.name.text() == ""


@pytest.mark.parametrize("choice, state", [("finish", "done"), ("requeue", "waiting")])
def test_quitting_with_a_ticket_called_asks_and_settles_it(qtbot: Any, sqlite_store: Store, choice: str,
                                                           state: str) -> None:
    queue.issue_ticket(sqlite_store, SYSTEM_ACTOR, "A")
    window = _desk(qtbot, sqlite_store)
    called = window.queue_panel.call_next()
    assert called is not None
    window.close()  # File → Thoát / Ctrl+Q / the title bar
    assert window.isVisible() and window.quit_box is not None and window.quit_box.isVisible()
    assert called.number in window.quit_box.text()
    window.quit_buttons["stay"].click()
    assert window.isVisible() and queue.get_ticket(sqlite_store, called.id).state == "called"
    window.close()
    window.quit_buttons[choice].click()
    assert not window.isVisible()
    ticket = queue.get_ticket(sqlite_store, called.id)
    assert ticket.state == state and (ticket.counter is None) == (state == "waiting")


def test_quitting_an_idle_counter_does_not_ask(qtbot: Any, sqlite_store: Store) -> None:
    window = _desk(qtbot, sqlite_store)
    window.close()
    assert not window.isVisible() and window.quit_box is None


def test_transfer_does_not_offer_the_line_the_ticket_waits_in(qtbot: Any, sqlite_store: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    queue.issue_ticket(sqlite_store, SYSTEM_ACTOR, "A")
    window = _desk(qtbot, sqlite_store)
    assert window.queue_panel.call_next() is not None
    offered: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *args, **_kw: (offered.extend(args[3]), ("", False))[1])
    window.queue_panel.transfer()
    assert offered and not any(o.startswith("Dãy A ") for o in offered)
    assert any(o.startswith("Dãy B ") for o in offered)
    window.queue_panel.finish()
