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
from tests.factories import open_all_hours

ROOT = Path(__file__).resolve().parents[2]
ISSUERS, CALLERS, PER_ISSUER = 8, 8, 25


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.queue_worker", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(url: str, tmp_path: Path) -> None:
    store = open_store(url, tmp_path)
    open_all_hours(store)  # the callers run at wall-clock time
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


def test_dispensers_racing_for_the_first_number_of_a_day_all_get_one(store, tmp_path: Path) -> None:
    """Eight dispensers pressed at the same instant on a new day: the first-of-day row is being
    inserted by one of them while the others look for it (on PostgreSQL they do not wait for it)."""
    import threading
    from datetime import timedelta

    from counterdesk.domain.roles import DEVICE, Actor
    from counterdesk.services import queue
    from tests.factories import vn

    actor = Actor(user_id=None, username="dispenser", role=DEVICE)
    for day in range(6):
        moment = vn("2026-11-23T07:30") + timedelta(days=day)
        gate = threading.Barrier(8)
        numbers: list[str] = []
        errors: list[BaseException] = []

        def press(at=moment, gate=gate, numbers=numbers, errors=errors) -> None:
            gate.wait()
            try:
                numbers.append(queue.issue_ticket(store, actor, "A", now=at).ticket.number)
            except BaseException as exc:  # noqa: BLE001 - reported below with the day
                errors.append(exc)

        threads = [threading.Thread(target=press) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == [], f"day {day}: {errors}"
        assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 9)]
