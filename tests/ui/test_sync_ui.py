"""The status bar's sync state, the background worker and the supervisor's sync ledger."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sqlalchemy import update

from counterdesk.domain.roles import ADMIN, CLERK, SUPERVISOR, Actor
from counterdesk.models import OutboxEntry
from counterdesk.services import settings, sync_admin
from counterdesk.sync.portal_sim import SimServer
from counterdesk.ui.app import build_window
from counterdesk.ui.supervisor.sync_ledger import PayloadEditor, SyncLedger
from tests.sync_support import bulk_outbox, keys_by_state

# the demo office's accounts (staff windows always act as a logged-in user)
STAFF = {"admin": Actor(1, "admin", ADMIN), "supervisor": Actor(2, "lanhdao", SUPERVISOR),
         "desk": Actor(3, "canbo1", CLERK)}


def test_worker_syncs_in_background_and_status_bar_shows_it(qtbot, sqlite_store, tmp_path: Path) -> None:
    bulk_outbox(sqlite_store, 30, invalid_every=10)
    window = build_window("supervisor", sqlite_store, STAFF["supervisor"])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync_worker.updated, timeout=10_000) as first:
        window.sync_worker.sync_now()
    assert first.args[0].configured is False
    assert "chưa cấu hình cổng" in window.sync_label.text() and "chờ gửi 30" in window.sync_label.text()
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        settings.set_value(sqlite_store, "portal.url", sim.url)
        with qtbot.waitSignal(window.sync_worker.updated, timeout=20_000) as second:
            window.sync_worker.sync_now()
            assert window.sync_worker.busy  # the pass runs in the pool; the GUI thread is free
    view = second.args[0]
    assert (view.online, view.pending, view.accepted, view.quarantined) == (True, 0, 27, 3)
    text = window.sync_label.text()
    assert "trực tuyến" in text and "bị từ chối 3" in text and "lần cuối" in text
    window.close()


def test_worker_reports_an_unreachable_portal(qtbot, sqlite_store, monkeypatch) -> None:
    monkeypatch.setattr(sync_admin, "run_once", functools.partial(sync_admin.run_once, retry=sync_admin.quick_policy()))
    bulk_outbox(sqlite_store, 2)
    settings.set_value(sqlite_store, "portal.url", "http://127.0.0.1:9")  # discard port: refused
    window = build_window("desk", sqlite_store, STAFF["desk"])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync_worker.updated, timeout=60_000):
        window.sync_worker.sync_now()
    assert "mất kết nối" in window.sync_label.text()
    assert window.sync_label.toolTip()
    window.close()


def test_ledger_lists_refusals_and_supervisor_retries_and_fixes(qtbot, sqlite_store, tmp_path: Path) -> None:
    _valid, invalid = bulk_outbox(sqlite_store, 6, invalid_every=3)
    with sqlite_store.write() as session:
        session.execute(update(OutboxEntry).where(OutboxEntry.idem_key.in_(invalid))
                        .values(state="quarantined", last_error="[invalid] NgayTiepNhan phải có dạng yyyyMMddHHmmss."))
    window = build_window("supervisor", sqlite_store, STAFF["supervisor"])
    qtbot.addWidget(window)
    ledger = window.open_sync_ledger()
    assert isinstance(ledger, SyncLedger)
    ledger.filter.setCurrentIndex(ledger.filter.findData("quarantined"))
    assert ledger.table.rowCount() == 2
    assert "NgayTiepNhan" in ledger.table.item(0, 6).text()
    assert ledger.table.item(0, 1).text().startswith("000.00.01.H29-")
    ledger.table.selectRow(0)
    assert "NgayTiepNhan" in ledger.detail.toPlainText()
    editor = ledger.fix_selected()
    assert isinstance(editor, PayloadEditor)
    editor.text.setPlainText("{ not json")
    assert editor.save() is False and "JSON" in editor.error.text()
    data = json.loads(ledger.entries[0].payload)
    data["dossier"]["NgayTiepNhan"] = "20261120091500"
    editor.text.setPlainText(json.dumps(data))
    assert editor.save() is True
    assert ledger.table.rowCount() == 1  # refreshed: the fixed one waits to be sent
    ledger.table.selectRow(0)
    assert ledger.retry_selected() == 1
    assert keys_by_state(sqlite_store)["quarantined"] == set()
    assert sync_admin.status(sqlite_store)["pending"] == 6
    ledger.filter.setCurrentIndex(0)
    grab = ledger.grab()
    assert not grab.isNull()
    grab.save(str(tmp_path / "ledger.png"))
    ledger.close()
    window.close()


def test_clerk_sees_the_ledger_without_manage_buttons(qtbot, sqlite_store) -> None:
    window = build_window("desk", sqlite_store, STAFF["desk"])
    qtbot.addWidget(window)
    ledger = window.open_sync_ledger()
    assert not ledger.retry_button.isEnabled() and not ledger.fix_button.isEnabled()
    ledger.close()
    window.close()


def test_admin_types_the_portal_token_hidden_and_it_is_never_shown_back(qtbot, sqlite_store, monkeypatch) -> None:
    from PySide6.QtWidgets import QLineEdit

    monkeypatch.setattr(settings, "keyring_available", lambda: False)  # never touch this machine's keyring

    window = build_window("admin", sqlite_store, STAFF["admin"])
    qtbot.addWidget(window)
    edit = window.settings_page.edits["portal.token"]
    assert edit.echoMode() == QLineEdit.EchoMode.Password and edit.text() == ""
    edit.setText("tok-789")
    assert window.settings_page.save() == 1
    assert edit.text() == "***"
    assert settings.portal_token(sqlite_store) == "tok-789"
    assert window.settings_page.save() == 0  # "***" unchanged: the token stays
    assert settings.portal_token(sqlite_store) == "tok-789"
    window.close()


def test_ledger_shows_scans_pending_sent_and_quarantined(qtbot, sqlite_store, tmp_path: Path) -> None:
    from tests.upload_support import attach_scans, scan_entries, scans_home

    _home, files = scans_home(sqlite_store, tmp_path)
    attach_scans(sqlite_store, files, 4, size=2_000)
    bulk_outbox(sqlite_store, 2)
    keys = sorted(scan_entries(sqlite_store))
    with sqlite_store.write() as session:
        session.execute(update(OutboxEntry).where(OutboxEntry.idem_key == keys[0])
                        .values(state="accepted"))
        session.execute(update(OutboxEntry).where(OutboxEntry.idem_key == keys[1])
                        .values(state="quarantined", last_error="[local] Tệp bản quét không còn trên máy."))
    window = build_window("supervisor", sqlite_store, STAFF["supervisor"])
    qtbot.addWidget(window)
    ledger = window.open_sync_ledger()
    assert ledger.scans.text() == "Bản quét gửi kèm hồ sơ — chờ gửi: 2   cổng đã nhận: 1   bị từ chối: 1"
    assert ledger.table.rowCount() == 6
    ledger.kind_filter.setCurrentIndex(ledger.kind_filter.findData("attachment"))
    assert ledger.table.rowCount() == 4
    assert {ledger.table.item(r, 2).text() for r in range(4)} == {"Gửi bản quét hồ sơ"}
    assert all(ledger.table.item(r, 1).text().startswith("000.00.01.H29-") for r in range(4))
    ledger.filter.setCurrentIndex(ledger.filter.findData("quarantined"))
    assert ledger.table.rowCount() == 1 and "không còn trên máy" in ledger.table.item(0, 6).text()
    ledger.table.selectRow(0)
    assert "TenGiayTo" in ledger.detail.toPlainText()
    assert ledger.retry_selected() == 1
    assert sync_admin.status(sqlite_store)["attachments"]["quarantined"] == 0
    ledger.kind_filter.setCurrentIndex(ledger.kind_filter.findData("dossier"))
    ledger.filter.setCurrentIndex(0)
    assert ledger.table.rowCount() == 2
    ledger.kind_filter.setCurrentIndex(0)
    ledger.resize(1280, 720)
    grab = ledger.grab()
    assert not grab.isNull()
    grab.save(str(tmp_path / "ledger-scans.png"))
    ledger.close()
    window.close()
