"""Helpers for sync tests: a simulator on a free loopback port, bulk outbox rows, and checks."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from counterdesk.models import OutboxEntry
from counterdesk.services import sync_admin
from counterdesk.store.uow import Store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.portal import HttpPortalAdapter


def record(i: int, *, valid: bool = True) -> dict[str, Any]:
    """A national-message-set record; invalid ones carry a date the portal refuses."""
    return {
        "MaHoSo": f"000.00.01.H29-261120-{i:05d}", "MaTTHC": "1.004873", "TenTTHC": "Đăng ký khai sinh",
        "MaDonVi": "000.00.01.H29", "ChuHoSo": "Nguyễn Văn An", "LoaiDoiTuong": 1,
        "NgayTiepNhan": "20261120091500" if valid else "2026-11-20 09:15", "NgayHenTra": "20261123091500",
        "TrangThaiHoSo": 2, "KenhThucHien": 1, "HinhThuc": 0, "NgayTra": None, "NgayKetThucXuLy": None,
    }


def bulk_outbox(store: Store, n: int, *, invalid_every: int = 0) -> tuple[set[str], set[str]]:
    """Insert ``n`` pending outbox rows in one statement; returns (valid keys, invalid keys)."""
    now = datetime.now(UTC)
    rows, valid, invalid = [], set(), set()
    for i in range(n):
        bad = bool(invalid_every) and i % invalid_every == invalid_every - 1
        key = uuid.uuid4().hex
        (invalid if bad else valid).add(key)
        payload = json.dumps({"kind": "dossier.received", "dossier": record(i, valid=not bad)}, ensure_ascii=False)
        rows.append({"idem_key": key, "dossier_id": None, "kind": "dossier.received", "payload": payload,
                     "state": "pending", "attempts": 0, "created_at": now, "last_error": ""})
    with store.write() as session:
        for start in range(0, len(rows), 2000):
            session.execute(insert(OutboxEntry), rows[start:start + 2000])
    return valid, invalid


def keys_by_state(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"pending": set(), "sending": set(), "accepted": set(), "quarantined": set()}
    with store.read() as session:
        for key, state in session.execute(select(OutboxEntry.idem_key, OutboxEntry.state)).all():
            out[state].add(key)
    return out


def portal_keys(sim_db: Path) -> tuple[set[str], int, set[str]]:
    """(item keys the portal holds, effects applied more than once, keys it ever rejected)."""
    conn = sqlite3.connect(sim_db)
    try:
        items = {k for (k,) in conn.execute("SELECT key FROM items")}
        twice = conn.execute("SELECT count(*) FROM (SELECT key FROM receipts GROUP BY key HAVING count(*) > 1)"
                             ).fetchone()[0]
        rejected = {k for (k,) in conn.execute("SELECT DISTINCT key FROM rejections")}
    finally:
        conn.close()
    return items, int(twice), rejected


def engine_for(store: Store, url: str, *, batch_size: int = 100, token: str = "") -> SyncEngine:
    return SyncEngine(store, HttpPortalAdapter(url, token=token), sync_admin.apply_pulled, batch_size=batch_size,
                      retry=sync_admin.quick_policy(base=0.005, cap=0.05))


def drain_until_done(engine: SyncEngine, *, max_runs: int = 400, max_seconds: float = 90.0) -> int:
    """Run the engine until nothing is pending or sending; bounded in runs and time."""
    deadline = time.monotonic() + max_seconds
    for runs in range(1, max_runs + 1):
        engine.run_once(pull=False)
        counts = sync_admin.status(engine.store)
        if counts["pending"] == 0 and counts["sending"] == 0:
            return runs
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    raise AssertionError(f"outbox not drained: {sync_admin.status(engine.store)}")


def assert_exactly_once(store: Store, sim_db: Path, valid: set[str], invalid: set[str]) -> None:
    """The portal holds each valid change once, the store agrees, quarantine = the rejected ones."""
    local = keys_by_state(store)
    items, twice, rejected = portal_keys(sim_db)
    assert twice == 0
    assert items == valid
    assert local["accepted"] == valid
    assert local["quarantined"] == invalid
    assert rejected == invalid
    assert not local["pending"] and not local["sending"]
