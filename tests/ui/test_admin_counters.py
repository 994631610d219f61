"""Admin "Quầy và dãy số": add a counter and a line, map them, retire; refusals under their field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counterdesk.domain.roles import ADMIN, Actor
from counterdesk.services import counters
from counterdesk.ui.admin.counters_page import CountersPage
from counterdesk.ui.admin.window import AdminWindow
from tests.helpers.store_state import fingerprint

ADMIN1 = Actor(user_id=None, username="admin", role=ADMIN)


def _page(qtbot, store) -> CountersPage:  # type: ignore[no-untyped-def]
    page = CountersPage(store, ADMIN1)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


def test_add_counter_and_line_then_map_and_retire(qtbot, sqlite_store) -> None:
    page = _page(qtbot, sqlite_store)
    assert page.counter_table.rowCount() == 4
    page.counter_number.setValue(5)
    page.counter_name.setText("Quầy Đất đai")  # keyClicks types ASCII only
    qtbot.mouseClick(page.add_counter_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Đã thêm quầy số 5."
    assert page.counter_table.rowCount() == 5 and page.counter_table.item(4, 1).text() == "Quầy Đất đai"

    qtbot.keyClicks(page.line_prefix, "e")
    page.line_name.setText("Đất đai")
    page.line_cap.setValue(40)
    qtbot.mouseClick(page.add_line_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Đã thêm dãy số E."
    page.line_counter.setCurrentIndex(page.line_counter.findData(5))
    qtbot.mouseClick(page.map_button, Qt.MouseButton.LeftButton)
    assert [r.lines for r in counters.list_counters(sqlite_store) if r.number == 5] == [("E",)]
    assert page.line_table.item(5, 5).text() == "5"

    page.counter_table.selectRow(4)  # choosing a row fills the form
    assert page.counter_number.value() == 5 and page.counter_name.text() == "Quầy Đất đai"
    qtbot.mouseClick(page.retire_counter_button, Qt.MouseButton.LeftButton)
    assert page.counter_table.item(4, 2).text() == "Đã ngừng"
    assert page.line_counter.findData(5) == -1  # a retired counter is offered no lines


def test_refusals_show_under_their_field_and_change_nothing(qtbot, sqlite_store) -> None:
    page = _page(qtbot, sqlite_store)
    before = fingerprint(sqlite_store)
    page.counter_number.setValue(1)
    qtbot.mouseClick(page.add_counter_button, Qt.MouseButton.LeftButton)
    error = page.counter_form.errors["number"]
    assert error.isVisible() and error.text() == "Đã có quầy số 1 (đang hoạt động)."
    qtbot.keyClicks(page.line_prefix, "F")
    page.line_name.setText("Thử")
    page.line_first.setValue(50)
    page.line_last.setValue(10)
    qtbot.mouseClick(page.add_line_button, Qt.MouseButton.LeftButton)
    assert page.line_form.errors["last_number"].isVisible()
    assert not page.counter_form.errors["number"].isVisible()  # the previous refusal is cleared
    assert page.message.text() == ""
    assert fingerprint(sqlite_store) == before


def test_admin_window_has_the_page(qtbot, sqlite_store) -> None:
    window = AdminWindow(sqlite_store, ADMIN1)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Quầy và dãy số" in titles and isinstance(window.counters_page, CountersPage)
