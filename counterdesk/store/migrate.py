"""Bring a store to the newest schema: back up a SQLite file first, leave it usable on failure.

Every start-up asks "is the store at head?"; alembic (~0.1 s to import) is loaded only when the
answer is no. The head is read from the migration files' ``revision``/``down_revision`` lines and
the store's revision from its ``alembic_version`` table, as alembic itself would.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from counterdesk.domain.errors import StoreError
from counterdesk.store.backup import backup_name, backup_to
from counterdesk.store.engine import sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("counterdesk.store")
MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _revision_graph() -> tuple[set[str], set[str]]:
    """Every revision the packaged migration files define, and every one named as a parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(str(ast.literal_eval(found["revision"])))
        down = ast.literal_eval(found.get("down_revision", "None"))
        parents.update([down] if isinstance(down, str) else down or ())
    return revisions, parents


def known_revisions() -> set[str]:
    return _revision_graph()[0]


def head_revision() -> str:
    """The revision no migration file names as its parent (the packaged schema's head)."""
    revisions, parents = _revision_graph()
    heads = revisions - parents
    if len(heads) != 1:
        raise StoreError(f"Bộ chuyển đổi lược đồ hỏng: {len(heads)} phiên bản cuối ({', '.join(sorted(heads))}).")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for an empty store."""
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:  # no write lock for a look
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = sorted(conn.execute(text("select version_num from alembic_version")).scalars())
    return " ".join(versions) or None


def upgrade(engine: Engine, home: Path | None = None) -> Path | None:
    """Upgrade to head if needed; returns the backup made before migrating (SQLite with data only)."""
    try:
        current = current_revision(engine)
    except Exception as exc:
        from counterdesk.store.config import redact_urls

        raise StoreError(f"Không đọc được CSDL ({exc.__class__.__name__}: {redact_urls(str(exc))[:300]}).") from exc
    if current == head_revision():
        return None
    refuse_newer(current)
    backup: Path | None = None
    db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
    if db_file is not None and db_file.exists() and current is not None:
        backup = backup_to(db_file, backup_name(home or db_file.parent, "before-migration"))
        log.info("backup before migration: %s", backup)
    from alembic import command

    cfg = alembic_config()
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # batch mode copies tables: foreign keys must be off, outside any transaction
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
            finally:
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    except Exception as exc:
        where = f" Bản sao trước khi nâng cấp: {backup}." if backup else ""
        raise StoreError(
            f"Nâng cấp CSDL thất bại ({exc.__class__.__name__}); dữ liệu cũ không bị thay đổi.{where}"
        ) from exc
    return backup


def refuse_newer(current: str | None) -> None:
    """A store from a newer release (a schema revision this release does not know) is never touched:
    downgrading would lose that release's data, and writing into it with older code could corrupt it."""
    unknown = sorted(set((current or "").split()) - known_revisions())
    if unknown:
        from counterdesk import __version__

        raise StoreError(
            f"CSDL này do một phiên bản CounterDesk mới hơn tạo ra (lược đồ {', '.join(unknown)}); "
            f"phiên bản đang chạy ({__version__}, lược đồ {head_revision()}) không mở được và không thay đổi gì. "
            "Hãy cài phiên bản CounterDesk mới nhất, hoặc phục hồi một bản sao lưu của phiên bản này."
        )


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def table_count(engine: Engine) -> int:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return int(conn.execute(text("select count(*) from sqlite_master where type='table'")).scalar_one())
        return int(conn.execute(text("select count(*) from information_schema.tables where table_schema=current_schema()")).scalar_one())
