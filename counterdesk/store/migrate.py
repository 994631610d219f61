"""Bring a store to the newest schema: back up a SQLite file first, leave it usable on failure."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from counterdesk.domain.errors import StoreError
from counterdesk.store.backup import backup_name, backup_to
from counterdesk.store.engine import sqlite_path

log = logging.getLogger("counterdesk.store")
MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, home: Path | None = None) -> Path | None:
    """Upgrade to head if needed; returns the backup made before migrating (SQLite with data only)."""
    try:
        current = current_revision(engine)
    except Exception as exc:
        from counterdesk.store.config import redact_urls

        raise StoreError(f"Không đọc được CSDL ({exc.__class__.__name__}: {redact_urls(str(exc))[:300]}).") from exc
    if current == head_revision():
        return None
    backup: Path | None = None
    db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
    if db_file is not None and db_file.exists() and current is not None:
        backup = backup_to(db_file, backup_name(home or db_file.parent, "before-migration"))
        log.info("backup before migration: %s", backup)
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


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def table_count(engine: Engine) -> int:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return int(conn.execute(text("select count(*) from sqlite_master where type='table'")).scalar_one())
        return int(conn.execute(text("select count(*) from information_schema.tables where table_schema=current_schema()")).scalar_one())
