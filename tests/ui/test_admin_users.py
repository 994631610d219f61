"""Admin accounts page: add an account and log in with it, refusals shown, disable, reset, unlock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from counterdesk.domain.errors import PermissionDenied
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import User
from counterdesk.services import users
from counterdesk.ui.admin.account_dialogs import MISMATCH, AddAccountDialog
from counterdesk.ui.admin.users_page import UsersPage
from counterdesk.ui.app import build_window
from tests.helpers import DEMO_PASSWORD

NEW_PASSWORD = "MatKhauMoi#2026"


def _admin(store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "admin")).one()
        return users.actor_of(user)


def make_page(qtbot, store) -> UsersPage:
    page = UsersPage(store, _admin(store))
    qtbot.addWidget(page)
    page.resize(1150, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def state_of(page: UsersPage, username: str) -> str:
    for row in range(page.table.rowCount()):
        name, state = page.table.item(row, 0), page.table.item(row, 4)
        if name is not None and state is not None and name.text() == username:
            return state.text()
    raise AssertionError(f"{username} not in the table")


def fill_add_dialog(qtbot, dialog: AddAccountDialog, username: str, password: str = NEW_PASSWORD,
                    confirm: str | None = None) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    dialog.full_name.setText("Võ Thị Hoà")
    dialog.role.setCurrentIndex(dialog.role.findData(SUPERVISOR))
    dialog.counter.setCurrentIndex(dialog.counter.findData(2))
    dialog.password.setText(password)
    dialog.confirm.setText(password if confirm is None else confirm)


def test_table_lists_the_demo_accounts(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]  # type: ignore[union-attr]
    assert {"admin", "lanhdao", "canbo1", "canbo2"} <= set(names)
    assert state_of(page, "canbo1") == "Hoạt động"
    row = names.index("canbo1")
    assert page.table.item(row, 2).text() == "Cán bộ một cửa"  # type: ignore[union-attr]
    assert page.table.item(row, 3).text() == "Quầy 1"  # type: ignore[union-attr]
    assert not page.reset_button.isEnabled()  # nothing selected yet


def test_add_account_then_log_in_with_it(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    dialog = page.add_dialog()
    qtbot.addWidget(dialog)
    fill_add_dialog(qtbot, dialog, "phutrach2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == AddAccountDialog.DialogCode.Accepted, dialog.message.text()
    page.account_added(dialog)
    assert "Đã tạo tài khoản phutrach2" in page.message.text()
    assert state_of(page, "phutrach2") == "Hoạt động"
    assert page.selected() is not None and page.selected().username == "phutrach2"  # type: ignore[union-attr]
    actor = users.login(sqlite_store, "phutrach2", NEW_PASSWORD)
    assert actor.role == SUPERVISOR and actor.counter_id is not None
    info = next(u for u in users.list_users(sqlite_store) if u.username == "phutrach2")
    assert info.full_name == "Võ Thị Hoà"


@pytest.mark.parametrize(("username", "password", "confirm", "field", "words"), [
    ("Lê Hoa", NEW_PASSWORD, None, "username", "Tên đăng nhập gồm"),
    ("canbo1", NEW_PASSWORD, None, "username", "đã có"),
    ("hoa", "ngan", None, "password", "ít nhất 8"),
    ("hoa", NEW_PASSWORD, "khac-hoan-toan", "confirm", MISMATCH),
])
def test_refused_account_shows_why_and_adds_nothing(qtbot, sqlite_store, username: str, password: str,
                                                   confirm: str | None, field: str, words: str) -> None:
    page = make_page(qtbot, sqlite_store)
    before = users.list_users(sqlite_store)
    dialog = page.add_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_add_dialog(qtbot, dialog, "x")
    dialog.username.setText(username)  # may hold Vietnamese letters: setText, not keyClicks
    dialog.password.setText(password)
    dialog.confirm.setText(password if confirm is None else confirm)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != AddAccountDialog.DialogCode.Accepted
    assert words in dialog.error_text(field)
    assert dialog.errors[field].isVisible()
    assert users.list_users(sqlite_store) == before


def test_disable_and_enable_an_account(qtbot, sqlite_store, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(qtbot, sqlite_store)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select("canbo2")
    assert page.active_button.text() == "&Khoá tài khoản"
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert state_of(page, "canbo2") == "Đã khoá"
    assert page.active_button.text() == "&Mở khoá tài khoản"
    with pytest.raises(PermissionDenied):
        users.login(sqlite_store, "canbo2", DEMO_PASSWORD)
    assert page.toggle_active()
    assert state_of(page, "canbo2") == "Hoạt động"
    assert users.login(sqlite_store, "canbo2", DEMO_PASSWORD).role == CLERK


def test_admin_cannot_disable_own_account(qtbot, sqlite_store, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(qtbot, sqlite_store)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.select("admin")
    assert not page.toggle_active(ask=True)  # the administrator changed their mind: nothing asked of the service
    assert page.message.text() == ""
    assert not page.toggle_active()
    assert "Không thể tự khoá" in page.message.text()
    assert state_of(page, "admin") == "Hoạt động"


def test_reset_password(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    page.select("canbo1")
    dialog = page.reset_dialog()
    assert dialog is not None and not dialog.own
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("ngan")
    dialog.confirm.setText("ngan")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "ít nhất 8" in dialog.error_text("password") and dialog.isVisible()
    dialog.password.setText(NEW_PASSWORD)
    dialog.confirm.setText(NEW_PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    page.password_reset(dialog)
    assert "Đã đặt mật khẩu mới cho canbo1" in page.message.text()
    assert users.login(sqlite_store, "canbo1", NEW_PASSWORD).username == "canbo1"
    with pytest.raises(PermissionDenied):
        users.login(sqlite_store, "canbo1", DEMO_PASSWORD)


def test_own_password_needs_the_current_one(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    page.select("admin")
    dialog = page.reset_dialog()
    assert dialog is not None and dialog.own
    qtbot.addWidget(dialog)
    dialog.old_password.setText("khong-dung-dau")
    dialog.password.setText(NEW_PASSWORD)
    dialog.confirm.setText(NEW_PASSWORD)
    dialog.submit()
    assert "Mật khẩu hiện tại không đúng" in dialog.error_text("old_password")
    assert users.login(sqlite_store, "admin", DEMO_PASSWORD).username == "admin"


def test_unlock_a_locked_account(qtbot, sqlite_store) -> None:
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            users.login(sqlite_store, "canbo2", "sai-mat-khau")
    page = make_page(qtbot, sqlite_store)
    assert state_of(page, "canbo2").startswith("Tạm khoá đến ")
    page.select("canbo1")
    assert not page.unlock_button.isEnabled()
    page.select("canbo2")
    assert page.unlock_button.isEnabled()
    with pytest.raises(PermissionDenied):
        users.login(sqlite_store, "canbo2", DEMO_PASSWORD)  # right password, still locked
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert "Đã gỡ tạm khoá tài khoản canbo2" in page.message.text()
    assert state_of(page, "canbo2") == "Hoạt động"
    assert not page.unlock_button.isEnabled()
    assert users.login(sqlite_store, "canbo2", DEMO_PASSWORD).username == "canbo2"


def test_admin_window_has_the_accounts_and_catalogue_tabs(qtbot, sqlite_store) -> None:
    window = build_window("admin", sqlite_store, _admin(sqlite_store))
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Thiết lập cơ quan", "Lịch làm việc", "Danh mục thủ tục", "Tài khoản", "Quầy và dãy số"]
