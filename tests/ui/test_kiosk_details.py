"""Kiosk: on-screen keypad, large text, what a citizen must do next, and every page fitting the
screens kiosks have (landscape and portrait) — still nothing personal on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counterdesk.domain import status as st
from counterdesk.domain.roles import SUPERVISOR, SYSTEM_ACTOR, Actor
from counterdesk.models import Dossier, DossierEvent
from counterdesk.services import lateness, lifecycle
from counterdesk.ui.kiosk.keypad import BACKSPACE, CLEAR, SEARCH
from counterdesk.ui.kiosk.window import KioskWindow
from tests.factories import make_applicant, make_dossier, vn
from tests.ui.geometry import LANDSCAPE, PORTRAIT, layout_problems, show_at
from tests.ui.marks import clipped_headings
from tests.ui.test_kiosk import PRIVATE, open_kiosk

HEAD = Actor(user_id=None, username="lanhdao", role=SUPERVISOR)


@pytest.fixture
def code(sqlite_store) -> str:
    with sqlite_store.write() as s:
        a = make_applicant(s, "Nguyễn Văn An", "001090123456", phone="0912345678",
                           address="Số 7 Phường Sài Gòn, TP. Hồ Chí Minh")
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), applicant=a)
        d.fee = 100_000
        return d.code


@pytest.fixture
def window(qtbot, sqlite_store) -> KioskWindow:
    w = open_kiosk(qtbot, sqlite_store, 60_000)
    yield w
    w._may_close = True


def _sent_back(store, code: str) -> None:
    with store.write() as s:
        d = s.query(Dossier).filter_by(code=code).one()
        d.status = st.SUPPLEMENT
        s.add(DossierEvent(dossier_id=d.id, at=vn("2026-11-16T09:05"), kind="supplement_requested", from_status=None,
                           to_status=st.SUPPLEMENT, note="Giấy khai sinh là bản photo chưa chứng thực",
                           data={"items": ["Giấy khai sinh (bản sao có chứng thực)", "Tờ khai có chữ ký"],
                                 "contact_name": "Nguyễn Văn An", "contact_phone": "0912345678"}))


def _type(qtbot, w: KioskWindow, keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(w.keypad.keys[key], Qt.MouseButton.LeftButton)


def test_keypad_types_the_code_and_searches_without_a_keyboard(qtbot, window: KioskWindow, code: str) -> None:
    qtbot.mouseClick(window.keypad_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.keypad_page
    assert window.scan.text() == f"{window.agency_code}-"  # only the date and number are left to type
    _type(qtbot, window, "2611169")
    qtbot.mouseClick(window.keypad.keys[BACKSPACE], Qt.MouseButton.LeftButton)
    _type(qtbot, window, "-0001")
    assert window.scan.text() == code
    assert window.scan.hasFocus() or not window.isActiveWindow()  # a scanner still works meanwhile
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in window.keypad.keys.values())
    qtbot.mouseClick(window.keypad.keys[SEARCH], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view is not None, timeout=5000)
    assert window.view is not None and window.view.code == code


def test_keypad_clear_and_empty_search_do_nothing_harmful(qtbot, window: KioskWindow) -> None:
    window.show_keypad()
    _type(qtbot, window, "AB.")
    qtbot.mouseClick(window.keypad.keys[CLEAR], Qt.MouseButton.LeftButton)
    assert window.scan.text() == ""
    qtbot.mouseClick(window.keypad.keys[SEARCH], Qt.MouseButton.LeftButton)
    window.show_keypad()
    qtbot.mouseClick(window.keypad.keys[SEARCH], Qt.MouseButton.LeftButton)  # only the prefilled agency code
    qtbot.wait(50)
    assert window.view is None and len(window.jobs) == 0


def test_large_text_grows_everything_and_resets_when_idle(qtbot, window: KioskWindow) -> None:
    show_at(qtbot, window, (1366, 768))
    heading = window.idle_page.findChild(type(window.status_label), "heading")
    before = heading.font().pixelSize()
    qtbot.mouseClick(window.large_text, Qt.MouseButton.LeftButton)
    show_at(qtbot, window, (1366, 768))
    assert heading.font().pixelSize() >= round(before * 1.25)
    assert layout_problems(window, {"heading": heading, "scan": window.scan, "keypad": window.keypad_button}) == []
    window.show_idle()
    assert not window.large_text.isChecked() and heading.font().pixelSize() == before


def test_supplement_lists_papers_and_note_without_personal_data(qtbot, window: KioskWindow, sqlite_store,
                                                                code: str) -> None:
    _sent_back(sqlite_store, code)
    window.scan.setText(code)
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.view is not None, timeout=5000)
    shown = window.shown_text()
    assert "Giấy khai sinh (bản sao có chứng thực)" in shown and "Tờ khai có chữ ký" in shown
    assert "Giấy khai sinh là bản photo chưa chứng thực" in shown
    assert "100.000 đồng" in shown
    for secret in PRIVATE:
        assert secret not in shown


def test_late_dossier_shows_apology_new_and_original_date(qtbot, window: KioskWindow, sqlite_store, code: str) -> None:
    lateness.apologise(sqlite_store, HEAD, code, reason="Chờ xác minh", new_due_at=vn("2026-11-20T15:00"),
                        now=vn("2026-11-18T10:00"))
    window.scan.setText(code)
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.view is not None, timeout=5000)
    shown = window.shown_text()
    assert "09:00 19/11/2026" in shown and "15:00 20/11/2026" in shown
    assert "xin lỗi" in shown and "Chờ xác minh" in shown


def _essentials(w: KioskWindow) -> dict[str, object]:
    page = w.stack.currentWidget()
    found = {"office": w.findChild(type(w.status_label), "officeName"), "scan": w.scan,
             "keypad button": w.keypad_button, "large text": w.large_text, "page": page}
    if page is w.result_page:
        found.update({"status": w.status_label, "details": w.grid_host, "back": w.back_button})
        if w.rating_box.isVisibleTo(w):
            found["rating"] = w.rating_box
    elif page is w.keypad_page:
        found.update({f"key {k}": b for k, b in w.keypad.keys.items()})
    elif page is w.idle_page:
        found["heading"] = w.idle_page.findChild(type(w.status_label), "heading")
    return found


@pytest.mark.parametrize("size", LANDSCAPE + PORTRAIT, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_page_fits_every_kiosk_screen(qtbot, window: KioskWindow, sqlite_store, code: str, size,
                                            large: bool) -> None:
    _sent_back(sqlite_store, code)
    show_at(qtbot, window, size)
    window.large_text.setChecked(large)
    show_at(qtbot, window, size)
    assert layout_problems(window, _essentials(window)) == []
    assert clipped_headings(window) == []
    window.show_keypad()
    show_at(qtbot, window, size)
    assert layout_problems(window, _essentials(window)) == []
    window.scan.setText(code)
    window.submit()
    qtbot.waitUntil(lambda: window.view is not None, timeout=5000)
    window.large_text.setChecked(large)  # the citizen may switch on the result page
    show_at(qtbot, window, size)
    assert layout_problems(window, _essentials(window)) == []
    assert clipped_headings(window) == []


@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_rating_page_fits(qtbot, window: KioskWindow, sqlite_store, code: str, size) -> None:
    lifecycle.result_ready(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
    lifecycle.return_result(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T11:00"))
    window.scan.setText(code)
    window.submit()
    qtbot.waitUntil(lambda: window.view is not None, timeout=5000)
    window.choose_score(1)
    show_at(qtbot, window, size)
    found = {"status": window.status_label, "details": window.grid_host, "rating": window.rating_box,
             "scan": window.scan}
    found.update({f"reason {i}": b for i, b in enumerate(window.reason_buttons)})
    assert layout_problems(window, found) == []
