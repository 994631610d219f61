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
