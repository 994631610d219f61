"""`counterdesk portal-sim`, `sync --once` and `sync status --json` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counterdesk.services import sync_admin
from tests.e2e.cli_runner import run_cli
from tests.sync_support import bulk_outbox


def test_sync_status_json_on_a_fresh_store(home: Path) -> None:
    out = run_cli("sync", "status", "--json", home=home)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("pending", "sending", "accepted", "quarantined", "last_success")} == {
        "pending": 0, "sending": 0, "accepted": 0, "quarantined": 0, "last_success": None}


def test_bad_input_gets_a_one_line_message_and_exit_2(home: Path) -> None:
    faults = run_cli("portal-sim", "--faults", "boom=0.5", home=home)
    assert faults.returncode == 2 and "boom" in faults.stderr and len(faults.stderr.strip().splitlines()) == 1
    once = run_cli("sync", "--once", home=home)
    assert once.returncode == 2 and "portal.url" in once.stderr


def test_portal_sim_and_sync_once_end_to_end(home: Path, tmp_path: Path) -> None:
    from counterdesk.paths import default_db_url
    from counterdesk.services.setup import open_store

    env = dict(os.environ, COUNTERDESK_HOME=str(home))
    sim = subprocess.Popen([sys.executable, "-m", "counterdesk", "portal-sim", "--port", "0",
                            "--db", str(tmp_path / "portal.sqlite3")], env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = sim.stdout.readline() if sim.stdout else ""
        url = line.split("http://", 1)[1].split()[0]
        assert run_cli("config", "set", "portal.url", f"http://{url}", home=home).returncode == 0
        store = open_store(default_db_url(home), home)
        bulk_outbox(store, 7, invalid_every=7)
        store.dispose()
        out = run_cli("sync", "--once", "--json", home=home)
        assert out.returncode == 0, out.stderr
        report = json.loads(out.stdout)
        assert (report["accepted"], report["quarantined"], report["online"]) == (6, 1, True)
        status = json.loads(run_cli("sync", "status", "--json", home=home).stdout)
        assert (status["pending"], status["accepted"], status["quarantined"]) == (0, 6, 1)
        assert status["last_success"].endswith("+07:00")
        listed = run_cli("sync", "list", "--state", "quarantined", home=home)
        assert "NgayTiepNhan" in listed.stdout
        entry_id = listed.stdout.split("\t", 1)[0]
        assert run_cli("sync", "retry", entry_id, home=home).returncode == 0
        store = open_store(default_db_url(home), home)
        assert sync_admin.status(store)["pending"] == 1
        store.dispose()
    finally:
        sim.terminate()
        sim.wait(timeout=10)
