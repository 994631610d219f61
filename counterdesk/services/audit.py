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


def tail_parts(at: datetime, user_id: int | None, action: str, entity: str, detail: str) -> tuple[str, str]:
    """What an entry's hash covers after the previous hash (joined by unit separators), before and
    after its entity id (a server-side function fills that in, see services/queue/issue_pg.py)."""
    head = "\x1f".join(["", at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), str(user_id or ""), action, entity, ""])
    return head, "\x1f" + detail


def _tail(at: datetime, user_id: int | None, action: str, entity: str, entity_id: str, detail: str) -> str:
    head, rest = tail_parts(at, user_id, action, entity, detail)
    return head + entity_id + rest


def _digest(prev: str, at: datetime, user_id: int | None, action: str, entity: str, entity_id: str, detail: str) -> str:
    return hashlib.sha256((prev + _tail(at, user_id, action, entity, entity_id, detail)).encode("utf-8")).hexdigest()


def _stamp() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


LAST_HASH_SQL = "SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"
INSERT_SQL = (
    "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
    "VALUES (:at, :user_id, :action, :entity, :entity_id, :detail, :prev_hash, :hash)"
)
_MOVE_HEAD = "UPDATE sync_state SET value = :value WHERE key = :key"
_NEW_HEAD = "INSERT INTO sync_state (key, value) VALUES (:key, :value)"

# PostgreSQL: the lock, taken before the statement reading the last hash (a statement sees what
# was committed when it began).
PG_LOCK = f"pg_advisory_xact_lock({PG_LOCK_KEY})"
def append(target: Session | Sql, actor: Actor, action: str, entity: str = "", entity_id: str = "",
           detail: str = "") -> None:
    """Add one entry chained to the last; call inside the writing transaction of the change.

    Plain SQL (store/rawsql.py): every ticket transition is audited, on the dispenser's hot path."""
    sql = as_sql(target)
    if sql.dialect.name == "postgresql":
        sql.execute(f"SELECT {PG_LOCK}")
    prev = sql.scalar(LAST_HASH_SQL) or GENESIS
    at = _stamp()
    entity_id = str(entity_id)
    digest = _digest(prev, at, actor.user_id, action, entity, entity_id, detail)
    sql.execute(INSERT_SQL, {
        "at": sql.bind(AuditEntry.at, at), "user_id": actor.user_id, "action": action, "entity": entity,
        "entity_id": entity_id, "detail": detail, "prev_hash": prev, "hash": digest,
    })
    if sql.execute(_MOVE_HEAD, {"key": HEAD_KEY, "value": digest}).rowcount == 0:
        sql.execute(_NEW_HEAD, {"key": HEAD_KEY, "value": digest})


def pg_entry_params(sql: Sql, actor: Actor, action: str, entity: str = "", detail: str = "") -> dict[str, Any]:
    """``append``'s values for a server-side function that writes the entry itself, its entity id
    known only there (services/queue/issue_pg.py); it must take ``PG_LOCK_KEY`` before reading the
    last hash. The hash it computes is the one ``verify`` recomputes."""
    at = _stamp()
    head, rest = tail_parts(at, actor.user_id, action, entity, detail)
    return {"lock": PG_LOCK_KEY, "genesis": GENESIS, "audit_at": sql.bind(AuditEntry.at, at), "action": action,
            "entity": entity, "tail_head": head, "tail_rest": rest, "head_key": HEAD_KEY}


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
