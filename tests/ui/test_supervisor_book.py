"""The supervisor's tracking book on screen, typed dates that take, and "today" in Vietnam time."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import sort_key
from counterdesk.domain.typed_date import parse_typed_date
from counterdesk.ui.admin import calendar_page
from counterdesk.ui.common.date_box import DateBox
from counterdesk.ui.supervisor.daily_log_panel import DailyLogPanel
from tests.ui.test_supervisor_window import _seed


@pytest.mark.parametrize("typed", ["04/12/2026", "4/12/2026", "04.12.2026", "04122026", "2026-12-04"])
def test_a_whole_date_typed_in_one_go_is_taken(qtbot, typed: str) -> None:
    box = DateBox(date(2026, 12, 3))
    qtbot.addWidget(box)
    box.show()
    changed: list[QDate] = []
    box.dateChanged.connect(changed.append)
    box.edit.setFocus()
    box.edit.selectAll()
    QTest.keyClicks(box.edit, typed)  # ASCII only: keyClicks is safe here
    QTest.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.date() == QDate(2026, 12, 4) and changed == [QDate(2026, 12, 4)]
    assert box.edit.text() == "04/12/2026"


def test_a_date_that_does_not_exist_keeps_the_old_one_and_says_why(qtbot) -> None:
    box = DateBox(date(2026, 12, 3))
    qtbot.addWidget(box)
    box.edit.setText("31/02/2026")
    box.edit.editingFinished.emit()
    assert box.date() == QDate(2026, 12, 3) and "ngày/tháng/năm" in box.edit.toolTip()
    with pytest.raises(InvalidInput):
        parse_typed_date("31/02/2026")
    assert parse_typed_date("  ") is None


def test_the_days_book_is_a_table_on_screen(qtbot, sqlite_store) -> None:
    _seed(sqlite_store, 40)
    panel = DailyLogPanel(sqlite_store)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    panel.day.setDate(QDate(2026, 11, 2))
    qtbot.waitUntil(lambda: panel.log is not None and panel.log.day == date(2026, 11, 2), timeout=10_000)
    table = panel.table
    assert table.rowCount() == len(panel.log.rows) >= 1
    assert table.horizontalHeaderItem(1).text() == "Mã hồ sơ"
    assert table.item(0, 1).text() == panel.log.rows[0].code
    assert "hồ sơ tiếp nhận" in panel.count.text()
    table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    names = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert names == sorted(names, key=sort_key)
    panel.day.setDate(QDate(2026, 10, 1))  # a day with nothing received
    qtbot.waitUntil(lambda: panel.log is not None and panel.log.day == date(2026, 10, 1), timeout=10_000)
    assert table.rowCount() == 0 and "chưa tiếp nhận hồ sơ nào" in panel.count.text()


def test_admin_calendar_starts_on_the_vietnamese_day(qtbot, sqlite_store, monkeypatch) -> None:
    # 23:30 UTC on 3 December is already 4 December in Hà Nội
    monkeypatch.setattr(calendar_page, "now_vn", lambda: datetime(2026, 12, 4, 6, 30, tzinfo=VN_TZ))
    page = calendar_page.CalendarPage(sqlite_store, Actor(user_id=None, username="admin", role="admin"))
    qtbot.addWidget(page)
    assert page.month.selectedDate() == QDate(2026, 12, 4)
