"""Fixtures of the CLI end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def cli_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One shared store per backend for separate `counterdesk` processes (a file or a PG schema)."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite3")
    return str(request.getfixturevalue("pg_schema_url"))
