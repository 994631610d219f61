"""Each mode's window opens from the real command line (offscreen) and the process exits cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterdesk.cli.gui import MODES
from tests.e2e.cli_runner import run_cli


@pytest.mark.parametrize("mode", MODES)
def test_gui_smoke_test_every_mode(home: Path, mode: str) -> None:
    r = run_cli("gui", "--mode", mode, "--smoke-test", home=home, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (home / "counterdesk.sqlite3").exists()
    assert not list((home / "crash").glob("*.log")) if (home / "crash").exists() else True
