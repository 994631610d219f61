"""PostgreSQL pool: a connection left unused is pinged before use, and a dead one replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from counterdesk.domain.roles import DEVICE, Actor
from counterdesk.services import queue
from counterdesk.services.setup import open_store
from counterdesk.store import engine as engine_module
from tests.factories import open_all_hours

DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)


def _kill_pooled(store: object, url: str) -> int:
    """Terminate the server side of every connection the store's pool holds."""
    from sqlalchemy import create_engine

    pids = []
    pool = store.engine.pool  # type: ignore[attr-defined]
    for _ in range(pool.checkedin()):
        conn = store.engine.raw_connection()  # type: ignore[attr-defined]
        pids.append(conn.driver_connection.info.backend_pid)
        conn.close()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        for pid in set(pids):
            c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    return len(set(pids))


def test_dead_idle_connection_is_replaced(pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(pg_schema_url, tmp_path)
    try:
        open_all_hours(store)
        queue.issue_ticket(store, DISPENSER, "A")
        assert _kill_pooled(store, pg_schema_url) >= 1
        monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)  # as if unused for a while
        assert queue.issue_ticket(store, DISPENSER, "A").ticket.number == "A002"
        with store.read() as s:
            assert s.execute(text("SELECT count(*) FROM ticket")).scalar() == 2
    finally:
        store.dispose()
