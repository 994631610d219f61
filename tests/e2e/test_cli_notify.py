"""`counterdesk notify-sim`, `config set notify.url`, `notify --once`, `notify status --json` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counterdesk.paths import default_db_url
from counterdesk.services.setup import open_store
from tests.e2e.cli_runner import run_cli
from tests.notify_support import bulk_notices


def test_notify_status_json_on_a_fresh_store(home: Path) -> None:
    out = run_cli("notify", "status", "--json", home=home)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("pending", "sent", "quarantined", "last_success")} == {
        "pending": 0, "sent": 0, "quarantined": 0, "last_success": None}


def test_bad_input_gets_a_one_line_message_and_exit_2(home: Path) -> None:
    faults = run_cli("notify-sim", "--faults", "boom=0.5", home=home)
    assert faults.returncode == 2 and "boom" in faults.stderr and len(faults.stderr.strip().splitlines()) == 1
    bad_url = run_cli("config", "set", "notify.url", "ftp://x", home=home)
    assert bad_url.returncode == 2 and len(bad_url.stderr.strip().splitlines()) == 1
    template = run_cli("config", "set", "notify.template.apology", "Ông {ho_ten} ơi", home=home)
    assert template.returncode == 2 and "{ho_ten}" in template.stderr
    for key, value in (("notify.hours", "00:00-23:59"), ("notify.working_days_only", "false")):
        assert run_cli("config", "set", key, value, home=home).returncode == 0
    once = run_cli("notify", "--once", home=home)
    assert once.returncode == 2 and "notify.url" in once.stderr


def test_notify_sim_and_notify_once_end_to_end(home: Path, tmp_path: Path) -> None:
    env = dict(os.environ, COUNTERDESK_HOME=str(home))
    sim = subprocess.Popen([sys.executable, "-m", "counterdesk", "notify-sim", "--port", "0", "--faults",
                            "5xx=0.2,seed=3", "--db", str(tmp_path / "gw.sqlite3")], env=env,
                           stdout=subprocess.PIPE, text=True)
    try:
        line = sim.stdout.readline() if sim.stdout else ""
        url = "http://" + line.split("http://", 1)[1].split()[0]
        for key, value in (("notify.url", url), ("notify.enabled", "true"), ("notify.hours", "00:00-23:59"),
                           ("notify.working_days_only", "false")):
            assert run_cli("config", "set", key, value, home=home).returncode == 0
        store = open_store(default_db_url(home), home)
        bulk_notices(store, 9, invalid_every=9)
        store.dispose()
        out = run_cli("notify", "--once", "--json", "--backoff", "0.01", home=home)
        assert out.returncode == 0, out.stderr
        report = json.loads(out.stdout)
        assert (report["accepted"], report["quarantined"], report["online"]) == (8, 1, True)
        status = json.loads(run_cli("notify", "status", "--json", home=home).stdout)
        assert (status["pending"], status["sent"], status["quarantined"]) == (0, 8, 1)
        assert status["last_success"].endswith("+07:00")
        listed = run_cli("notify", "list", "--state", "quarantined", home=home)
        assert "•••" in listed.stdout and "12345" not in listed.stdout
        assert run_cli("notify", "retry", listed.stdout.split("\t", 1)[0], home=home).returncode == 0
        assert json.loads(run_cli("notify", "status", "--json", home=home).stdout)["pending"] == 1
        import httpx

        stats = httpx.get(f"{url}/v1/admin/stats").json()
        assert (stats["messages"], stats["applied_twice"]) == (8, 0)
        shown = run_cli("notify", "templates", home=home)
        assert shown.returncode == 0 and "GSM-7" in shown.stdout and "UCS-2" in shown.stdout
    finally:
        sim.terminate()
        sim.wait(timeout=10)
