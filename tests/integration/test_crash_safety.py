"""Kill -9 a process doing real counter work, many times: nothing committed is lost or duplicated.

The child (tests/helpers/crash_child.py) issues tickets, accepts dossiers through intake and moves
them through the lifecycle, printing each operation only after its commit. After every kill the
store must pass its integrity check and the audit chain must hold; every reported operation must
be there; ticket numbers and dossier codes must run 1..N with no gap or repeat; and every dossier
must have its outbox rows (one per received/status event).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterdesk.models import Dossier, DossierEvent, OutboxEntry, ServiceLine, Ticket
from counterdesk.services import audit
from counterdesk.services.setup import open_store
from counterdesk.store.backup import check_store_file
from tests.helpers.store_state import assert_events_have_users

ROOT = Path(__file__).resolve().parents[2]
KILLS = 25


def _run_and_kill(url: str, home: Path, run: int, rng: random.Random) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.crash_child", url, str(home), str(run)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    if first.strip() != "READY":
        child.kill()
        raise AssertionError(f"child did not start: {first!r} {child.stderr.read() if child.stderr else ''}")
    time.sleep(rng.uniform(0.02, 0.45))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, f"child ended by itself ({child.returncode}): {err[-2000:]}"
    # a line cut by the kill has no newline: it was not fully reported, so it does not count
    return [line for line in out.splitlines(keepends=True) if line.endswith("\n")]


def _check_store(url: str, home: Path, tickets: set[tuple[str, str]], codes: set[str],
                 statuses: set[tuple[str, int]]) -> None:
    check_store_file(home / "store.sqlite3", quick=False)
    store = open_store(url, home)
    try:
        with store.read() as s:
            rows = s.execute(select(ServiceLine.prefix, Ticket.business_day, Ticket.seq, Ticket.number)
                             .join(ServiceLine, ServiceLine.id == Ticket.line_id)).all()
            stored_tickets = {(r.prefix, r.number) for r in rows}
            assert tickets <= stored_tickets, f"lost tickets: {sorted(tickets - stored_tickets)[:5]}"
            by_line: dict[tuple[str, object], list[int]] = defaultdict(list)
            for r in rows:
                by_line[(r.prefix, r.business_day)].append(r.seq)
            for key, seqs in by_line.items():
                assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"ticket numbers of {key} not contiguous"
            dossiers = s.execute(select(Dossier.id, Dossier.code, Dossier.received_day, Dossier.sequence)).all()
            stored_codes = {d.code for d in dossiers}
            assert codes <= stored_codes, f"lost dossiers: {sorted(codes - stored_codes)[:5]}"
            by_day: dict[object, list[int]] = defaultdict(list)
            for d in dossiers:
                by_day[d.received_day].append(d.sequence)
            for day, seqs in by_day.items():
                assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"dossier codes of {day} not contiguous"
            events = s.execute(select(DossierEvent.dossier_id, DossierEvent.kind, DossierEvent.from_status,
                                      DossierEvent.to_status, Dossier.code)
                               .join(Dossier, Dossier.id == DossierEvent.dossier_id)).all()
            reached = {(e.code, e.to_status) for e in events}
            assert statuses <= reached, f"lost status changes: {sorted(statuses - reached)[:5]}"
            outbox = Counter(s.execute(select(OutboxEntry.dossier_id, OutboxEntry.kind)).all())
            expected: Counter[tuple[int, str]] = Counter()
            for e in events:
                kind = "dossier.received" if e.from_status is None else "dossier.status"
                expected[(e.dossier_id, kind)] += 1
            assert outbox == expected, "outbox disagrees with the dossiers' events"
            linked = s.scalar(select(func.count()).select_from(Dossier).where(Dossier.ticket_id.is_not(None)))
            assert linked == len(dossiers)
        report = audit.verify(store)
        assert report.ok, report.reason
    finally:
        store.dispose()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    open_store(url, tmp_path).dispose()
    rng = random.Random(20261122)
    tickets: set[tuple[str, str]] = set()
    codes: set[str] = set()
    statuses: set[tuple[str, int]] = set()
    for run in range(KILLS):
        for line in _run_and_kill(url, tmp_path, run, rng):
            tag, *rest = line.split()
            if tag == "T":
                tickets.add((rest[0], rest[1]))
            elif tag == "D":
                codes.add(rest[0])
            elif tag == "S":
                statuses.add((rest[0], int(rest[1])))
        _check_store(url, tmp_path, tickets, codes, statuses)
    assert len(codes) > KILLS and len(statuses) > KILLS, "the child did too little work between kills"
    store = open_store(url, tmp_path)
    try:
        assert_events_have_users(store)
    finally:
        store.dispose()
