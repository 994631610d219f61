"""Online backup, validated restore and integrity check of the SQLite store."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_file(path: Path, *, quick: bool = False, pages: bool = True) -> None:
    """Raise StoreError (Vietnamese) unless the file is a readable SQLite database passing the check.

    ``quick`` runs quick_check (start-up, O(pages)); otherwise the full integrity_check.
    ``pages=False`` only reads the header and the schema: the start-up check of a store too big
    to walk before the window shows (services/setup.py walks it in the background instead).
    """
    if not path.is_file():
        raise StoreError(f"Không tìm thấy tệp CSDL: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"Không đọc được tệp {path.name} ({exc.strerror or exc.__class__.__name__}).") from exc
    if head != SQLITE_MAGIC:
        raise StoreError(f"Tệp {path.name} không phải là CSDL SQLite (có thể đã hỏng hoặc sai tệp).")
    pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if pages:
                rows = con.execute(pragma).fetchall()
            else:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                rows = []
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"CSDL {path.name} bị hỏng, không mở được ({exc}).") from exc
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise StoreError(f"CSDL {path.name} bị hỏng: {'; '.join(problems[:3])}")


REQUIRED_TABLES = ("alembic_version", "office")


def check_store_file(path: Path, *, quick: bool = False) -> None:
    """check_file, and also that the file is a CounterDesk store (has its schema and an office)."""
    check_file(path, quick=quick)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = [t for t in REQUIRED_TABLES if t not in names]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone() if not missing else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"CSDL {path.name} bị hỏng, không mở được ({exc}).") from exc
    if missing or revision is None:
        raise StoreError(f"Tệp {path.name} không phải CSDL CounterDesk (thiếu {', '.join(missing) or 'phiên bản lược đồ'}).")


def backup_to(src: Path, dest: Path) -> Path:
    """Consistent online copy through SQLite's backup API (safe while other connections write)."""
    tmp = dest.with_suffix(dest.suffix + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(str(src))
        try:
            target = sqlite3.connect(str(tmp))
            try:
                source.backup(target, pages=256)
                target.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                target.close()
        finally:
            source.close()
        tmp.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        if tmp.is_file():
            tmp.unlink()
        raise StoreError(f"Không ghi được bản sao lưu vào {dest} ({exc.__class__.__name__}).") from exc
    return dest


def backup_name(home: Path, reason: str, when: datetime | None = None) -> Path:
    stamp = (when or now_vn()).strftime("%Y%m%d-%H%M%S")
    return home / "backups" / f"counterdesk-{stamp}-{reason}.sqlite3"


def restore_from(backup: Path, target: Path) -> Path | None:
    """Validate ``backup`` first; then move the current file aside and put the backup in place.

    Returns the path the replaced file was kept at (None if there was none).
    """
    check_store_file(backup)
    kept: Path | None = None
    if target.exists():
        kept = target.with_name(f"{target.stem}.before-restore-{now_vn():%Y%m%d-%H%M%S}{target.suffix}")
        shutil.copy2(target, kept)
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.unlink()
    tmp = target.with_suffix(".restore-part")
    shutil.copy2(backup, tmp)
    tmp.replace(target)
    return kept
