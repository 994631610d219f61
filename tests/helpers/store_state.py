"""Assertions about a store's content, shared by integration and fuzz tests."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, text

from counterdesk.models import Base, DossierEvent
from counterdesk.store.uow import Store


def fingerprint(store: Store) -> str:
    """A digest of every row of every table: equal before/after means nothing was changed."""
    digest = hashlib.sha256()
    with store.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(table.select()).all()
            digest.update(table.name.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode("utf-8"))
        version = session.execute(text("select version_num from alembic_version")).scalars().all()
        digest.update(repr(version).encode())
    return digest.hexdigest()


def assert_events_have_users(store: Store, *, since_id: int = 0) -> list[Any]:
    """Every dossier event after ``since_id`` records the user who did it; returns (id, kind, user_id) rows."""
    with store.read() as session:
        events = list(session.execute(select(DossierEvent.id, DossierEvent.kind, DossierEvent.user_id)
                                      .where(DossierEvent.id > since_id).order_by(DossierEvent.id)).all())
    missing = [(e.id, e.kind) for e in events if e.user_id is None]
    assert events, "no dossier events to check"
    assert not missing, f"dossier events without user_id: {missing[:10]}"
    return events
