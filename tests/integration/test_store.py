from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from counterdesk.domain.errors import StoreError
from counterdesk.models import Office
from counterdesk.store.backup import backup_to, check_file, restore_from
from counterdesk.store.engine import make_engine


def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "a.sqlite3"))
    for _ in range(2):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    engine.dispose()


def test_write_transaction_takes_the_lock_at_begin(sqlite_store) -> None:
    """BEGIN IMMEDIATE: a second writer cannot start while the first holds the write lock."""
    path = sqlite_store.engine.url.database
    with sqlite_store.write() as session:
        session.execute(text("select 1"))
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_unit_of_work_rolls_back_on_error(store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.get(Office, 1).name = "Đổi tên"
        raise RuntimeError("boom")
    with store.read() as session:
        assert session.get(Office, 1).name != "Đổi tên"


def test_backup_and_validated_restore(sqlite_store, tmp_path: Path) -> None:
    src = Path(sqlite_store.engine.url.database)
    copy = backup_to(src, tmp_path / "b" / "copy.sqlite3")
    check_file(copy)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="không phải là CSDL SQLite"):
        restore_from(garbage, src)
    check_file(src)  # untouched
    kept = restore_from(copy, src)
    assert kept is not None and kept.exists()
    check_file(src)


def test_corrupt_file_is_reported(tmp_path: Path, sqlite_store) -> None:
    src = Path(sqlite_store.engine.url.database)
    sqlite_store.dispose()
    data = bytearray(src.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\xff" * 200  # damage a b-tree page
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        check_file(bad)
