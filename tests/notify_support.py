"""Helpers for notice tests: settings that let notices go at any hour, bulk notices, exactly-once checks."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from counterdesk.models import Notice
from counterdesk.services import settings
from counterdesk.store.uow import Store


def enable(store: Store, url: str = "", **extra: str) -> None:
    """Notices on, sent at any hour of any day (tests run at all hours), gateway ``url``."""
    values = {"notify.enabled": "true", "notify.hours": "00:00-23:59", "notify.working_days_only": "false",
              "notify.url": url, **extra}
    for key, value in values.items():
        settings.set_value(store, key, value)


def bulk_notices(store: Store, n: int, *, invalid_every: int = 0) -> tuple[set[str], set[str]]:
    """Insert ``n`` pending notices; every ``invalid_every``-th has a number the gateway refuses."""
    now = datetime.now(UTC)
    rows, valid, invalid = [], set(), set()
    for i in range(n):
        bad = bool(invalid_every) and i % invalid_every == invalid_every - 1
        key = uuid.uuid4().hex
        (invalid if bad else valid).add(key)
        message = {"to": "12345" if bad else f"09{i:08d}", "text": f"UBND xa: Ho so H00-261203-{i:05d} da co ket qua."}
        rows.append({"idem_key": key, "dossier_id": None, "kind": "result_ready", "state": "pending", "attempts": 0,
                     "payload": json.dumps({"kind": "result_ready", "message": message}), "created_at": now,
                     "last_error": ""})
    with store.write() as session:
        for start in range(0, len(rows), 2000):
            session.execute(insert(Notice), rows[start:start + 2000])
    return valid, invalid


def assert_delivered_once(store: Store, sim_db: Path, valid: set[str], invalid: set[str]) -> None:
    """The gateway took each valid notice once, the store agrees, quarantine = the refused ones."""
    local: dict[str, set[str]] = {"pending": set(), "sending": set(), "accepted": set(), "quarantined": set()}
    with store.read() as session:
        for key, state in session.execute(select(Notice.idem_key, Notice.state)).all():
            local[state].add(key)
    conn = sqlite3.connect(sim_db)
    try:
        taken = {k for (k,) in conn.execute("SELECT key FROM messages")}
        twice = conn.execute("SELECT count(*) FROM (SELECT key FROM deliveries GROUP BY key HAVING count(*) > 1)"
                             ).fetchone()[0]
        rejected = {k for (k,) in conn.execute("SELECT DISTINCT key FROM rejections")}
    finally:
        conn.close()
    assert twice == 0
    assert taken == valid
    assert local["accepted"] == valid
    assert local["quarantined"] == invalid == rejected
    assert not local["pending"] and not local["sending"]
