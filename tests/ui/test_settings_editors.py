"""Settings are edited with dropdowns, checkboxes and time pickers; the save message says what happened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTime

from counterdesk.domain.errors import InvalidInput
from counterdesk.services import settings
from counterdesk.ui.admin.setting_fields import BoolField, ChoiceField, CutoffField, SessionsField
from counterdesk.ui.admin.settings_page import SettingsPage
from tests.ui import test_settings_devices

ADMIN = test_settings_devices.ADMIN
page = test_settings_devices.page  # the same page fixture as the trial-button tests


def test_codes_are_picked_from_vietnamese_choices_never_typed(page: SettingsPage, sqlite_store) -> None:
    policy, voice, tls = (page.fields[k] for k in ("office.due_policy", "display.voice", "portal.verify_tls"))
    assert isinstance(policy, ChoiceField) and isinstance(voice, ChoiceField) and isinstance(tls, BoolField)
    shown = [policy.itemText(i) for i in range(policy.count())] + [voice.itemText(i) for i in range(voice.count())]
    assert not any(code in " ".join(shown) for code in ("same_time", "end_of_day", "digits", "number", "off"))
    assert tls.isChecked()  # "true" stored
    policy.setCurrentIndex(policy.findData("end_of_day"))
    voice.setCurrentIndex(voice.findData("off"))
    tls.setChecked(False)
    assert page.save() == 3
    assert page.status.text() == "Đã lưu 3 thiết lập."
    assert settings.get(sqlite_store, "office.due_policy") == "end_of_day"
    assert settings.get(sqlite_store, "display.voice") == "off"
    assert settings.get(sqlite_store, "portal.verify_tls") == "false"


def test_hours_are_picked_with_time_editors(page: SettingsPage, sqlite_store) -> None:
    cutoff, sessions = page.fields["office.cutoff"], page.fields["office.sessions"]
    assert isinstance(cutoff, CutoffField) and isinstance(sessions, SessionsField)
    assert cutoff.enabled.isChecked() and cutoff.time.time() == QTime(15, 0)
    assert sessions.value() == "07:30-11:30,13:30-17:00"
    cutoff.time.setTime(QTime(16, 30))
    use, start, end = sessions.rows[2]
    use.setChecked(True)
    start.setTime(QTime(18, 0))
    end.setTime(QTime(20, 0))
    assert page.save() == 2
    assert settings.get(sqlite_store, "office.cutoff") == "16:30"
    assert settings.get(sqlite_store, "office.sessions") == "07:30-11:30,13:30-17:00,18:00-20:00"
    cutoff.enabled.setChecked(False)  # no cut-off hour
    assert page.save() == 1 and settings.get(sqlite_store, "office.cutoff") == ""


def test_the_save_message_counts_what_was_refused(page: SettingsPage, sqlite_store) -> None:
    assert page.save() == 0 and page.status.text() == "Không có thay đổi nào cần lưu."
    page.edits["queue.max_recalls"].setText("99")
    assert page.save() == 0
    assert page.status.text().startswith("Chưa lưu 1 thiết lập có lỗi")  # never "Đã lưu 0 thiết lập."
    page.edits["office.phone"].setText("0283 111 222")
    assert page.save() == 1
    assert "Đã lưu 1 thiết lập khác" in page.status.text() and "Chưa lưu 1" in page.status.text()
    sessions = page.fields["office.sessions"]
    _use, start, _end = sessions.rows[0]
    start.setTime(QTime(12, 0))  # after its own end: the message says the sessions overlap
    assert page.save() == 0 and "tăng dần" in page.errors["office.sessions"].text()


def test_an_impossible_hour_is_called_an_impossible_hour(sqlite_store) -> None:
    with pytest.raises(InvalidInput, match="«25:00» không phải giờ hợp lệ"):
        settings.set_value(sqlite_store, "office.sessions", "07:30-11:30,13:30-25:00", ADMIN)
    with pytest.raises(InvalidInput, match="tăng dần"):
        settings.set_value(sqlite_store, "office.sessions", "13:30-17:00,07:30-11:30", ADMIN)
