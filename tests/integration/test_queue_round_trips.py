"""The issue path's round trips on PostgreSQL (office LAN): one call of a server-side function,
committed by the server (autocommit), no BEGIN or COMMIT.

Counted, not timed: the benchmark (bench/bench_queue.py) holds the ≤ 3× ratio to a raw insert.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from counterdesk.domain.roles import DEVICE, Actor
from counterdesk.services import audit, queue
from counterdesk.services.setup import open_store
from counterdesk.store.rawsql import Sql
from tests.factories import vn

DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)


def test_issue_on_postgresql_takes_one_statement(pg_schema_url: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(pg_schema_url, tmp_path)
    try:
        queue.issue_ticket(store, DISPENSER, "A", now=vn("2026-12-04T08:00"))  # the day's first number
        sent: list[str] = []
        real = Sql.execute

        def counting(self: Sql, sql: str, params: object = None) -> object:
            sent.append(sql)
            return real(self, sql, params)  # type: ignore[arg-type]

        monkeypatch.setattr(Sql, "execute", counting)
        second = queue.issue_ticket(store, DISPENSER, "A", priority=True, now=vn("2026-12-04T08:01"))
        monkeypatch.undo()
        assert len(sent) == 1
        assert (second.ticket.number, second.ahead) == ("A002", 0)
        assert queue.issue_ticket(store, DISPENSER, "A", now=vn("2026-12-04T08:02")).ahead == 2
        assert audit.verify(store).ok  # the server-side hash is the one verify recomputes
    finally:
        store.dispose()
