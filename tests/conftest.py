"""Shared fixtures. Integration tests get `store`, run once on SQLite and once on PostgreSQL.

PostgreSQL comes from COUNTERDESK_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
each test gets its own schema. Under CI a missing server fails the run; elsewhere those tests skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTERDESK_DEMO_PASSWORD", "thu-Nghiem-2026")  # tests.helpers.DEMO_PASSWORD

PG_ENV = "COUNTERDESK_TEST_PG"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_base_url() -> str:
    return os.environ.get(PG_ENV) or PG_DEFAULT


def _pg_or_skip() -> str:
    from sqlalchemy import create_engine, text

    url = pg_base_url()
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        msg = f"PostgreSQL không kết nối được ({exc.__class__.__name__}); đặt {PG_ENV}=postgresql+psycopg://user@host/db"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return url


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, private schema (dropped afterwards)."""
    from sqlalchemy import create_engine, text

    base = _pg_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One URL per backend: integration tests using it run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[object]:
    """A migrated store with the demo office, on each backend."""
    from counterdesk.services.setup import open_store

    st = open_store(db_url, tmp_path)
    yield st
    st.dispose()


@pytest.fixture
def sqlite_store(sqlite_url: str, tmp_path: Path) -> Iterator[object]:
    """A migrated SQLite store with the demo office (UI tests and SQLite-only behaviour)."""
    from counterdesk.services.setup import open_store

    st = open_store(sqlite_url, tmp_path)
    yield st
    st.dispose()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data directory for CLI and app runs."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("COUNTERDESK_HOME", str(h))
    monkeypatch.delenv("COUNTERDESK_DB", raising=False)
    return h


@pytest.fixture
def scans_home(store: object, tmp_path: Path) -> Path:
    """The data home of a store that keeps scans (PostgreSQL: with its shared scans folder set)."""
    from tests.helpers.scans import shared_scans

    shared_scans(store, tmp_path)
    return tmp_path
