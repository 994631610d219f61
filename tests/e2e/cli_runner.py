"""Runs the real `counterdesk` command as a user would (a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, home: Path, db: str | None = None, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COUNTERDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    env.pop("COUNTERDESK_DB", None)
    cmd = [sys.executable, "-m", "counterdesk"]
    if db:
        cmd += ["--db", db]
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout, check=False)


def js(*args: str, home: Path, db: str) -> dict[str, object]:
    """A command that must succeed, with ``--json``: its parsed output."""
    import json

    done = run_cli(*args, "--json", home=home, db=db)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result
