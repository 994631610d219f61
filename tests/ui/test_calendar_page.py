"""Admin calendar page: colours at a glance, edit a day, confirm a year, import/export a year file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor

from counterdesk.domain.roles import Actor
from counterdesk.services import calendar
from counterdesk.ui.admin.calendar_page import COLOURS, CalendarPage, _qdate

ADMIN = Actor(user_id=None, username="admin", role="admin")
CLERK = Actor(user_id=None, username="canbo1", role="clerk")


def _background(page: CalendarPage, d: date) -> str:
    return page.month.dateTextFormat(_qdate(d)).background().color().name()


def make_page(qtbot, store, actor: Actor = ADMIN, today: date = date(2026, 2, 12)) -> CalendarPage:
    page = CalendarPage(store, actor, today=today)
    qtbot.addWidget(page)
    page.resize(1150, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_month_view_is_colour_coded(qtbot, sqlite_store, tmp_path: Path) -> None:
    page = make_page(qtbot, sqlite_store)
    assert _background(page, date(2026, 2, 17)) == QColor(COLOURS["off"][0]).name()
    assert _background(page, date(2026, 2, 12)) == QColor(COLOURS["weekday"][0]).name()
    assert _background(page, date(2026, 2, 7)) == QColor(COLOURS["weekend"][0]).name()
    assert "Lịch chính thức" in page.status_badge.text()
    assert page.banner.isHidden()
    assert any("Tết Nguyên đán" in page.month_list.item(i).text() for i in range(page.month_list.count()))
    page.select(date(2026, 1, 10))
    assert _background(page, date(2026, 1, 10)) == QColor(COLOURS["makeup"][0]).name()
    assert "Làm bù" in page.day_state.text()
    page.grab().save(str(tmp_path / "calendar-page.png"))
    assert (tmp_path / "calendar-page.png").stat().st_size > 10_000


def test_edit_a_day_changes_due_dates(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    page.select(date(2026, 3, 11))
    page.off_radio.setChecked(True)
    page.label_edit.setText("Nghỉ sự kiện phường")
    assert page.save_day()
    assert _background(page, date(2026, 3, 11)) == QColor(COLOURS["off"][0]).name()
    assert page.month.dateTextFormat(_qdate(date(2026, 3, 11))).fontUnderline()
    assert "riêng của cơ quan" in page.day_state.text()
    with sqlite_store.read() as session:
        assert not calendar.is_working_day(session, date(2026, 3, 11))
    assert page.reset_button.isEnabled()
    assert page.reset_day()
    with sqlite_store.read() as session:
        assert calendar.is_working_day(session, date(2026, 3, 11))


def test_bad_label_is_reported_next_to_the_editor(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    page.select(date(2026, 3, 11))
    page.label_edit.setMaxLength(1000)
    page.label_edit.setText("x" * 300)
    assert not page.save_day()
    assert "200" in page.message.text()
    with sqlite_store.read() as session:
        assert calendar.is_working_day(session, date(2026, 3, 11))


def test_provisional_year_can_be_confirmed(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store, today=date(2027, 2, 5))
    assert page.banner.isVisible() and "tạm tính" in page.banner.text()
    assert page.confirm_button.isVisible()
    assert _background(page, date(2027, 2, 8)) == QColor(COLOURS["provisional"][0]).name()
    assert page.confirm_year()
    assert page.banner.isHidden() and "Đã xác nhận" in page.status_badge.text()
    assert _background(page, date(2027, 2, 8)) == QColor(COLOURS["off"][0]).name()


def test_import_and_export_year_files(qtbot, sqlite_store, tmp_path: Path) -> None:
    page = make_page(qtbot, sqlite_store, today=date(2028, 1, 10))
    bad = tmp_path / "sai.txt"
    bad.write_text("year: 2028\n2028-01-32 off Sai\n", encoding="utf-8")
    assert not page.import_file(bad)
    assert "dòng 2" in page.message.text()
    good = tmp_path / "lich-2028.txt"
    good.write_text("year: 2028\n2028-01-24..2028-01-30 off Tết Nguyên đán\n2028-02-05 working Làm bù\n", encoding="utf-8")
    assert page.import_file(good)
    assert "Đã nhập" in page.status_badge.text()
    assert _background(page, date(2028, 1, 25)) == QColor(COLOURS["off"][0]).name()
    out = tmp_path / "xuat.txt"
    assert page.export_file(out)
    assert "2028-01-24..2028-01-30" in out.read_text(encoding="utf-8")


def test_clerk_sees_but_cannot_edit(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store, actor=CLERK)
    assert not page.save_button.isEnabled() and not page.import_button.isEnabled()
    assert page.export_button.isEnabled()
