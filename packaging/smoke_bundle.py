"""Smoke-test a built bundle as a machine without the source tree would run it.

    python packaging/smoke_bundle.py dist/counterdesk [--installed /usr/bin/counterdesk]

Copies the bundle to a temporary folder (or uses an installed command), then runs from a
directory outside the source tree, with PYTHONPATH and the source removed from the
environment and a fresh data directory: ``--version``, every mode's ``gui --smoke-test``
(offscreen), and a CLI round trip. Prints one line per check and exits 1 on the first failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ("desk", "supervisor", "admin", "dispenser", "display", "kiosk")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COUNTERDESK_", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", COUNTERDESK_HOME=str(home), HOME=str(home.parent))
    return env


def run(cmd: list[str], home: Path, cwd: Path) -> str:
    started = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=_env(home), cwd=cwd, timeout=300, check=False)
    took = time.perf_counter() - started
    label = " ".join(cmd[1:])
    if r.returncode != 0:
        print(f"FAIL {label} (exit {r.returncode}, {took:.1f} s)\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
        raise SystemExit(1)
    print(f"ok   {label} ({took:.1f} s)")
    return r.stdout


def smoke(command: Path, work: Path) -> None:
    home = work / "data"
    home.mkdir()
    out = run([str(command), "--version"], home, work)
    assert out.startswith("CounterDesk "), out
    for mode in MODES:
        run([str(command), "gui", "--mode", mode, "--smoke-test"], home, work)
    code = run([str(command), "ticket", "issue", "--line", "A", "--json"], home, work)
    assert '"number"' in code, code
    run([str(command), "audit", "verify"], home, work)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory(prefix="counterdesk-smoke-") as tmp:
        work = Path(tmp)
        if "--installed" in argv:
            command = Path(argv[argv.index("--installed") + 1])
        else:
            copy = work / "bundle"
            shutil.copytree(bundle, copy, symlinks=True)
            command = copy / ("counterdesk.exe" if sys.platform.startswith("win") else "counterdesk")
        smoke(command, work)
    print("bundle smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
