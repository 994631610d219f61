"""Edit one procedure of the catalogue (admin screen and CLI), with validation and a readable history.

The fields are the catalogue file's own columns, checked by the same ``catalog.parse_row`` the CSV
import uses, so a procedure typed on screen obeys exactly the rules of one imported from a file.
Every saved change is an audit entry listing the fields changed with their old and new values:
that is the procedure's history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.models import AuditEntry, Procedure, User
from counterdesk.services import audit
from counterdesk.services.catalog import COLUMNS, OPTIONAL_COLUMNS, parse_row, upsert
from counterdesk.store.uow import Store

FIELDS = (*COLUMNS, *OPTIONAL_COLUMNS)


def _documents_text(proc: Procedure) -> str:
    return "; ".join(f"{d.name} [{d.originals}/{d.copies}]{'' if d.required else '?'}" for d in proc.documents)


def _row(proc: Procedure) -> dict[str, str]:
    cutoff = "" if proc.cutoff is None else ("none" if proc.cutoff == "" else proc.cutoff)
    duration = f"{proc.duration.normalize():f}" if proc.duration is not None else "0"
    return {
        "code": proc.code, "name": proc.name, "field_code": proc.field_code, "field_name": proc.field_name,
        "duration": duration, "unit": proc.unit, "cutoff": cutoff, "fee": str(proc.fee), "fee_note": proc.fee_note,
        "handling_unit": proc.handling_unit, "legal_basis": proc.legal_basis, "line_prefix": proc.line_prefix or "",
        "documents": _documents_text(proc), "result_document": proc.result_document, "fee_rule": proc.fee_rule, "fee_exemption": proc.fee_exemption,
    }


def procedure_fields(store: Store, code: str) -> dict[str, str]:
    """A procedure as the catalogue file's columns (what the edit form shows)."""
    with store.read() as session:
        proc = session.scalars(select(Procedure).options(selectinload(Procedure.documents))
                               .where(Procedure.code == code.strip())).first()
        if proc is None:
            raise NotFound(f"Không có thủ tục mã {code}.", field="code")
        return _row(proc)


def save_procedure(store: Store, actor: Actor, fields: dict[str, str], *, new: bool = False) -> dict[str, str]:
    """Validate and save one procedure (``new``: it must not exist yet); returns the fields saved."""
    actor.require("catalog.edit")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"Trường không có trong danh mục: {', '.join(unknown)}.")
    try:
        row = parse_row({k: str(fields.get(k, "")) for k in FIELDS})
    except InvalidInput as exc:
        raise InvalidInput(f"Thủ tục chưa lưu: {exc.message}.", field=exc.field) from None
    with store.write() as session:
        proc = session.scalars(select(Procedure).options(selectinload(Procedure.documents))
                               .where(Procedure.code == row.code)).first()
        if new and proc is not None:
            raise InvalidInput(f"Đã có thủ tục mã {row.code}.", field="code")
        if not new and proc is None:
            raise NotFound(f"Không có thủ tục mã {row.code}.", field="code")
        before = _row(proc) if proc is not None else {}
        upsert(session, [row])
        session.flush()
        saved = session.scalars(select(Procedure).options(selectinload(Procedure.documents))
                                .where(Procedure.code == row.code)).one()
        session.refresh(saved, ["documents"])
        after = _row(saved)
        changed = {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}
        if changed:
            audit.append(session, actor, "catalog.create" if new else "catalog.update", "procedure", row.code,
                         json.dumps(changed, ensure_ascii=False)[:4000])
        return after


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime
    user: str
    action: str
    fields: dict[str, list[str]]  # field → [old, new]


def history(store: Store, code: str) -> list[Change]:
    """Who changed the procedure on screen or by CLI, when and what, newest first (a file import is
    audited once under the file's name, not per procedure)."""
    with store.read() as session:
        rows = session.execute(
            select(AuditEntry.at, User.username, AuditEntry.action, AuditEntry.detail)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.entity == "procedure", AuditEntry.entity_id == code.strip())
            .order_by(AuditEntry.id.desc())
        ).all()
    changes = []
    for at, user, action, detail in rows:
        try:
            fields = json.loads(detail) if detail.startswith("{") else {}
        except ValueError:
            fields = {}
        changes.append(Change(to_vn(at), user or "hệ thống", action, fields))
    return changes
