"""Settings page trial buttons: printer and portal checks run in the background and report under the field."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.printing.ticket import PrinterError
from counterdesk.services import devices, settings
from counterdesk.ui.admin.settings_page import ERROR_STYLE, OK_STYLE, SettingsPage

ADMIN = Actor(user_id=None, username="admin", role="admin")


@pytest.fixture
def page(qtbot, sqlite_store, tmp_path: Path) -> SettingsPage:
    p = SettingsPage(sqlite_store, ADMIN, home=tmp_path)
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def finish(qtbot, page: SettingsPage, button) -> None:
    def ready() -> None:
        assert button.isEnabled() and len(page.jobs) == 0

    qtbot.waitUntil(ready, timeout=10_000)
    assert page.cursor().shape() != Qt.CursorShape.WaitCursor


def test_ticket_trial_uses_the_typed_spec_and_reports_green(qtbot, page: SettingsPage, monkeypatch) -> None:
    release = threading.Event()
    calls: list[tuple[str, Path, str]] = []

    def fake(spec: str, home: Path, *, office_name: str = "") -> str:
        calls.append((spec, home, office_name))
        release.wait(5)
        return "mạng 192.168.1.50:9100"

    monkeypatch.setattr(devices, "try_ticket_printer", fake)
    page.edits["printer.ticket"].setText("network:192.168.1.50")  # typed, not saved
    page.ticket_button.click()
    assert not page.ticket_button.isEnabled()
    assert page.cursor().shape() == Qt.CursorShape.WaitCursor
    release.set()
    finish(qtbot, page, page.ticket_button)
    message = page.results["printer.ticket"]
    assert calls == [("network:192.168.1.50", page.home, page.edits["office.name"].text())]
    assert "Đã gửi phiếu in thử tới mạng 192.168.1.50:9100" in message.text()
    assert message.isVisible() and message.styleSheet() == OK_STYLE
    assert settings.get(page.store, "printer.ticket") == "pdf"  # trying does not save


def test_real_pdf_trial_from_the_button(qtbot, page: SettingsPage, tmp_path: Path) -> None:
    page.edits["printer.ticket"].setText(f"pdf:{tmp_path / 'thu'}")
    page.ticket_button.click()
    finish(qtbot, page, page.ticket_button)
    assert str(tmp_path / "thu") in page.results["printer.ticket"].text()
    assert list((tmp_path / "thu").glob("ticket-*-A000-0.pdf"))


@pytest.mark.parametrize("error", [
    PrinterError("Máy in phiếu (mạng 10.0.0.9:9100) hết giấy hoặc mất kết nối (OSError).", devices.PRINTER_ADVICE),
    InvalidInput("Thiết lập máy in phiếu không hợp lệ: 'abc'."),
])
def test_ticket_trial_failure_is_red_and_button_comes_back(qtbot, page: SettingsPage, monkeypatch,
                                                            error: Exception) -> None:
    def fake(spec: str, home: Path, *, office_name: str = "") -> str:
        raise error

    monkeypatch.setattr(devices, "try_ticket_printer", fake)
    page.ticket_button.click()
    finish(qtbot, page, page.ticket_button)
    message = page.results["printer.ticket"]
    assert message.text() == f"Không in thử được: {error}"
    assert message.styleSheet() == ERROR_STYLE


def test_portal_check_ok_and_failure(qtbot, page: SettingsPage, monkeypatch) -> None:
    answers = iter([devices.PortalCheck(True, "Kết nối cổng cong.gov.vn thành công (42 ms).", 42),
                    devices.PortalCheck(False, "Cổng từ chối mã truy cập đã lưu.", 7)])
    monkeypatch.setattr(devices, "check_portal", lambda store: next(answers))
    message = page.results["portal.url"]

    page.portal_button.click()
    assert not page.portal_button.isEnabled()
    finish(qtbot, page, page.portal_button)
    assert message.text() == "Kết nối cổng cong.gov.vn thành công (42 ms)." and message.styleSheet() == OK_STYLE

    page.portal_button.click()
    finish(qtbot, page, page.portal_button)
    assert message.text() == "Cổng từ chối mã truy cập đã lưu." and message.styleSheet() == ERROR_STYLE


def test_portal_check_says_when_typed_values_are_not_saved(qtbot, page: SettingsPage, monkeypatch) -> None:
    monkeypatch.setattr(devices, "check_portal", lambda store: devices.PortalCheck(True, "Kết nối cổng thành công.", 5))
    page.edits["portal.url"].setText("https://cong-moi.gov.vn")
    page.portal_button.click()
    finish(qtbot, page, page.portal_button)
    text = page.results["portal.url"].text()
    assert "ĐÃ LƯU" in text and "Địa chỉ cổng dịch vụ công tỉnh" in text and "Bấm Lưu thiết lập" in text
    assert page.results["portal.url"].styleSheet() == ERROR_STYLE


def test_portal_check_against_nothing_configured_is_real_and_red(qtbot, page: SettingsPage) -> None:
    page.portal_button.click()
    finish(qtbot, page, page.portal_button)
    assert "Chưa đặt địa chỉ cổng" in page.results["portal.url"].text()


def test_a4_trial_opens_the_print_preview(qtbot, page: SettingsPage) -> None:
    page.edits["printer.receipt"].setText("Máy in không có thật")
    page.a4_button.click()
    finish(qtbot, page, page.a4_button)
    assert page.preview is not None and page.preview.isVisible()
    assert page.preview.property("pdf_pages") == 1
    assert "không có máy in tên «Máy in không có thật»" in page.results["printer.receipt"].text()
    page.preview.close()
