"""Session-level guards: the audit trail is append-only for the application itself.

An UPDATE or DELETE of an AuditEntry through the ORM (unit of work or bulk statement) raises
before anything reaches the database, so no code path can rewrite history by accident.
Someone editing the file directly is caught later by ``counterdesk audit verify``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from counterdesk.models import AuditEntry


class AuditTamperError(RuntimeError):
    """A programming error: something tried to change or delete an audit entry."""


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise AuditTamperError(f"audit entry {obj.id} cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) and session.is_modified(obj, include_collections=False):
            raise AuditTamperError(f"audit entry {obj.id} cannot be changed")


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    table = getattr(state.statement, "table", None)
    if (mapper is not None and mapper.class_ is AuditEntry) or getattr(table, "name", None) == AuditEntry.__tablename__:
        raise AuditTamperError("audit entries cannot be updated or deleted")


def install() -> None:
    """Register the guards once for every Session (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "do_orm_execute", _do_orm_execute)


install()
