"""The supervisor's day-close page lists the day's digitisation rates beside the other figures."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from PySide6.QtCore import QDate
from sqlalchemy import select

from counterdesk.domain.roles import Actor
from counterdesk.models import DossierAttachment, User
from counterdesk.ui.app import build_window
from tests.factories import make_dossier, vn


def test_day_close_page_shows_digitisation(qtbot, sqlite_store) -> None:
    with sqlite_store.write() as s:
        for done in (True, False):
            d = make_dossier(s, received_at=vn("2026-11-02T09:00"), due_at=vn("2026-11-05T09:00"))
            d.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0, "digitised": done}]
            if done:  # stored with its mark, as services/attachments does
                s.add(DossierAttachment(dossier_id=d.id, document_name="Tờ khai", kind="component", sha256="a" * 64,
                                        size=10, pages=1, media_type="application/pdf", created_at=datetime.now(UTC)))
        boss = s.scalars(select(User).where(User.username == "lanhdao")).one()
        actor = Actor(boss.id, boss.username, boss.role)
    window = build_window("supervisor", sqlite_store, actor)
    qtbot.addWidget(window)
    panel = window.day_close
    panel.day.setDate(QDate(2026, 11, 2))
    panel.check()

    def ready() -> None:
        assert panel.reconciliation is not None

    qtbot.waitUntil(ready, timeout=10000)
    rows = {panel.figures.item(i, 0).text(): panel.figures.item(i, 1).text() for i in range(panel.figures.rowCount())}
    assert rows["Số hoá: hồ sơ có thành phần số hoá"] == "1/2 (50,0 %)"
    assert rows["Số hoá: thành phần đã quét (dùng lại)"] == "1/2 (0)"
    assert rows["Số hoá: kết quả giải quyết"] == "—"
    if os.environ.get("DAY_CLOSE_SHOT"):  # look at it: DAY_CLOSE_SHOT=/tmp/x.png
        panel.resize(1280, 640)
        panel.grab().save(os.environ["DAY_CLOSE_SHOT"])
