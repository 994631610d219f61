"""The first-run wizard filled page by page, and the demo choice with its forced password change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counterdesk.services import office_setup, settings, setup, users
from counterdesk.ui.common.login import LoginDialog
from counterdesk.ui.setup.pages import (
    PAGE_ADMIN,
    PAGE_CALENDAR,
    PAGE_DEMO,
    PAGE_LINES,
    PAGE_OFFICE,
    PAGE_PRINTERS,
)
from counterdesk.ui.setup.wizard import SetupWizard


@pytest.fixture
def empty_store(sqlite_url: str, tmp_path: Path):
    st = setup.open_store(sqlite_url, tmp_path, seed=False)
    yield st
    st.dispose()


def test_wizard_creates_the_office_and_the_admin_logs_in(qtbot, empty_store, tmp_path: Path) -> None:
    wizard = SetupWizard(empty_store, tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentId() == PAGE_OFFICE
    wizard.office.edits["agency_code"].setText("PHUONG 1")
    wizard.next()
    assert wizard.currentId() == PAGE_OFFICE and "định danh" in wizard.office.error.text()
    wizard.office.edits["agency_code"].setText("000.00.07.h29")
    wizard.office.edits["name"].setText("Trung tâm Phục vụ hành chính công phường Bến Thành")
    wizard.office.edits["head_name"].setText("Lê Thị Thu")
    wizard.next()
    assert wizard.currentId() == PAGE_LINES
    wizard.lines.counters.setValue(2)
    wizard.lines.add_line("E", "Kinh tế", False)
    wizard.next()
    assert wizard.currentId() == PAGE_PRINTERS
    qtbot.mouseClick(wizard.printers.try_ticket_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã in phiếu thử" in wizard.printers.result.text(), timeout=15_000)
    assert list((tmp_path / "tickets").glob("*.pdf"))
    wizard.next()
    assert wizard.currentId() == PAGE_CALENDAR
    for check in wizard.calendar.checks.values():
        check.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    wizard.admin.full_name.setText("Trần Quản Trị")
    wizard.admin.password.setText("ngan")
    assert "10 ký tự" in wizard.admin.hint.text()
    wizard.admin.password.setText("Ben-Thanh-2027!")
    wizard.admin.repeat.setText("Ben-Thanh-2027!")
    wizard.accept()
    assert wizard.result() == SetupWizard.DialogCode.Accepted and wizard.created == "office"
    assert settings.get(empty_store, "office.agency_code") == "000.00.07.H29"
    assert not office_setup.is_demo(empty_store)
    dialog = LoginDialog(empty_store, "admin")
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.password.setText("Ben-Thanh-2027!")
    assert dialog.try_login() and dialog.actor is not None and dialog.actor.role == "admin"


def test_demo_is_an_explicit_choice_and_forces_a_new_password(qtbot, empty_store, tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.delenv(setup.DEMO_PASSWORD_ENV, raising=False)
    wizard = SetupWizard(empty_store, tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choice.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_DEMO
    password = wizard.demo_password
    assert password in wizard.demo.text.text()
    assert any("KHÔNG dùng cho hồ sơ thật" in label.text() for label in wizard.choice.findChildren(QLabel))
    wizard.accept()
    assert wizard.created == "demo" and office_setup.is_demo(empty_store)
    dialog = LoginDialog(empty_store, "desk")
    qtbot.addWidget(dialog)
    dialog.username.setText("canbo1")
    dialog.password.setText(password)
    assert not dialog.try_login()  # right password, but it must be replaced first
    assert dialog.form.isRowVisible(dialog.new_password) and "mật khẩu riêng" in dialog.reason_label.text()
    dialog.new_password.setText("Quay-Mot-2027")
    dialog.repeat_password.setText("Quay-Mot-2028")
    assert not dialog.try_login() and "không khớp" in dialog.error.text()
    dialog.repeat_password.setText("Quay-Mot-2027")
    assert dialog.try_login() and dialog.actor is not None
    assert users.login(empty_store, "canbo1", "Quay-Mot-2027").username == "canbo1"
