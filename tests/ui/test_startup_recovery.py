"""A store failing its start-up check is replaced by the newest good backup, only if the user agrees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import StoreError
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.services import backups, settings
from counterdesk.services.setup import open_store
from counterdesk.ui.app import open_with_recovery


def _corrupt_store_with_backup(home: Path) -> Path:
    db = home / "counterdesk.sqlite3"
    store = open_store(str(db), home)
    settings.set_value(store, "office.phone", "028 1111 2222", SYSTEM_ACTOR)
    backups.run_backup(store, home, now=datetime(2026, 11, 20, 7, 30, tzinfo=VN_TZ))
    settings.set_value(store, "office.phone", "028 3333 4444", SYSTEM_ACTOR)  # after the backup
    store.dispose()
    data = bytearray(db.read_bytes())
    data[4096 * 2:4096 * 2 + 300] = b"\xa5" * 300
    db.write_bytes(bytes(data))
    return db


def test_user_accepts_and_the_backup_is_restored(tmp_path: Path) -> None:
    db = _corrupt_store_with_backup(tmp_path)
    questions: list[str] = []
    store = open_with_recovery(str(db), tmp_path, lambda q: questions.append(q) or True)
    try:
        assert settings.get(store, "office.phone") == "028 1111 2222"
    finally:
        store.dispose()
    assert "07:30 ngày 20/11/2026" in questions[0] and "Phục hồi" in questions[0]
    assert list(tmp_path.glob("counterdesk.before-restore-*.sqlite3"))  # the broken file is kept


def test_user_declines_and_nothing_is_replaced(tmp_path: Path) -> None:
    db = _corrupt_store_with_backup(tmp_path)
    before = db.read_bytes()
    with pytest.raises(StoreError):
        open_with_recovery(str(db), tmp_path, lambda q: False)
    assert db.read_bytes() == before


def test_no_good_backup_means_the_original_error(tmp_path: Path) -> None:
    db = _corrupt_store_with_backup(tmp_path)
    for info in backups.list_backups(tmp_path):
        info.path.write_bytes(b"not a database")
    asked: list[str] = []
    with pytest.raises(StoreError):
        open_with_recovery(str(db), tmp_path, lambda q: asked.append(q) or True)
    assert asked == []


def test_big_store_opens_at_once_and_a_damage_found_later_leads_to_recovery_next_start(
        qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    from counterdesk.services import setup
    from counterdesk.ui.app import start_background_check

    db = _corrupt_store_with_backup(tmp_path)
    monkeypatch.setattr(setup, "START_CHECK_LIMIT", 0)  # every store counts as too big to walk at start
    asked: list[str] = []
    store = open_with_recovery(str(db), tmp_path, lambda q: asked.append(q) or True)
    assert asked == []  # the window is not held up by a walk over every page
    window = QWidget()
    qtbot.addWidget(window)
    damaged: list[str] = []
    assert start_background_check(store, tmp_path, window, on_damaged=damaged.append)
    def ready() -> None:
        assert bool(damaged)

    qtbot.waitUntil(ready, timeout=10_000)
    store.dispose()
    assert "bị hỏng" in damaged[0]
    assert (tmp_path / setup.CHECK_FAILED_MARKER).exists()

    # next start: the marker makes the check walk the pages, and the backup is offered
    store = open_with_recovery(str(db), tmp_path, lambda q: asked.append(q) or True)
    try:
        assert len(asked) == 1 and "Phục hồi" in asked[0]
        assert settings.get(store, "office.phone") == "028 1111 2222"
        assert not (tmp_path / setup.CHECK_FAILED_MARKER).exists()
        assert setup.needs_background_check(store) == db  # walked again after this start
    finally:
        store.dispose()


def test_a_store_checked_in_full_at_start_is_not_walked_again(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from counterdesk.ui.app import start_background_check

    store = open_store(str(tmp_path / "small.sqlite3"), tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    try:
        assert not start_background_check(store, tmp_path, window)
    finally:
        store.dispose()


def test_start_up_brings_back_a_lost_scan_and_clears_half_written_files(qtbot, sqlite_store, tmp_path: Path) -> None:
    """A scan lost from the folder (or a database restored from an older backup) comes back from the
    backup folder through services/attachments.recover_files; a write that died leaves no temp file."""
    import os
    import time

    from PySide6.QtWidgets import QMainWindow

    from counterdesk.domain import status as st
    from counterdesk.services import attachments
    from counterdesk.ui.app import start_file_recovery
    from tests.factories import make_dossier, vn
    from tests.helpers.scans import text_page

    with sqlite_store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=st.RECEIVED)
        d.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0}]
        code = d.code
    view = attachments.attach(sqlite_store, tmp_path, code, [("1.png", text_page(label="1"))])
    assert attachments.backup_files(sqlite_store, tmp_path) == 1
    files = attachments.file_store(sqlite_store, tmp_path)
    files.path_of(view.sha256).unlink()  # lost
    temp = files.path_of(view.sha256).parent / ".tmp-dead.part"
    temp.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(temp, (old, old))
    window = QMainWindow()
    qtbot.addWidget(window)
    results: list[object] = []
    start_file_recovery(sqlite_store, tmp_path, window, on_done=results.append)

    def done() -> None:
        assert results

    qtbot.waitUntil(done, timeout=20_000)
    assert results[0] == attachments.FileRecovery(restored=1, still_missing=0, orphans_removed=0)
    assert attachments.check_integrity(sqlite_store, tmp_path) == [] and not temp.exists()
