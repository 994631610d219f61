"""Transactional outbox: the row reporting a change is written in the change's own transaction."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from counterdesk.models import Applicant, Dossier, OutboxEntry, Procedure
from counterdesk.sync.payload import dossier_payload


def enqueue_dossier(session: Session, dossier: Dossier, kind: str) -> OutboxEntry:
    """Record that ``dossier`` changed (``kind``: dossier.received, dossier.status, …).

    The idempotency key is made here, once, and never changes: every retry of this entry sends it.
    """
    session.flush()
    procedure = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Applicant, dossier.applicant_id)
    payload = {"kind": kind, "dossier": dossier_payload(dossier, procedure, applicant)}
    entry = OutboxEntry(
        idem_key=uuid.uuid4().hex,
        dossier_id=dossier.id,
        kind=kind,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        state="pending",
        attempts=0,
        created_at=datetime.now(UTC),
        last_error="",
    )
    session.add(entry)
    return entry
