"""Append-only, hash-chained audit trail and its verification."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain.roles import Actor
from counterdesk.models import AuditEntry
from counterdesk.store.uow import Store

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, user_id: int | None, action: str, entity: str, entity_id: str, detail: str) -> str:
    material = "\x1f".join(
        [prev, at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), str(user_id or ""), action, entity, entity_id, detail]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def append(session: Session, actor: Actor, action: str, entity: str = "", entity_id: str = "", detail: str = "") -> None:
    """Add one entry chained to the last; call inside the writing transaction of the change."""
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    prev = last or GENESIS
    now = datetime.now(UTC)
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    digest = _digest(prev, at, actor.user_id, action, entity, entity_id, detail)
    session.add(AuditEntry(at=at, user_id=actor.user_id, action=action, entity=entity,
                           entity_id=str(entity_id), detail=detail, prev_hash=prev, hash=digest))


@dataclass(frozen=True)
class AuditReport:
    entries: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(store: Store) -> AuditReport:
    """Walk the chain; an edited row breaks its own hash, a deleted one breaks the next link."""
    prev = GENESIS
    count = 0
    with store.read() as session:
        for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
            count += 1
            if row.prev_hash != prev:
                return AuditReport(count, row.id, f"mục {row.id}: liên kết với mục trước bị đứt (có mục bị xoá hoặc sửa)")
            expected = _digest(row.prev_hash, row.at, row.user_id, row.action, row.entity, row.entity_id, row.detail)
            if expected != row.hash:
                return AuditReport(count, row.id, f"mục {row.id}: nội dung đã bị sửa")
            prev = row.hash
    return AuditReport(count, None, "")
