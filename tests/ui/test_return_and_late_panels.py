"""Desk: return of results by scanning the receipt, and the late-dossier list with the apology."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from counterdesk.domain import receipt_qr
from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn
from counterdesk.domain.roles import CLERK, SUPERVISOR, SYSTEM_ACTOR, Actor
from counterdesk.models import Dossier, User
from counterdesk.services import lifecycle, settings
from counterdesk.ui.app import build_window
from counterdesk.ui.desk.late_panel import OVERDUE_BG, SOON_BG, LatePanel
from counterdesk.ui.desk.return_panel import ReturnPanel
from tests.factories import make_dossier, vn


def _actor(store, username: str, role: str) -> Actor:
    with store.read() as s:
        return Actor(user_id=s.scalar(select(User.id).where(User.username == username)), username=username, role=role)


def _ready(store) -> str:
    with store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00")).code
    lifecycle.result_ready(store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
    return code


def test_scan_confirm_and_print_the_return_slip(qtbot, sqlite_store) -> None:
    code = _ready(sqlite_store)
    printed: list[tuple[bytes, str]] = []
    panel = ReturnPanel(sqlite_store, _actor(sqlite_store, "canbo1", CLERK),
                        show_pdf=lambda _w, pdf, title: printed.append((pdf, title)))
    qtbot.addWidget(panel)
    panel.scan.setText(receipt_qr.payload(code, settings.get(sqlite_store, "qr.secret")))
    qtbot.keyClick(panel.scan, Qt.Key.Key_Return)
    assert panel.fields["code"].text() == code and panel.confirm.isEnabled()
    assert panel.receiver_name.text() == "Nguyễn Văn An" and panel.receiver_id.text() == "001090123456"
    panel.receiver_name.setText("Trần Thị Bé")
    panel.receiver_id.setText("12")
    qtbot.mouseClick(panel.confirm, Qt.MouseButton.LeftButton)
    assert "12" in panel.message.text()  # refused next to the form, nothing changed
    assert lifecycle.get(sqlite_store, code).status == st.DONE
    panel.receiver_id.setText("079195012345")
    with qtbot.waitSignal(panel.returned, timeout=3000):
        qtbot.mouseClick(panel.confirm, Qt.MouseButton.LeftButton)
    def ready() -> None:
        assert bool(printed)

    qtbot.waitUntil(ready, timeout=10_000)
    assert printed[0][0].startswith(b"%PDF") and code in printed[0][1]
    state = lifecycle.get(sqlite_store, code)
    assert state.status == st.RETURNED and state.receiver_name == "Trần Thị Bé"
    assert state.receiver_id_number == "079195012345"
    assert not panel.confirm.isEnabled() and panel.reprint.isEnabled()


def test_not_ready_and_garbage_scans_are_explained(qtbot, sqlite_store) -> None:
    with sqlite_store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00")).code
    panel = ReturnPanel(sqlite_store, _actor(sqlite_store, "canbo1", CLERK), show_pdf=lambda *_: None)
    qtbot.addWidget(panel)
    panel.scan.setText(code)
    panel.lookup_scan()
    assert "chưa có kết quả" in panel.message.text() and not panel.confirm.isEnabled()
    for bad in ("đđđ", "'; DROP TABLE dossier; --", receipt_qr.payload(code, "forged")):
        panel.scan.setText(bad)
        panel.lookup_scan()
        assert panel.message.text() and panel.fields["code"].text() == "—"
    assert panel.scan.maxLength() == 200


def test_late_list_is_colour_coded_and_apology_is_for_supervisors(qtbot, sqlite_store) -> None:
    now = now_vn()
    with sqlite_store.write() as s:
        overdue = make_dossier(s, received_at=now - timedelta(days=5), due_at=now - timedelta(hours=3)).code
        soon = make_dossier(s, received_at=now - timedelta(days=2), due_at=now + timedelta(hours=2)).code
        make_dossier(s, received_at=now, due_at=now + timedelta(days=60))
    clerk_panel = LatePanel(sqlite_store, _actor(sqlite_store, "canbo1", CLERK), show_pdf=lambda *_: None)
    qtbot.addWidget(clerk_panel)
    assert clerk_panel.table.rowCount() == 2
    assert clerk_panel.table.item(0, 0).text() == overdue and clerk_panel.table.item(1, 0).text() == soon
    assert clerk_panel.table.item(0, 0).background().color() == OVERDUE_BG
    assert clerk_panel.table.item(1, 0).background().color() == SOON_BG
    assert "1 hồ sơ quá hạn" in clerk_panel.summary.text()
    assert not clerk_panel.apology.isEnabled()

    printed: list[bytes] = []
    head_panel = LatePanel(sqlite_store, _actor(sqlite_store, "lanhdao", SUPERVISOR),
                           show_pdf=lambda _w, pdf, _t: printed.append(pdf))
    qtbot.addWidget(head_panel)
    assert head_panel.apology.isEnabled()
    assert not head_panel.apologise(overdue, "Chờ xác minh", now + timedelta(days=7))
    assert "trước thời hạn" in head_panel.message.text()
    with sqlite_store.read() as s:
        due = s.scalar(select(Dossier.due_at).where(Dossier.code == soon))
    from counterdesk.services import calendar

    with sqlite_store.read() as s:
        new_day = calendar.add_working_days(s, now.date(), 5)
    new_due = now.replace(year=new_day.year, month=new_day.month, day=new_day.day)
    assert head_panel.apologise(soon, "Chờ kết quả xác minh", new_due), head_panel.message.text()
    def ready() -> None:
        assert bool(printed)

    qtbot.waitUntil(ready, timeout=10_000)
    assert printed[0].startswith(b"%PDF")
    state = lifecycle.get(sqlite_store, soon)
    assert state.rescheduled and state.original_due_at == due
    assert [head_panel.table.item(r, 0).text() for r in range(head_panel.table.rowCount())] == [overdue]


def test_desk_and_supervisor_windows_have_the_tabs(qtbot, sqlite_store) -> None:
    desk = build_window("desk", sqlite_store, _actor(sqlite_store, "canbo1", CLERK))
    qtbot.addWidget(desk)
    titles = [desk.tabs.tabText(i) for i in range(desk.tabs.count())]
    assert "Trả kết quả (F3)" in titles and "Hồ sơ trễ hạn" in titles
    supervisor = build_window("supervisor", sqlite_store, _actor(sqlite_store, "lanhdao", SUPERVISOR))
    qtbot.addWidget(supervisor)
    assert supervisor.late_panel.apology.isEnabled()


def test_called_return_ticket_brings_up_its_dossier(qtbot, sqlite_store) -> None:
    from counterdesk.services import returns

    code = _ready(sqlite_store)
    issued = returns.issue_return_ticket(sqlite_store, code)
    panel = ReturnPanel(sqlite_store, _actor(sqlite_store, "canbo1", CLERK), show_pdf=lambda *_: None)
    qtbot.addWidget(panel)
    panel.follow_ticket(issued.ticket)  # waiting: not yet at this counter
    assert panel.state is None
    from dataclasses import replace

    panel.follow_ticket(replace(issued.ticket, state="called"))
    assert panel.state is not None and panel.state.code == code and panel.confirm.isEnabled()
