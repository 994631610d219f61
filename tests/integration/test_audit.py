"""Audit trail on SQLite and PostgreSQL: chained, append-only, fork-free under concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.models import AuditEntry
from counterdesk.services import audit, settings
from counterdesk.store.guards import AuditTamperError
from counterdesk.store.uow import Store

ADMIN = Actor(user_id=1, username="admin", role="admin")


def _tamper(store: Store, sql: str, params: dict[str, object]) -> None:
    """Raw SQL as someone with the file or owner rights would run it (past the PostgreSQL trigger)."""
    with store.engine.begin() as conn:
        if store.dialect == "postgresql":
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
        conn.execute(text(sql), params)


def _fill(store: Store, n: int) -> list[int]:
    for i in range(n):
        with store.write() as s:
            audit.append(s, SYSTEM_ACTOR, "test.step", "thing", str(i), f"bước {i}")
    with store.read() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def test_settings_change_is_audited_with_user_and_chain(store: Store) -> None:
    settings.set_value(store, "office.cutoff", "16:00", ADMIN)
    with store.read() as s:
        row = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert row is not None
        assert (row.action, row.entity_id, row.detail, row.user_id) == ("settings.set", "office.cutoff", "16:00", 1)
        assert row.at.tzinfo is not None and len(row.hash) == 64
    report = audit.verify(store)
    assert report.ok and report.entries >= 1


def test_the_app_cannot_update_or_delete_entries(store: Store) -> None:
    _fill(store, 2)
    with pytest.raises(AuditTamperError), store.write() as s:
        s.scalars(select(AuditEntry)).first().detail = "sửa"  # type: ignore[union-attr]
    with pytest.raises(AuditTamperError), store.write() as s:
        s.delete(s.scalars(select(AuditEntry)).first())
    with pytest.raises(AuditTamperError), store.write() as s:
        s.execute(update(AuditEntry).values(detail="x"))
    with pytest.raises(AuditTamperError), store.write() as s:
        s.execute(delete(AuditEntry))
    assert audit.verify(store).ok and audit.verify(store).entries == 2


@pytest.mark.parametrize("tamper, broken_index, words", [
    ("UPDATE audit_entry SET detail = 'sửa' WHERE id = :id", 2, "bị sửa"),
    ("UPDATE audit_entry SET user_id = 1 WHERE id = :id", 2, "bị sửa"),
    ("DELETE FROM audit_entry WHERE id = :id", 2, "bị xoá"),
])
def test_verify_names_the_first_broken_entry(store: Store, tamper: str, broken_index: int, words: str) -> None:
    ids = _fill(store, 5)
    target = ids[broken_index]
    _tamper(store, tamper, {"id": target})
    report = audit.verify(store)
    assert not report.ok
    assert report.first_broken_id == target
    assert words in report.reason and str(target) in report.reason


def test_verify_notices_the_newest_entry_deleted(store: Store) -> None:
    ids = _fill(store, 3)
    _tamper(store, "DELETE FROM audit_entry WHERE id = :id", {"id": ids[-1]})
    report = audit.verify(store)
    assert not report.ok and report.first_broken_id == ids[-1]


def test_rewritten_hash_breaks_the_next_link(store: Store) -> None:
    ids = _fill(store, 4)
    _tamper(store, "UPDATE audit_entry SET detail='x', hash=:h WHERE id=:id", {"h": "f" * 64, "id": ids[1]})
    report = audit.verify(store)
    assert not report.ok and report.first_broken_id in (ids[1], ids[2])


def test_concurrent_writers_never_fork_the_chain(store: Store) -> None:
    threads, per_thread = 4, 12
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def writer(k: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with store.write() as s:
                    audit.append(s, SYSTEM_ACTOR, "test.concurrent", "writer", str(k), str(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=writer, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not errors, errors
    with store.read() as s:
        prevs = list(s.scalars(select(AuditEntry.prev_hash)))
    assert len(prevs) == threads * per_thread
    assert len(set(prevs)) == len(prevs), "two entries chained onto the same predecessor"
    report = audit.verify(store)
    assert report.ok and report.entries == threads * per_thread


def test_postgresql_trigger_refuses_raw_update_and_delete(pg_schema_url: str, tmp_path: Path) -> None:
    from sqlalchemy.exc import DBAPIError

    from counterdesk.services.setup import open_store

    store = open_store(pg_schema_url, tmp_path)
    try:
        ids = _fill(store, 2)
        for sql in ("UPDATE audit_entry SET detail = 'x' WHERE id = :id", "DELETE FROM audit_entry WHERE id = :id"):
            with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
                conn.execute(text(sql), {"id": ids[0]})
        assert audit.verify(store).ok and audit.verify(store).entries == 2
        audit.install_pg_guard(store)  # idempotent on every start
    finally:
        store.dispose()
