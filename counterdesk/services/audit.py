"""Append-only, hash-chained audit trail and its verification.

Each entry's hash covers the previous entry's hash, so an edited row breaks its own hash and a
deleted row breaks the next link. The newest hash is also kept in ``sync_state`` (key
``audit.head``) so that deleting the newest entries is noticed too.

Two writers must never chain onto the same predecessor (a fork): on SQLite the writing
transaction already holds the database write lock (BEGIN IMMEDIATE); on PostgreSQL ``append``
takes a transaction-scoped advisory lock before reading the last hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counterdesk.domain.roles import Actor
from counterdesk.models import AuditEntry, SyncState
from counterdesk.store.rawsql import Sql, as_sql
from counterdesk.store.uow import Store

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
PG_LOCK_KEY = 0x0C0DE5A0D17  # any constant shared by every CounterDesk process


PG_GUARD_SQL = (
    """CREATE OR REPLACE FUNCTION counterdesk_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP;
    END;
    $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION counterdesk_audit_append_only()""",
)


def install_pg_guard(store: Store) -> None:
    """On PostgreSQL, a trigger refuses UPDATE and DELETE of audit rows from any client.

    Someone with rights to drop the trigger can still tamper; ``verify`` then names the entry.
    """
    if store.dialect != "postgresql":
        return
    with store.engine.begin() as conn:
        exists = conn.execute(text(
            "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'audit_entry_append_only' AND c.relname = 'audit_entry' "
            "AND c.relnamespace = to_regnamespace(current_schema())::oid"
        )).first()
        if exists is None:
            for statement in PG_GUARD_SQL:
                conn.execute(text(statement))


def _tail(at: datetime, user_id: int | None, action: str, entity: str, entity_id: str, detail: str) -> str:
    """What an entry's hash covers after the previous hash (joined by unit separators)."""
    return "\x1f" + "\x1f".join(
        [at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), str(user_id or ""), action, entity, entity_id, detail]
    )


def _digest(prev: str, at: datetime, user_id: int | None, action: str, entity: str, entity_id: str, detail: str) -> str:
    return hashlib.sha256((prev + _tail(at, user_id, action, entity, entity_id, detail)).encode("utf-8")).hexdigest()


def _stamp() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


_LAST_HASH = "SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"
_INSERT = (
    "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
    "VALUES (:at, :user_id, :action, :entity, :entity_id, :detail, :prev_hash, :hash)"
)
_MOVE_HEAD = "UPDATE sync_state SET value = :value WHERE key = :key"
_NEW_HEAD = "INSERT INTO sync_state (key, value) VALUES (:key, :value)"

# PostgreSQL: the lock as an expression, to be taken by an earlier statement of the transaction
# than the one reading the last hash (a statement sees what was committed when it began).
PG_LOCK = f"pg_advisory_xact_lock({PG_LOCK_KEY})"
# The whole entry as CTEs riding inside another statement of the change: the previous hash, the
# row hashed by the server (SHA-256 of the previous hash + the same tail), the head moved on.
_PG_CTES = (
    "audit_prev AS (SELECT coalesce((" + _LAST_HASH + "), :audit_genesis) AS h), "
    "audit_row AS (INSERT INTO audit_entry (at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
    "SELECT :audit_at, :audit_user, :audit_action, :audit_entity, :audit_entity_id, :audit_detail, h, "
    "encode(sha256(convert_to(h || :audit_tail, 'UTF8')), 'hex') FROM audit_prev RETURNING hash), "
    "audit_head AS (INSERT INTO sync_state (key, value) SELECT :audit_key, hash FROM audit_row "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value)"
)


def append(target: Session | Sql, actor: Actor, action: str, entity: str = "", entity_id: str = "",
           detail: str = "") -> None:
    """Add one entry chained to the last; call inside the writing transaction of the change.

    Plain SQL (store/rawsql.py): every ticket transition is audited, on the dispenser's hot path."""
    sql = as_sql(target)
    if sql.dialect.name == "postgresql":
        sql.execute(f"SELECT {PG_LOCK}")
    prev = sql.scalar(_LAST_HASH) or GENESIS
    at = _stamp()
    entity_id = str(entity_id)
    digest = _digest(prev, at, actor.user_id, action, entity, entity_id, detail)
    sql.execute(_INSERT, {
        "at": sql.bind(AuditEntry.at, at), "user_id": actor.user_id, "action": action, "entity": entity,
        "entity_id": entity_id, "detail": detail, "prev_hash": prev, "hash": digest,
    })
    if sql.execute(_MOVE_HEAD, {"key": HEAD_KEY, "value": digest}).rowcount == 0:
        sql.execute(_NEW_HEAD, {"key": HEAD_KEY, "value": digest})


def pg_entry_ctes(sql: Sql, actor: Actor, action: str, entity: str = "", entity_id: str = "",
                  detail: str = "") -> tuple[str, dict[str, Any]]:
    """``append`` as PostgreSQL CTEs (``audit_prev``, ``audit_row``, ``audit_head``) and their
    parameters, for a hot path that saves the round trips; an earlier statement of the same
    transaction must have taken ``PG_LOCK``. The hash is the one ``verify`` recomputes."""
    at = _stamp()
    entity_id = str(entity_id)
    return _PG_CTES, {
        "audit_genesis": GENESIS, "audit_at": sql.bind(AuditEntry.at, at), "audit_user": actor.user_id,
        "audit_action": action, "audit_entity": entity, "audit_entity_id": entity_id, "audit_detail": detail,
        "audit_tail": _tail(at, actor.user_id, action, entity, entity_id, detail), "audit_key": HEAD_KEY,
    }


@dataclass(frozen=True)
class AuditReport:
    entries: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(store: Store) -> AuditReport:
    """Walk the chain and name the first entry that is not what was written."""
    prev = GENESIS
    prev_id = 0
    count = 0
    with store.read() as session:
        head_row = session.get(SyncState, HEAD_KEY)
        head = head_row.value if head_row is not None else None
        for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
            count += 1
            if row.prev_hash != prev:
                if row.id > prev_id + 1:
                    missing = f"{prev_id + 1}" if row.id == prev_id + 2 else f"{prev_id + 1}–{row.id - 1}"
                    return AuditReport(count, prev_id + 1,
                                       f"mục {missing} đã bị xoá (mục {row.id} không còn nối với mục {prev_id or 'đầu'})")
                return AuditReport(count, row.id, f"mục {row.id}: liên kết với mục {prev_id or 'đầu'} bị đứt "
                                                  f"(mục {prev_id or row.id} hoặc mục {row.id} đã bị sửa)")
            expected = _digest(row.prev_hash, row.at, row.user_id, row.action, row.entity, row.entity_id, row.detail)
            if expected != row.hash:
                return AuditReport(count, row.id, f"mục {row.id} ({row.action}): nội dung đã bị sửa")
            prev, prev_id = row.hash, row.id
    if head is not None and head != prev:
        return AuditReport(count, prev_id + 1, f"các mục sau mục {prev_id} đã bị xoá (mục cuối không khớp)")
    return AuditReport(count, None, "")


def entries(store: Store, *, limit: int = 200) -> list[tuple[int, datetime, int | None, str, str, str, str]]:
    """The newest entries (id, at, user id, action, entity, entity id, detail) for display."""
    with store.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [(r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.detail) for r in rows]
