"""1,000 notices under every injected fault, the sender SIGKILLed at random and restarted:
each notice reaches the gateway exactly once, refused ones are quarantined. Each fault alone on
SQLite; all faults at once on SQLite and PostgreSQL (where a killed sender's claims are released
as soon as the next sender sees its process gone)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counterdesk.services import notify
from counterdesk.store.uow import Store
from counterdesk.sync.notify_sim import GatewayServer
from counterdesk.sync.sim.faults import Faults
from tests.integration.test_sync_faults import ALL_FAULTS, SINGLE_FAULTS
from tests.notify_support import assert_delivered_once, bulk_notices, enable


def _sender(db_url: str, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, COUNTERDESK_HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.Popen([sys.executable, "-m", "counterdesk", "--db", db_url, "notify", "--once",
                             "--backoff", "0.005"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _deliver_while_killing(store: Store, db_url: str, tmp_path: Path, spec: str) -> None:
    valid, invalid = bulk_notices(store, 1000, invalid_every=97)
    rng = random.Random(spec)
    home = tmp_path / "home"
    home.mkdir()
    kills = 0
    with GatewayServer(tmp_path / "gw.sqlite3", Faults.parse(spec)) as gw:
        enable(store, gw.url, **{"notify.batch_size": "40"})
        deadline = time.monotonic() + 120
        for _ in range(40):
            before = notify.status(store)["sent"]
            proc = _sender(db_url, home)
            if kills < 3:
                started = time.monotonic()  # wait until it really sends, then kill it somewhere in a batch
                while proc.poll() is None and time.monotonic() - started < 10:
                    if notify.status(store)["sent"] > before:
                        break
                    time.sleep(0.02)
                time.sleep(rng.uniform(0.0, 0.2))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    kills += 1
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            counts = notify.status(store)
            if (counts["pending"] == 0 and counts["sending"] == 0) or time.monotonic() > deadline:
                break
        stats = gw.state.stats()
        faults = sum(v for k, v in stats["counters"].items() if k.startswith("fault."))
    assert kills >= 1
    assert_delivered_once(store, tmp_path / "gw.sqlite3", valid, invalid)
    assert stats["applied_twice"] == 0 and stats["messages"] == len(valid)
    if not spec.startswith("latency"):
        assert faults > 0  # the fault really happened


@pytest.mark.parametrize("name", sorted(SINGLE_FAULTS))
def test_each_fault_with_killed_sender_delivers_1000_notices_once(sqlite_store: Store, sqlite_url: str,
                                                                  tmp_path: Path, name: str) -> None:
    _deliver_while_killing(sqlite_store, sqlite_url, tmp_path, SINGLE_FAULTS[name])


def test_all_faults_with_killed_sender_delivers_1000_notices_once(store: Store, db_url: str, tmp_path: Path) -> None:
    _deliver_while_killing(store, db_url, tmp_path, ALL_FAULTS)
