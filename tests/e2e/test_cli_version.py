from __future__ import annotations

import tomllib
from pathlib import Path

from counterdesk import __version__
from counterdesk.store import migrate
from tests.e2e.cli_runner import run_cli


def test_version_matches_the_package_and_names_the_schema(tmp_path: Path) -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == __version__
    r = run_cli("--version", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"CounterDesk {__version__} ")
    assert f"lược đồ CSDL {migrate.head_revision()}" in r.stdout
    assert not (tmp_path / "counterdesk.sqlite3").exists()  # --version opens no store
