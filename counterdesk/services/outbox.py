"""Transactional outbox: the row reporting a change is written in the change's own transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from counterdesk.models import Applicant, Dossier, DossierAttachment, OutboxEntry, Procedure
from counterdesk.sync.payload import ATTACHMENT_FIELD, ATTACHMENT_KIND, attachment_record, dossier_payload


def enqueue_dossier(session: Session, dossier: Dossier, kind: str) -> OutboxEntry:
    """Record that ``dossier`` changed (``kind``: dossier.received, dossier.status, …).

    The idempotency key is made here, once, and never changes: every retry of this entry sends it.
    """
    session.flush()
    procedure = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Applicant, dossier.applicant_id)
    payload = {"kind": kind, "dossier": dossier_payload(dossier, procedure, applicant)}
    return _add(session, dossier, kind, payload)


def enqueue_attachment(session: Session, dossier: Dossier, row: DossierAttachment) -> OutboxEntry:
    """Record that a scan was attached: the sender uploads its bytes, then links it to the dossier.

    Written in the attachment row's own transaction, so a scan is reported exactly when it exists.
    """
    session.flush()
    record = attachment_record(dossier.code, row.document_name, row.kind, row.sha256, row.size, row.pages,
                               row.media_type)
    return _add(session, dossier, ATTACHMENT_KIND, {"kind": ATTACHMENT_KIND, ATTACHMENT_FIELD: record})


def _add(session: Session, dossier: Dossier, kind: str, payload: Mapping[str, object]) -> OutboxEntry:
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
