"""Supervisor window: the citizen-notice ledger (masked numbers, rate, template lengths) and the day close figure."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select, update

from counterdesk.domain.roles import Actor
from counterdesk.models import Notice, User
from counterdesk.services import lifecycle
from counterdesk.ui.app import build_window
from tests.factories import make_applicant, make_dossier, vn
from tests.notify_support import enable


def _supervisor(store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "lanhdao")).one()
        return Actor(user_id=user.id, username=user.username, role=user.role)


def test_notice_tab_lists_masked_numbers_rate_and_template_lengths(qtbot, sqlite_store, tmp_path: Path) -> None:
    enable(sqlite_store)
    actor = _supervisor(sqlite_store)
    codes = []
    for i in range(3):
        with sqlite_store.write() as s:
            applicant = make_applicant(s, id_number=f"00109012345{i}", phone=f"091234567{i}")
            codes.append(make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"),
                                      status=4, applicant=applicant).code)
        lifecycle.result_ready(sqlite_store, actor, codes[-1], now=vn("2026-11-18T10:00"))
    with sqlite_store.write() as s:
        s.execute(update(Notice).where(Notice.id == 1).values(state="accepted"))
        s.execute(update(Notice).where(Notice.id == 2).values(state="quarantined", last_error="[invalid] Số máy sai"))
    window = build_window("supervisor", sqlite_store, actor)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.notices)
    page = window.notices
    assert page.table.rowCount() == 3
    shown = [page.table.item(r, 4).text() for r in range(3)]
    assert all(t.startswith("•") and "0912" not in t for t in shown)
    assert "Tỷ lệ gửi được: 1/3 (33%)" in page.summary.text()
    assert page.templates.rowCount() == 4 and "GSM-7" in page.templates.item(0, 2).text()
    page.table.selectRow(1)  # newest first: row 1 is notice 2, the refused one
    assert codes[1] in page.text.toPlainText()
    assert page.retry_selected() == 1
    with sqlite_store.read() as s:
        assert s.scalar(select(Notice.state).where(Notice.id == 2)) == "pending"
    out = Path(os.environ.get("COUNTERDESK_SHOTS", tmp_path))
    for w, h in ((1280, 720), (1366, 768), (1920, 1080)):
        window.resize(w, h)
        qtbot.wait(20)
        window.grab().save(str(out / f"notice_ledger_{w}x{h}.png"))
    window.day_close.show_reconciliation(_reconcile(sqlite_store))
    labels = [window.day_close.figures.item(r, 0).text() for r in range(window.day_close.figures.rowCount())]
    assert "Tin nhắn công dân: đã gửi / đã ghi" in labels


def _reconcile(store):
    from counterdesk.domain.clock import now_vn
    from counterdesk.services import day_close

    return day_close.reconcile(store, now_vn().date())
