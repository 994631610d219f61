"""Supervisor window: statistics with charts run off the GUI thread with progress; cancel works."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QDate
from sqlalchemy import select

from counterdesk.domain.roles import Actor
from counterdesk.models import User
from counterdesk.services import reports
from counterdesk.ui.app import build_window
from tests.factories import make_dossier, timedelta, vn


def _supervisor(store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "lanhdao")).one()
        return Actor(user_id=user.id, username=user.username, role=user.role)


def _seed(store, n: int = 40) -> None:
    with store.write() as s:
        for i in range(n):
            rec = vn("2026-11-02T08:00") + timedelta(days=i % 20, minutes=i)
            make_dossier(s, received_at=rec, due_at=rec + timedelta(days=3), status=9 if i % 3 else 4,
                         finished_at=rec + timedelta(days=2 + i % 3) if i % 3 else None,
                         procedure_code="2.000815" if i % 4 == 0 else "1.004873")


def test_statistics_run_with_progress_and_charts(qtbot, sqlite_store, tmp_path) -> None:
    _seed(sqlite_store)
    window = build_window("supervisor", sqlite_store, _supervisor(sqlite_store))
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    panel = window.statistics
    panel.start.setDate(QDate(2026, 11, 1))
    panel.end.setDate(QDate(2026, 11, 30))
    seen: list[int] = []
    panel.job.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(panel.job.succeeded, timeout=20000):
        panel.run()
    assert panel.report is not None and panel.report.total.received == 40
    assert seen and max(seen) == 4  # the bar followed the steps to the end
    assert panel.values["received"].text() == "40"
    assert panel.table.rowCount() == 3  # two fields and the total
    assert panel.intake_chart.rows[1][1] == 2  # 2 November: two dossiers received
    assert panel.field_chart.slices == 2
    assert not panel.job.bar.isVisible()
    window.grab().save(str(tmp_path / "supervisor.png"))
    with qtbot.waitSignal(panel.job.succeeded, timeout=20000):
        panel.export("xlsx", "none")
    assert panel.last_export is not None and panel.last_export[:2] == b"PK"


def test_daily_log_cancel_and_preview(qtbot, sqlite_store, monkeypatch) -> None:
    _seed(sqlite_store, 120)
    window = build_window("supervisor", sqlite_store, _supervisor(sqlite_store))
    qtbot.addWidget(window)
    panel = window.daily_log
    panel.day.setDate(QDate(2026, 11, 2))
    # A day's book now builds in milliseconds: hold the worker until "Huỷ" is pressed, or it may
    # finish first and the cancel would rightly be too late.
    gate = threading.Event()
    query = reports.daily_log

    def held(*args):
        gate.wait(10)
        return query(*args)

    monkeypatch.setattr(reports, "daily_log", held)
    with qtbot.waitSignal(panel.job.cancelled, timeout=20000):
        panel.build("none")
        panel.job.cancel()
        gate.set()
    assert panel.last_pdf is None and panel.job.label.text() == "Đã huỷ."
    with qtbot.waitSignal(panel.job.succeeded, timeout=20000):
        panel.build("preview")
    assert panel.last_pdf is not None and panel.last_pdf.startswith(b"%PDF")
    assert panel.dialog.property("pdf_pages") >= 1
    panel.dialog.close()


def test_day_close_from_window(qtbot, sqlite_store) -> None:
    _seed(sqlite_store, 5)
    with sqlite_store.read() as s:
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
    assert panel.reconciliation.dossiers_received == 1
    assert "chênh lệch" in panel.state.text() and panel.sign_button.isEnabled()
    panel.sign(confirm=False)
    def ready() -> None:
        assert panel.reconciliation.closed_at is not None

    qtbot.waitUntil(ready, timeout=10000)
    assert "đã chốt" in panel.state.text() and not panel.sign_button.isEnabled()
    assert panel.reconciliation.day == date(2026, 11, 2)
