"""Login dialog, switching user at the counter and the idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counterdesk.domain.errors import PermissionDenied
from counterdesk.domain.roles import CLERK, SUPERVISOR
from counterdesk.services import settings, users
from counterdesk.services.setup import DEMO_PASSWORD
from counterdesk.ui.app import build_window
from counterdesk.ui.common.login import LoginDialog


def _type_and_login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_login_dialog_accepts_good_and_refuses_bad(qtbot, sqlite_store, tmp_path: Path) -> None:
    dialog = LoginDialog(sqlite_store, "desk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _type_and_login(qtbot, dialog, "canbo1", "sai-mat-khau")
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.error.text() == users.LOGIN_FAILED and dialog.password.text() == ""
    dialog.grab().save(str(tmp_path / "login-error.png"))
    _type_and_login(qtbot, dialog, "khong-ton-tai", "sai-mat-khau")
    assert dialog.error.text() == users.LOGIN_FAILED  # same words: no hint that the name exists
    _type_and_login(qtbot, dialog, "canbo1", DEMO_PASSWORD)
    assert dialog.actor is not None and dialog.actor.username == "canbo1" and dialog.actor.role == CLERK
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_admin_mode_refuses_a_clerk(qtbot, sqlite_store) -> None:
    dialog = LoginDialog(sqlite_store, "admin")
    qtbot.addWidget(dialog)
    _type_and_login(qtbot, dialog, "canbo1", DEMO_PASSWORD)
    assert dialog.actor is None and "không dùng được cho chế độ" in dialog.error.text()


def test_switch_user_keeps_the_window_and_changes_the_actor(qtbot, sqlite_store) -> None:
    clerk = users.login(sqlite_store, "canbo1", DEMO_PASSWORD)
    window = build_window("desk", sqlite_store, clerk)
    qtbot.addWidget(window)
    window.show()
    dialog = window.switch_user()
    assert dialog.isVisible() and not dialog.locked
    _type_and_login(qtbot, dialog, "lanhdao", DEMO_PASSWORD)
    assert window.isVisible()
    assert window.actor.username == "lanhdao" and window.actor.role == SUPERVISOR
    assert "lanhdao" in window.user_label.text()


def test_switched_actor_reaches_the_pages_and_services(qtbot, sqlite_store) -> None:
    admin = users.login(sqlite_store, "admin", DEMO_PASSWORD)
    window = build_window("admin", sqlite_store, admin)
    qtbot.addWidget(window)
    window.apply_actor(users.login(sqlite_store, "lanhdao", DEMO_PASSWORD, roles=None))
    assert window.settings_page.actor.username == "lanhdao"
    with pytest.raises(PermissionDenied):  # the service refuses, whatever the page shows
        settings.set_value(sqlite_store, "office.cutoff", "16:00", window.settings_page.actor)


def test_idle_lock_hides_the_work_until_someone_logs_in(qtbot, sqlite_store, tmp_path: Path) -> None:
    clerk = users.login(sqlite_store, "canbo1", DEMO_PASSWORD)
    window = build_window("desk", sqlite_store, clerk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.idle.set_timeout(150)
    def ready() -> None:
        assert window.locked

    qtbot.waitUntil(ready, timeout=3000)
    lock = window._lock_dialog
    assert lock is not None and lock.isVisible() and lock.locked
    assert not window.centralWidget().isVisible()
    assert lock.username.text() == "canbo1" and "khoá" in lock.reason_label.text()
    lock.reject()  # Esc / close: a locked screen stays locked
    assert lock.isVisible()
    lock.grab().save(str(tmp_path / "lock.png"))
    _type_and_login(qtbot, lock, "canbo1", "sai")
    assert window.locked
    _type_and_login(qtbot, lock, "canbo2", DEMO_PASSWORD)  # a colleague takes over the counter
    assert not window.locked and window.centralWidget().isVisible()
    assert window.actor.username == "canbo2"
    assert window.idle.timer.isActive()


def test_user_input_postpones_the_lock(qtbot, sqlite_store) -> None:
    clerk = users.login(sqlite_store, "canbo1", DEMO_PASSWORD)
    window = build_window("desk", sqlite_store, clerk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.idle.set_timeout(400)
    for _ in range(6):
        qtbot.wait(120)
        qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert not window.locked
    def ready() -> None:
        assert window.locked

    qtbot.waitUntil(ready, timeout=3000)


def test_idle_minutes_come_from_the_setting(qtbot, sqlite_store) -> None:
    from counterdesk.domain.roles import SYSTEM_ACTOR

    settings.set_value(sqlite_store, "security.idle_lock_minutes", "3", SYSTEM_ACTOR)
    window = build_window("desk", sqlite_store, users.login(sqlite_store, "canbo1", DEMO_PASSWORD))
    qtbot.addWidget(window)
    assert window.idle.timeout_ms == 3 * 60_000
    settings.set_value(sqlite_store, "security.idle_lock_minutes", "0", SYSTEM_ACTOR)
    window2 = build_window("desk", sqlite_store, users.login(sqlite_store, "canbo1", DEMO_PASSWORD))
    qtbot.addWidget(window2)
    assert not window2.idle.timer.isActive()


def test_staff_mode_without_login_is_refused(sqlite_store) -> None:
    with pytest.raises(ValueError):
        build_window("desk", sqlite_store)
