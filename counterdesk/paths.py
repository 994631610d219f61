"""Where CounterDesk keeps its data: --home, COUNTERDESK_HOME, or the user data directory."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir


def data_home(explicit: str | None = None) -> Path:
    """The data directory, created if missing."""
    raw = explicit or os.environ.get("COUNTERDESK_HOME") or user_data_dir("CounterDesk", appauthor=False)
    home = Path(raw).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def default_db_url(home: Path) -> str:
    return f"sqlite:///{home / 'counterdesk.sqlite3'}"


def resource_path(*parts: str) -> Path:
    """A file shipped in counterdesk/resources (works installed, editable or frozen)."""
    base = resources.files("counterdesk") / "resources"
    return Path(str(base.joinpath(*parts)))
