"""The intake JSON document (``counterdesk intake --json``, DESIGN §7) read into an IntakeRequest.

Split from services.intake: this is only the reading of a document's shape (types, required
keys, ISO times), with a Vietnamese message naming the bad field; the request itself is then
checked and saved by ``intake.accept`` exactly as a form at the counter is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.services.intake import ApplicantInput, DocumentInput, IntakeRequest, RepresentativeInput


def _str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"Trường '{where}{key}' phải là chuỗi.", field=key)
    return value


def _int(obj: dict[str, Any], key: str, default: int, where: str = "") -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"Trường '{where}{key}' phải là số nguyên.", field=key)
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"Trường '{where}' phải là một đối tượng JSON.", field=where)
    return value


_APPLICANT_KEYS = {"name", "id_number", "birth_date", "gender", "phone", "email", "address"}
_DOC_KEYS = {"procedure", "received_at", "sets", "applicant", "documents", "representative", "fee", "delivery",
             "channel", "note", "complete_now", "ticket_id", "pages", "copies", "fee_exemption"}


def request_from_document(doc: Any) -> IntakeRequest:
    """The intake document of DESIGN §7 (already JSON-decoded) → a request; InvalidInput naming the field."""
    doc = _object(doc, "(gốc)")
    unknown = sorted(set(doc) - _DOC_KEYS)
    if unknown:
        raise InvalidInput(f"Trường không được hỗ trợ: {', '.join(unknown)}.")
    procedure = _str(doc, "procedure", "")
    if not procedure:
        raise InvalidInput("Thiếu trường 'procedure' (mã thủ tục, ví dụ 2.000815).", field="procedure")
    raw_app = _object(doc.get("applicant"), "applicant")
    unknown = sorted(set(raw_app) - _APPLICANT_KEYS)
    if unknown:
        raise InvalidInput(f"Trường không được hỗ trợ trong applicant: {', '.join(unknown)}.")
    birth: date | None = None
    if raw_app.get("birth_date"):
        try:
            birth = date.fromisoformat(_str(raw_app, "birth_date", "applicant."))
        except ValueError:
            raise InvalidInput("applicant.birth_date phải có dạng YYYY-MM-DD.", field="birth_date") from None
    applicant = ApplicantInput(
        name=_str(raw_app, "name", "applicant."), id_number=_str(raw_app, "id_number", "applicant."),
        birth_date=birth, gender=_str(raw_app, "gender", "applicant."), phone=_str(raw_app, "phone", "applicant."),
        email=_str(raw_app, "email", "applicant."), address=_str(raw_app, "address", "applicant."),
    )
    documents: tuple[DocumentInput, ...] | None = None
    if doc.get("documents") is not None:
        if not isinstance(doc["documents"], list):
            raise InvalidInput("Trường 'documents' phải là một danh sách.", field="documents")
        items = []
        for i, raw in enumerate(doc["documents"], start=1):
            d = _object(raw, f"documents[{i}]")
            items.append(DocumentInput(_str(d, "name", f"documents[{i}]."), _int(d, "originals", 0, f"documents[{i}]."),
                                       _int(d, "copies", 0, f"documents[{i}].")))
        documents = tuple(items)
    rep: RepresentativeInput | None = None
    if doc.get("representative") is not None:
        r = _object(doc["representative"], "representative")
        rep = RepresentativeInput(*(_str(r, k, "representative.") for k in
                                    ("name", "id_number", "phone", "email", "address", "authorisation")))
    received_at: datetime | None = None
    if doc.get("received_at"):
        try:
            received_at = to_vn(datetime.fromisoformat(_str(doc, "received_at", "")))
        except ValueError:
            raise InvalidInput("received_at phải là thời điểm ISO 8601, ví dụ 2026-11-20T09:15.",
                               field="received_at") from None
    fee = None if doc.get("fee") is None else _int(doc, "fee", 0)
    complete_now = doc.get("complete_now", False)
    if not isinstance(complete_now, bool):
        raise InvalidInput("Trường 'complete_now' phải là true/false.", field="complete_now")
    ticket_id = None if doc.get("ticket_id") is None else _int(doc, "ticket_id", 0)
    return IntakeRequest(
        procedure_code=procedure, applicant=applicant, documents=documents, representative=rep,
        sets=_int(doc, "sets", 1), fee=fee, pages=_int(doc, "pages", 0), copies=_int(doc, "copies", 0),
        fee_exemption=_str(doc, "fee_exemption", ""), delivery=_str(doc, "delivery", "") or "counter",
        channel=_int(doc, "channel", 1), received_at=received_at, ticket_id=ticket_id,
        complete_now=complete_now, note=_str(doc, "note", ""),
    )
