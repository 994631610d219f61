"""The database itself as use cases: schema version, integrity check, file backup, restore, recovery.

The CLI (``counterdesk db …``) and the GUI's start-up recovery call these; neither reaches into
``counterdesk.store`` internals (engines, SQLite files, migrations) itself (import contracts).
"""

from __future__ import annotations

from pathlib import Path

from counterdesk.domain.errors import InvalidInput, StoreError
from counterdesk.paths import default_db_url
from counterdesk.services import backups
from counterdesk.store import migrate
from counterdesk.store.backup import backup_to, check_file, check_store_file, restore_from
from counterdesk.store.config import resolve_db_url
from counterdesk.store.engine import make_engine, normalise_url, sqlite_path
from counterdesk.store.uow import Store


def sqlite_file(db: str | None, home: Path) -> Path | None:
    """The SQLite file a ``--db`` value (or the default) names; None for PostgreSQL."""
    return sqlite_path(resolve_db_url(db, home) or default_db_url(home))


def require_sqlite_file(db: str | None, home: Path) -> Path:
    path = sqlite_file(db, home)
    if path is None:
        raise InvalidInput("Lệnh này chỉ dùng cho CSDL SQLite; với PostgreSQL hãy dùng pg_dump/pg_restore.")
    return path


def schema_revision(store: Store) -> str | None:
    return migrate.current_revision(store.engine)


def check(db: str | None, home: Path) -> bool:
    """Integrity check (SQLite: the whole file) and whether the schema is at the newest revision."""
    if db and not db.startswith(("sqlite", "/", ".")) and "://" in db:
        engine = make_engine(normalise_url(db))
        try:
            return migrate.is_at_head(engine)
        except Exception as exc:  # any driver error means "cannot reach it"
            raise StoreError(f"Không kết nối được CSDL ({exc.__class__.__name__}).") from exc
        finally:
            engine.dispose()
    path = require_sqlite_file(db, home)
    check_file(path)
    engine = make_engine(str(path))
    try:
        return migrate.is_at_head(engine)
    finally:
        engine.dispose()


def statistics_problems(store: Store) -> list[str]:
    """Where the statistics rollup differs from a recomputation from the dossiers (empty: consistent)."""
    from counterdesk.services import rollup

    with store.read() as s:
        return rollup.check(s)


def rebuild_statistics(store: Store) -> int:
    """Recompute the statistics rollup from the dossiers; the number of cells written."""
    from counterdesk.services import rollup

    with store.write() as s:
        return rollup.rebuild(s)


def quick_check(db: str | None, home: Path) -> Path:
    """The SQLite store's file after a quick check (before a backup is taken from it)."""
    path = require_sqlite_file(db, home)
    check_file(path, quick=True)
    return path


def backup_file(db: str | None, home: Path, dest: Path) -> Path:
    """An online copy of the SQLite store to ``dest`` after a quick check of the source."""
    return backup_to(quick_check(db, home), dest)


def backup_is_good(path: Path) -> bool:
    try:
        check_store_file(path)
    except StoreError:
        return False
    return True


def restore(db: str | None, home: Path, backup: Path) -> Path | None:
    """Put a checked backup in place of the SQLite store; the path the old file was kept at."""
    return restore_from(backup, require_sqlite_file(db, home))


def recovery_candidate(db: str | None, home: Path) -> tuple[Path, backups.BackupInfo] | None:
    """The SQLite store's file and the newest good backup to offer when it failed its start-up check."""
    db_file = sqlite_file(db, home)
    candidate = None if db_file is None else backups.recovery_candidate(db_file, home)
    return None if db_file is None or candidate is None else (db_file, candidate)


def restore_file(backup: Path, db_file: Path) -> Path | None:
    """Put a checked backup in place of ``db_file`` (start-up recovery, after the user agreed)."""
    return restore_from(backup, db_file)
