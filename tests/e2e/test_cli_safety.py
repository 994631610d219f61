"""`audit verify`, `db backups` and `db restore` as a user runs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.cli_runner import run_cli


def _audited_store(home: Path) -> Path:
    for value in ("15:30", "16:00", "16:30", "15:00"):
        assert run_cli("config", "set", "office.cutoff", value, home=home).returncode == 0
    return home / "counterdesk.sqlite3"


def test_audit_verify_ok(home: Path) -> None:
    _audited_store(home)
    r = run_cli("audit", "verify", home=home)
    assert r.returncode == 0, r.stderr
    assert "nguyên vẹn" in r.stdout and "4 mục" in r.stdout


def test_audit_verify_names_an_edited_entry(home: Path) -> None:
    db = _audited_store(home)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE audit_entry SET detail = '23:00' WHERE id = 2")
    r = run_cli("audit", "verify", home=home)
    assert r.returncode == 2
    assert "#2" in r.stderr and "bị sửa" in r.stderr and "Traceback" not in r.stderr


def test_audit_verify_names_a_deleted_entry(home: Path) -> None:
    db = _audited_store(home)
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM audit_entry WHERE id = 3")
    r = run_cli("audit", "verify", home=home)
    assert r.returncode == 2
    assert "#3" in r.stderr and "bị xoá" in r.stderr


def test_restore_refuses_a_sqlite_file_that_is_not_a_store(home: Path, tmp_path: Path) -> None:
    _audited_store(home)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (x TEXT)")
    before = (home / "counterdesk.sqlite3").read_bytes()
    r = run_cli("db", "restore", str(other), home=home)
    assert r.returncode == 2
    assert "không phải CSDL CounterDesk" in r.stderr
    assert (home / "counterdesk.sqlite3").read_bytes() == before
    assert run_cli("db", "restore", str(tmp_path), home=home).returncode == 2  # a directory


def test_backups_are_listed_newest_first(home: Path) -> None:
    _audited_store(home)
    first = run_cli("db", "backup", home=home)
    assert first.returncode == 0, first.stderr
    r = run_cli("db", "backups", "--check", home=home)
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and "manual" in lines[0] and "tốt" in lines[0]
    assert Path(first.stdout.strip()).exists()
