"""Upgrading a store whose scans predate sending them (0012 → 0018): each gets its outbox row once."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from counterdesk.models import DossierAttachment, OutboxEntry
from counterdesk.services import outbox
from counterdesk.store import migrate
from tests.factories import make_dossier, vn


def _scan(session, dossier_id: int, name: str, sha: str) -> DossierAttachment:
    row = DossierAttachment(dossier_id=dossier_id, document_name=name, kind="component", sha256=sha, size=1000,
                            pages=2, media_type="application/pdf", created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def test_scans_made_before_the_upgrade_are_queued_once(store) -> None:
    with store.write() as s:
        dossier = make_dossier(s, received_at=vn("2026-12-01T09:00"), due_at=vn("2026-12-04T09:00"))
        _scan(s, dossier.id, "Tờ khai", "a" * 64)
        _scan(s, dossier.id, "Căn cước", "b" * 64)
        reported = _scan(s, dossier.id, "Giấy khai sinh", "c" * 64)
        outbox.enqueue_attachment(s, dossier, reported)  # made by this release: already has its row
        code = dossier.code
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0017'"))
    migrate.upgrade(store.engine)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.read() as s:
        rows = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == outbox.ATTACHMENT_KIND)).all()
        records = sorted((json.loads(r.payload)["attachment"]["sha256"], r.state) for r in rows)
        assert records == [("a" * 64, "pending"), ("b" * 64, "pending"), ("c" * 64, "pending")]
        assert {json.loads(r.payload)["attachment"]["MaHoSo"] for r in rows} == {code}
        assert s.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.kind == outbox.ATTACHMENT_KIND)) == 3
