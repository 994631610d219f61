"""Daily backups, retention, the second (USB) copy and choosing a backup to recover from."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import StoreError
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.services import backups, settings
from counterdesk.services.setup import open_store
from counterdesk.store.backup import check_store_file
from counterdesk.store.uow import Store

DAY = datetime(2026, 11, 20, 7, 45, tzinfo=VN_TZ)


def test_one_daily_backup_per_business_day(sqlite_store: Store, tmp_path: Path) -> None:
    first = backups.daily_backup(sqlite_store, tmp_path, now=DAY)
    assert first is not None and first.path is not None
    check_store_file(first.path)
    assert backups.daily_backup(sqlite_store, tmp_path, now=DAY + timedelta(hours=8)) is None
    second = backups.daily_backup(sqlite_store, tmp_path, now=DAY + timedelta(days=1))
    assert second is not None and second.path != first.path
    assert [b.reason for b in backups.list_backups(tmp_path)] == ["daily", "daily"]


def test_old_backups_are_deleted_after_keep_days(sqlite_store: Store, tmp_path: Path) -> None:
    settings.set_value(sqlite_store, "backup.keep_days", "3", SYSTEM_ACTOR)
    for d in range(6):
        backups.daily_backup(sqlite_store, tmp_path, now=DAY + timedelta(days=d))
    kept = backups.list_backups(tmp_path)
    assert [b.taken_at.date().day for b in kept] == [25, 24, 23, 22]  # 3 days back from the 25th, inclusive


def test_missing_usb_drive_is_a_warning(sqlite_store: Store, tmp_path: Path) -> None:
    settings.set_value(sqlite_store, "backup.second_dir", str(tmp_path / "usb-not-plugged"), SYSTEM_ACTOR)
    result = backups.daily_backup(sqlite_store, tmp_path, now=DAY)
    assert result is not None and result.path is not None and result.path.exists()
    assert result.copied_to is None and "USB" in result.warnings[0]


def test_copy_goes_to_the_second_dir(sqlite_store: Store, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.set_value(sqlite_store, "backup.second_dir", str(usb), SYSTEM_ACTOR)
    result = backups.daily_backup(sqlite_store, tmp_path, now=DAY)
    assert result is not None and result.copied_to is not None
    check_store_file(result.copied_to)
    assert not result.warnings


def test_postgresql_store_takes_no_file_backup(store: Store, tmp_path: Path) -> None:
    if store.dialect == "sqlite":
        assert backups.daily_backup(store, tmp_path, now=DAY) is not None
    else:
        assert backups.daily_backup(store, tmp_path, now=DAY) is None


def test_latest_good_skips_broken_backups(tmp_path: Path) -> None:
    infos = [backups.BackupInfo(tmp_path / f"b{i}", DAY + timedelta(days=i), "daily", 1) for i in range(4)]
    bad = {infos[3].path, infos[2].path}

    def check(path: Path) -> None:
        if path in bad:
            raise StoreError("hỏng")

    chosen = backups.latest_good(infos, check)
    assert chosen is infos[1]
    assert backups.latest_good([], check) is None
    assert backups.latest_good(infos[2:], check) is None


def test_recovery_candidate_for_a_corrupt_store(sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url, tmp_path)
    good = backups.run_backup(store, tmp_path, now=DAY)
    newer = backups.run_backup(store, tmp_path, now=DAY + timedelta(hours=1))
    store.dispose()
    assert good.path is not None and newer.path is not None
    newer.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)  # the newest backup is itself broken
    db_file = tmp_path / "store.sqlite3"
    assert backups.recovery_candidate(db_file, tmp_path) is None  # healthy store: nothing to offer
    data = bytearray(db_file.read_bytes())
    data[4096 * 2:4096 * 2 + 200] = b"\xff" * 200
    db_file.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        check_store_file(db_file, quick=True)
    chosen = backups.recovery_candidate(db_file, tmp_path)
    assert chosen is not None and chosen.path == good.path
