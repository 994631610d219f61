"""Procedure catalogue: import a CSV file row by row, all or nothing; search without diacritics."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counterdesk.domain import fees
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import fold, has_control_chars, nfc
from counterdesk.models import Procedure, RequiredDocument
from counterdesk.services import audit
from counterdesk.store.uow import Store

UNITS = ("working_days", "working_hours", "same_day", "calendar_days", "months")
COLUMNS = ("code", "name", "field_code", "field_name", "duration", "unit", "cutoff", "fee", "fee_note",
           "handling_unit", "legal_basis", "line_prefix", "documents")
# Columns older files may lack: read as empty (the fee is then the flat `fee`).
OPTIONAL_COLUMNS = ("result_document", "fee_rule", "fee_exemption")
_CODE = re.compile(r"^\d\.\d{6}$")
_DOC = re.compile(r"^(?P<name>.+?)\s*\[(?P<orig>\d+)/(?P<copies>\d+)\](?P<opt>\?)?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_WIDTHS = {"field_code": 40, "field_name": 200, "fee_note": 300, "handling_unit": 200}


class BadRows(InvalidInput):
    """A catalogue file with bad rows: ``problems`` lists (line number, reason) so a screen can list them."""

    def __init__(self, message: str, problems: tuple[tuple[int, str], ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class DocumentRow:
    name: str
    originals: int
    copies: int
    required: bool = True


@dataclass(frozen=True)
class ProcedureRow:
    code: str
    name: str
    field_code: str
    field_name: str
    duration: Decimal
    unit: str
    cutoff: str | None
    fee: int
    fee_note: str
    handling_unit: str
    legal_basis: str
    line_prefix: str | None
    documents: tuple[DocumentRow, ...] = field(default_factory=tuple)
    result_document: str = ""
    fee_rule: str = ""
    fee_exemption: str = ""


def parse_documents(raw: str) -> tuple[DocumentRow, ...]:
    """"Tờ khai [1/0]; Giấy tờ tùy thân [0/1]?" → documents; a trailing ? marks an optional one."""
    docs = []
    for part in (p.strip() for p in raw.split(";")):
        if not part:
            continue
        m = _DOC.match(part)
        if not m:
            raise InvalidInput(f"giấy tờ '{part[:60]}' phải có dạng 'Tên [bản chính/bản sao]'")
        docs.append(DocumentRow(nfc(m["name"]), int(m["orig"]), int(m["copies"]), m["opt"] is None))
    return tuple(docs)


def parse_row(row: dict[str, str]) -> ProcedureRow:
    """Validate one CSV row; raises InvalidInput naming the bad column."""
    for key, value in row.items():
        if key is None or value is None:
            raise InvalidInput("số cột không khớp với dòng tiêu đề")
        if has_control_chars(value):
            raise InvalidInput(f"cột {key} chứa ký tự điều khiển")
    code = row["code"].strip()
    if not _CODE.match(code):
        raise InvalidInput(f"mã thủ tục '{code}' không đúng dạng 1.001193")
    name = nfc(row["name"])
    if not 3 <= len(name) <= 400:
        raise InvalidInput("tên thủ tục trống hoặc quá dài")
    unit = row["unit"].strip()
    if unit not in UNITS:
        raise InvalidInput(f"đơn vị thời hạn '{unit}' không hợp lệ ({', '.join(UNITS)})")
    try:
        duration = Decimal(row["duration"].strip() or "0")
    except InvalidOperation as exc:
        raise InvalidInput(f"thời hạn '{row['duration']}' không phải là số") from exc
    if unit == "same_day":
        duration = Decimal(0)
    elif not Decimal(0) < duration <= Decimal(365):
        raise InvalidInput("thời hạn phải lớn hơn 0 và không quá 365")
    cutoff_raw = row["cutoff"].strip()
    cutoff: str | None
    if cutoff_raw == "":
        cutoff = None
    elif cutoff_raw.lower() == "none":
        cutoff = ""
    elif _TIME.match(cutoff_raw):
        cutoff = cutoff_raw
    else:
        raise InvalidInput(f"giờ chốt '{cutoff_raw}' phải là HH:MM, 'none' hoặc để trống")
    try:
        fee = int(row["fee"].strip() or "0")
    except ValueError as exc:
        raise InvalidInput(f"lệ phí '{row['fee']}' phải là số nguyên (đồng)") from exc
    if not 0 <= fee <= 100_000_000:
        raise InvalidInput("lệ phí ngoài khoảng hợp lệ")
    rule_text = (row.get("fee_rule") or "").strip()
    rule = fees.parse(rule_text, legacy_fee=fee)  # InvalidInput names what is wrong with the rule
    fee_exemption = nfc(row.get("fee_exemption") or "")
    if len(fee_exemption) > 300:
        raise InvalidInput("cột fee_exemption dài quá 300 ký tự")
    prefix = row["line_prefix"].strip().upper() or None
    if prefix is not None and not re.fullmatch(r"[A-Z]{1,3}", prefix):
        raise InvalidInput(f"mã dãy xếp hàng '{prefix}' phải là 1–3 chữ cái")
    texts = {"field_code": row["field_code"].strip(), "field_name": nfc(row["field_name"]),
             "fee_note": nfc(row["fee_note"]), "handling_unit": nfc(row["handling_unit"])}
    for key, value in texts.items():  # the column widths of the procedure table
        if len(value) > _WIDTHS[key]:
            raise InvalidInput(f"cột {key} dài quá {_WIDTHS[key]} ký tự")
    result_document = nfc(row.get("result_document") or "")
    if len(result_document) > 400:
        raise InvalidInput("cột result_document dài quá 400 ký tự")
    documents = parse_documents(row["documents"])
    if any(len(d.name) > 400 for d in documents):
        raise InvalidInput("tên giấy tờ dài quá 400 ký tự")
    return ProcedureRow(
        code=code, name=name, field_code=texts["field_code"], field_name=texts["field_name"],
        duration=duration, unit=unit, cutoff=cutoff, fee=fee, fee_note=texts["fee_note"],
        handling_unit=texts["handling_unit"], legal_basis=nfc(row["legal_basis"]), line_prefix=prefix,
        documents=documents, result_document=result_document,
        fee_rule=rule.text() if rule_text else "", fee_exemption=fee_exemption,
    )


def parse_csv(text: str) -> list[ProcedureRow]:
    """Parse a whole file; every bad row is reported with its line number, nothing is returned then."""
    try:
        return _parse_csv(text)
    except csv.Error as exc:  # a broken quote or a stray carriage return: bad input, not a crash
        raise InvalidInput(f"Tệp danh mục không đúng định dạng CSV ({exc}).") from exc


def _parse_csv(text: str) -> list[ProcedureRow]:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"Tệp danh mục thiếu cột: {', '.join(missing)} (dòng 1).")
    rows: list[ProcedureRow] = []
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        try:
            parsed = parse_row(row)
        except InvalidInput as exc:
            problems.append((line, exc.message))
            continue
        if parsed.code in seen:
            problems.append((line, f"mã thủ tục {parsed.code} bị trùng"))
            continue
        seen.add(parsed.code)
        rows.append(parsed)
    if problems:
        errors = [f"dòng {line}: {why}" for line, why in problems]
        shown = "; ".join(errors[:20]) + (f"; … và {len(errors) - 20} lỗi khác" if len(errors) > 20 else "")
        raise BadRows(f"Tệp danh mục có {len(errors)} dòng lỗi, chưa nhập gì: {shown}", tuple(problems))
    if not rows:
        raise InvalidInput("Tệp danh mục không có dòng dữ liệu nào.")
    return rows


def upsert(session: Session, rows: list[ProcedureRow]) -> tuple[int, int]:
    """Insert new procedures and update existing ones by code; returns (added, updated)."""
    existing = {p.code: p for p in session.scalars(select(Procedure).options(selectinload(Procedure.documents)))}
    added = updated = 0
    for r in rows:
        proc = existing.get(r.code)
        if proc is None:
            proc = Procedure(code=r.code)
            session.add(proc)
            added += 1
        else:
            updated += 1
        proc.name, proc.name_key = r.name, fold(r.name)
        proc.field_code, proc.field_name = r.field_code, r.field_name
        proc.duration, proc.unit, proc.cutoff = r.duration, r.unit, r.cutoff
        proc.fee, proc.fee_note = r.fee, r.fee_note
        proc.fee_rule, proc.fee_exemption = r.fee_rule, r.fee_exemption
        proc.handling_unit, proc.legal_basis, proc.line_prefix = r.handling_unit, r.legal_basis, r.line_prefix
        proc.result_document = r.result_document
        proc.active = True
        proc.documents = [
            RequiredDocument(position=i + 1, name=d.name, originals=d.originals, copies=d.copies, required=d.required)
            for i, d in enumerate(r.documents)
        ]
    return added, updated


def import_file(store: Store, path: Path, actor: Actor = SYSTEM_ACTOR) -> tuple[int, int]:
    actor.require("catalog.edit")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInput(f"Không tìm thấy tệp {path}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Tệp {path.name} không phải văn bản UTF-8.") from exc
    except OSError as exc:  # a folder, no read permission, a vanished network share
        raise InvalidInput(f"Không đọc được tệp {path.name} ({exc.strerror or exc.__class__.__name__}).") from exc
    rows = parse_csv(text)
    with store.write() as session:
        result = upsert(session, rows)
        audit.append(session, actor, "catalog.import", "procedure", path.name, f"{result[0]} mới, {result[1]} cập nhật")
    return result


@dataclass(frozen=True)
class ProcedureView:
    id: int
    code: str
    name: str
    field_name: str
    duration: Decimal
    unit: str
    fee: int
    fee_note: str
    handling_unit: str


def search(store: Store, query: str, limit: int = 30) -> list[ProcedureView]:
    """Accent-free search over names and codes ("chung thuc" finds "Chứng thực")."""
    key = fold(query)
    with store.read() as session:
        stmt = select(Procedure).where(Procedure.active.is_(True))
        for word in key.split():
            stmt = stmt.where(Procedure.name_key.contains(word) | Procedure.code.startswith(word))
        procs = session.scalars(stmt.order_by(Procedure.name_key).limit(limit)).all()
        return [ProcedureView(p.id, p.code, p.name, p.field_name, p.duration, p.unit, p.fee, p.fee_note,
                              p.handling_unit) for p in procs]
