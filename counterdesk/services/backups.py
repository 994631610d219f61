"""Daily online backups of the SQLite store, their retention, a second copy, and recovery.

One automatic backup per business day (start-up, then a timer in the app), kept for
``backup.keep_days`` days, optionally copied to ``backup.second_dir`` (a USB drive: when it is
missing the backup still counts and the clerk gets a warning). Scans (services/attachments.py)
are mirrored into ``backups/attachments`` (and the second folder's ``attachments``): named by
their hash, only new files are copied and none is ever pruned. On PostgreSQL backups are the
server's job (pg_dump) and these functions do nothing.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from counterdesk.domain.clock import VN_TZ, now_vn
from counterdesk.domain.errors import DomainError, StoreError
from counterdesk.services import attachments, settings
from counterdesk.store.backup import backup_name, backup_to, check_store_file
from counterdesk.store.engine import sqlite_path
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.backups")
NAME_RE = re.compile(r"^counterdesk-(\d{8})-(\d{6})-([a-z-]+)\.sqlite3$")
DAILY = "daily"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class BackupResult:
    path: Path | None
    copied_to: Path | None = None
    deleted: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    files_copied: int = 0  # scans newly copied to the backup folders


def backup_dir(home: Path) -> Path:
    return home / "backups"


def parse_name(path: Path) -> tuple[datetime, str] | None:
    """(moment, reason) from a backup file name, or None if it is not one of ours."""
    m = NAME_RE.match(path.name)
    if m is None:
        return None
    try:
        moment = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ)
    except ValueError:
        return None
    return moment, m.group(3)


def list_backups(home: Path) -> list[BackupInfo]:
    """Our backup files in the data directory, newest first."""
    folder = backup_dir(home)
    found: list[BackupInfo] = []
    if folder.is_dir():
        for path in folder.iterdir():
            parsed = parse_name(path)
            if parsed is not None and path.is_file():
                found.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def latest_good(candidates: Iterable[BackupInfo], check: Callable[[Path], None]) -> BackupInfo | None:
    """The newest candidate that ``check`` accepts (it raises StoreError for a bad file)."""
    for info in sorted(candidates, key=lambda b: (b.taken_at, b.path.name), reverse=True):
        try:
            check(info.path)
        except StoreError:
            continue
        return info
    return None


def has_daily(home: Path, day: date) -> bool:
    return any(b.reason == DAILY and b.taken_at.date() == day for b in list_backups(home))


def prune(home: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete backups older than ``keep_days``; the newest backup is always kept."""
    backups = list_backups(home)
    cutoff = now - timedelta(days=keep_days)
    deleted: list[Path] = []
    for info in backups[1:]:
        if info.taken_at < cutoff:
            info.path.unlink(missing_ok=True)
            deleted.append(info.path)
    return deleted


def _second_copy(path: Path, second_dir: str) -> tuple[Path | None, str | None]:
    if not second_dir:
        return None, None
    target = Path(second_dir).expanduser()
    if not target.is_dir():
        return None, f"Không thấy thư mục sao lưu thứ hai {target} (chưa cắm USB?). Bản sao chính vẫn được lưu."
    try:
        dest = target / path.name
        tmp = dest.with_suffix(dest.suffix + ".part")
        shutil.copy2(path, tmp)
        tmp.replace(dest)
    except OSError as exc:
        return None, f"Không chép được bản sao lưu sang {target} ({exc.strerror or exc.__class__.__name__})."
    return dest, None


def run_backup(store: Store, home: Path, reason: str = DAILY, *, now: datetime | None = None) -> BackupResult:
    """Take an online backup now, prune old ones and copy to the second directory."""
    source = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    if source is None:
        return BackupResult(None)
    moment = now or now_vn()
    keep_days = int(settings.get(store, "backup.keep_days"))
    second = settings.get(store, "backup.second_dir")
    dest = backup_to(source, backup_name(home, reason, moment))
    check_store_file(dest, quick=True)
    copied, warning = _second_copy(dest, second)
    deleted = prune(home, keep_days, moment)
    warnings = [warning] if warning else []
    files_copied = 0
    try:
        files_copied = attachments.backup_files(store, home)
    except (DomainError, OSError) as exc:
        warnings.append(f"Chưa sao lưu được bản quét hồ sơ ({exc}).")
    for text in warnings:
        log.warning("backup: %s", text)
    log.info("backup %s taken, %d old deleted, %d scan file(s) copied", dest.name, len(deleted), files_copied)
    return BackupResult(dest, copied, tuple(deleted), tuple(warnings), files_copied)


def daily_backup(store: Store, home: Path, *, now: datetime | None = None) -> BackupResult | None:
    """Today's automatic backup if there is none yet (None: nothing to do)."""
    if sqlite_path(store.engine.url.render_as_string(hide_password=False)) is None:
        return None
    moment = now or now_vn()
    if has_daily(home, moment.astimezone(VN_TZ).date()):
        return None
    return run_backup(store, home, DAILY, now=moment)


def recovery_candidate(db_file: Path, home: Path) -> BackupInfo | None:
    """When ``db_file`` fails its check: the newest backup that passes, else None."""
    try:
        check_store_file(db_file, quick=True)
    except StoreError:
        return latest_good(list_backups(home), lambda p: check_store_file(p, quick=False))
    return None
