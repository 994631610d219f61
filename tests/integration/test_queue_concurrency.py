"""8 processes issuing and 8 calling against one store: no duplicate, no gap, no ticket called twice."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter as Tally
from pathlib import Path

import pytest
from sqlalchemy import select

from counterdesk.models import Counter, CounterLine, ServiceLine, Ticket, TicketEvent
from counterdesk.services.setup import open_store

ROOT = Path(__file__).resolve().parents[2]
ISSUERS, CALLERS, PER_ISSUER = 8, 8, 25


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.queue_worker", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(url: str, tmp_path: Path) -> None:
    store = open_store(url, tmp_path)
    with store.write() as s:  # counters 5..8 so that each caller has its own counter
        office_id = s.scalars(select(Counter.office_id)).first()
        line_ids = list(s.scalars(select(ServiceLine.id)))
        for n in range(5, CALLERS + 1):
            c = Counter(office_id=office_id, number=n, name=f"Quầy {n}", active=True)
            s.add(c)
            s.flush()
            s.add_all(CounterLine(counter_id=c.id, line_id=lid) for lid in line_ids)
    done = tmp_path / "issuers-done"
    callers = [_spawn("call", url, str(n), str(done)) for n in range(1, CALLERS + 1)]
    issuers = [_spawn("issue", url, str(PER_ISSUER)) for _ in range(ISSUERS)]
    issued: list[int] = []
    for p in issuers:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        issued += json.loads(out)
    done.write_text("1")
    called: list[int] = []
    for p in callers:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        called += json.loads(out)
    total = ISSUERS * PER_ISSUER
    assert len(issued) == len(set(issued)) == total
    assert sorted(called) == sorted(issued), "every ticket called exactly once"
    with store.read() as s:
        rows = s.execute(select(Ticket.line_id, Ticket.seq, Ticket.number, Ticket.state)).all()
        call_events = Tally(s.scalars(select(TicketEvent.ticket_id).where(TicketEvent.kind == "called")))
    numbers = [r.number for r in rows]
    assert len(numbers) == len(set(numbers)) == total
    by_line: dict[int, list[int]] = {}
    for r in rows:
        by_line.setdefault(r.line_id, []).append(r.seq)
    for seqs in by_line.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), "no gap, no duplicate"
    assert {r.state for r in rows} == {"done"}
    assert set(call_events.values()) == {1} and len(call_events) == total
    store.dispose()


@pytest.mark.slow
def test_concurrent_issue_and_call_sqlite(sqlite_url: str, tmp_path: Path) -> None:
    _run(sqlite_url, tmp_path)


@pytest.mark.slow
@pytest.mark.pg
def test_concurrent_issue_and_call_postgresql(pg_schema_url: str, tmp_path: Path) -> None:
    _run(pg_schema_url, tmp_path)
