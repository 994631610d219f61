from __future__ import annotations

import pytest

from counterdesk.services import users
from counterdesk.ui.app import UNATTENDED, WINDOWS, build_window
from tests.helpers import DEMO_PASSWORD

STAFF_LOGIN = {"desk": "canbo1", "supervisor": "lanhdao", "admin": "admin"}


def _actor(store, mode: str):
    return None if mode in UNATTENDED else users.login(store, STAFF_LOGIN[mode], DEMO_PASSWORD)


@pytest.mark.parametrize("mode", sorted(WINDOWS))
def test_every_mode_opens(qtbot, sqlite_store, mode: str) -> None:
    window = build_window(mode, sqlite_store, _actor(sqlite_store, mode))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle()
    assert not window.grab().isNull()


def test_admin_settings_page_validates_next_to_field(qtbot, sqlite_store) -> None:
    window = build_window("admin", sqlite_store, _actor(sqlite_store, "admin"))
    qtbot.addWidget(window)
    page = window.settings_page
    page.edits["queue.max_recalls"].setText("99")
    page.edits["office.phone"].setText("0283 111 222")
    assert page.save() == 1
    assert "0–20" in page.errors["queue.max_recalls"].text()
    from counterdesk.services import settings

    assert settings.get(sqlite_store, "office.phone") == "0283 111 222"
    assert settings.get(sqlite_store, "queue.max_recalls") == "3"


@pytest.mark.parametrize("mode", sorted(WINDOWS))
def test_no_two_shortcuts_of_a_window_share_a_key(qtbot, sqlite_store, mode: str) -> None:
    """Two enabled shortcuts on one key make Qt warn "Ambiguous shortcut overload" and do nothing;
    the strict Qt log catches it when pressed, this finds it without pressing every key."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QShortcut

    window = build_window(mode, sqlite_store, _actor(sqlite_store, mode))
    qtbot.addWidget(window)
    window.show()
    seen: dict[tuple[int, str], str] = {}  # window-wide shortcuts only (widget-scoped ones may repeat)
    clashes = []
    widget_scoped = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)
    candidates = [(s, [s.key()]) for s in window.findChildren(QShortcut)]
    candidates += [(a, list(a.shortcuts())) for a in window.findChildren(QAction)]
    for obj, keys in candidates:
        context = obj.context() if isinstance(obj, QShortcut) else obj.shortcutContext()
        if not obj.isEnabled() or context in widget_scoped:
            continue
        for key in keys:
            text = key.toString()
            if not text:
                continue
            scope = (0, text)
            if scope in seen:
                clashes.append(f"{text}: {seen[scope]} / {obj.objectName() or type(obj).__name__}")
            seen[scope] = obj.objectName() or type(obj).__name__
    assert clashes == []
