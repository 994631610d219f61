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
    page.edits["office.cutoff"].setText("99:99")
    page.edits["office.phone"].setText("0283 111 222")
    assert page.save() == 1
    assert "HH:MM" in page.errors["office.cutoff"].text()
    from counterdesk.services import settings

    assert settings.get(sqlite_store, "office.phone") == "0283 111 222"
    assert settings.get(sqlite_store, "office.cutoff") == "15:00"
