"""Exactly-once delivery to the portal simulator under injected faults, and across killed drainers.

SQLite store (one drainer per file). Single-fault cases use a few hundred changes; the all-faults
case uses 10,000 changes and a drainer process killed at random points and restarted.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counterdesk.services import settings, sync_admin
from counterdesk.sync.portal_sim import Faults, SimServer
from tests.sync_support import assert_exactly_once, bulk_outbox, drain_until_done, engine_for

SINGLE_FAULTS = {
    "drop": "drop=0.3,seed=11",
    "5xx": "5xx=0.3,seed=12",
    "latency": "latency=20ms,seed=13",
    "lost": "lost=0.3,seed=14",
    "429": "429=0.3,retry_after=0,seed=15",
    "malformed": "malformed=0.3,seed=16",
}
ALL_FAULTS = "drop=0.05,5xx=0.05,latency=2ms,lost=0.05,429=0.05,malformed=0.05,retry_after=0,seed=1"


@pytest.mark.parametrize("name", sorted(SINGLE_FAULTS))
def test_each_fault_delivers_every_change_exactly_once(sqlite_store, tmp_path: Path, name: str) -> None:
    valid, invalid = bulk_outbox(sqlite_store, 600, invalid_every=37)
    with SimServer(tmp_path / "portal.sqlite3", Faults.parse(SINGLE_FAULTS[name])) as sim:
        engine = engine_for(sqlite_store, sim.url, batch_size=40)
        drain_until_done(engine)
        engine.adapter.close()
        faults = {k: v for k, v in sim.state.stats()["counters"].items() if k.startswith("fault.")}
    assert_exactly_once(sqlite_store, tmp_path / "portal.sqlite3", valid, invalid)
    if name != "latency":
        assert sum(faults.values()) > 0  # the fault really happened


def _drainer(db_url: str, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, COUNTERDESK_HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.Popen([sys.executable, "-m", "counterdesk", "--db", db_url, "sync", "--once", "--backoff", "0.005"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_all_faults_with_killed_drainer_10000_changes(sqlite_store, sqlite_url: str, tmp_path: Path) -> None:
    """10,000 changes, every fault at once, the drainer SIGKILLed at random points and restarted."""
    valid, invalid = bulk_outbox(sqlite_store, 10_000, invalid_every=101)
    rng = random.Random(7)
    home = tmp_path / "home"
    home.mkdir()
    kills = mid_batch = 0
    with SimServer(tmp_path / "portal.sqlite3", Faults.parse(ALL_FAULTS)) as sim:
        settings.set_value(sqlite_store, "portal.url", sim.url)
        settings.set_value(sqlite_store, "portal.batch_size", "200")
        deadline = time.monotonic() + 120
        for _ in range(30):
            before = sync_admin.status(sqlite_store)["accepted"]
            proc = _drainer(sqlite_url, home)
            if kills < 6:
                # wait until this drainer is really sending, then kill it somewhere in a batch
                started = time.monotonic()
                while proc.poll() is None and time.monotonic() - started < 10:
                    if sync_admin.status(sqlite_store)["accepted"] > before:
                        break
                    time.sleep(0.02)
                time.sleep(rng.uniform(0.0, 0.3))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    kills += 1
                    mid_batch += sync_admin.status(sqlite_store)["sending"] > 0
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            counts = sync_admin.status(sqlite_store)
            if (counts["pending"] == 0 and counts["sending"] == 0) or time.monotonic() > deadline:
                break
        stats = sim.state.stats()
    assert kills >= 3 and mid_batch >= 1  # killed with claimed entries in flight, at least once
    assert_exactly_once(sqlite_store, tmp_path / "portal.sqlite3", valid, invalid)
    assert stats["applied_twice"] == 0
    assert stats["counters"].get("duplicates", 0) + stats["counters"].get("replayed", 0) > 0
