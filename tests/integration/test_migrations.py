from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from counterdesk.models import Base
from counterdesk.store import migrate
from counterdesk.store.engine import make_engine


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_from_empty_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        assert migrate.is_at_head(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        # A second run is a no-op.
        assert migrate.upgrade(engine) is None
    finally:
        engine.dispose()


def test_failed_migration_backs_up_and_leaves_old_file_usable(tmp_path: Path, monkeypatch) -> None:
    import pytest
    from sqlalchemy import text

    from counterdesk.domain.errors import StoreError
    from counterdesk.services.setup import open_store

    path = tmp_path / "store.sqlite3"
    store = open_store(str(path), tmp_path)
    store.dispose()

    def broken_upgrade(cfg, _rev):  # a migration that does damage, then fails
        conn = cfg.attributes["connection"]
        conn.execute(text("drop table procedure"))
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    monkeypatch.setattr(migrate.command, "upgrade", broken_upgrade)
    engine = make_engine(str(path))
    with pytest.raises(StoreError) as err:
        migrate.upgrade(engine, tmp_path)
    engine.dispose()
    assert "không bị thay đổi" in err.value.message
    backups = list((tmp_path / "backups").glob("*before-migration*.sqlite3"))
    assert len(backups) == 1
    monkeypatch.undo()
    store = open_store(str(path), tmp_path)
    with store.read() as session:
        assert session.execute(text("select count(*) from procedure")).scalar_one() >= 3
    store.dispose()
