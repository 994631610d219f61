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
    assert migrate.head_revision() == heads[0]  # the cheap start-up reading agrees with alembic


def test_store_behind_head_is_detected_and_upgraded(db_url: str) -> None:
    from sqlalchemy import text

    engine = make_engine(db_url)
    try:
        assert migrate.current_revision(engine) is None  # empty store
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.begin() as conn:  # as if the store were one schema version older
            conn.execute(text("drop table alembic_version"))
        assert not migrate.is_at_head(engine)
        with engine.begin() as conn:
            conn.execute(text("create table alembic_version (version_num varchar(32) not null primary key)"))
            conn.execute(text("insert into alembic_version values ('0000')"))
        assert migrate.current_revision(engine) == "0000" and not migrate.is_at_head(engine)
    finally:
        engine.dispose()


def test_opening_a_store_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from counterdesk.services.setup import open_store

    db = str(tmp_path / "store.sqlite3")
    open_store(db, tmp_path).dispose()
    code = ("import sys; from pathlib import Path; from counterdesk.services.setup import open_store; "
            f"open_store({db!r}, Path({str(tmp_path)!r})).dispose(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).parents[2])
    assert out.stdout.strip() == "False"


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
    from alembic import command

    monkeypatch.setattr(command, "upgrade", broken_upgrade)
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
