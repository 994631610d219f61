"""Dossier lifecycle after intake (DESIGN §3.4): hand-overs, supplements, withdrawal, results.

Each public function is one use case in one writing transaction: the status check
(``domain.status``), the change, a DossierEvent naming the actor, and the outbox entry reporting
it to the portal all commit together or not at all. Refused requests raise a DomainError with a
Vietnamese message and change nothing. Results are plain frozen dataclasses.

Hand-overs between the desk and the handling unit are the rows of the control sheet (Mẫu 06):
events of kind ``handover`` (desk → unit, unit → unit) and ``handback`` (unit → desk), each with
``from_unit``/``to_unit`` and the on-time judgement in ``data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import notice
from counterdesk.domain import status as st
from counterdesk.domain.classification import judge
from counterdesk.domain.clock import iso_vn, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.receipt_qr import looks_like_code
from counterdesk.domain.roles import CLERK, SYSTEM_ACTOR, Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure, User
from counterdesk.services import audit, notify, numbering, outbox, settings
from counterdesk.services.classified import facts_of
from counterdesk.store.uow import Store

DESK_UNIT = "Bộ phận Tiếp nhận và Trả kết quả"
HANDOVER_KINDS = ("handover", "handback")
_ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
MAX_CODE_INPUT = 120
MAX_NOTE = 1000


# --------------------------------------------------------------------------- plain results


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    kind: str
    from_status: int | None
    to_status: int | None
    user_name: str
    note: str
    data: dict[str, Any]


@dataclass(frozen=True)
class DossierState:
    """A dossier as staff screens see it (the desk may show personal data; the kiosk may not)."""

    id: int
    code: str
    status: int
    status_name: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id_number: str
    received_at: datetime
    clock_start_at: datetime
    due_at: datetime | None
    original_due_at: datetime | None
    rescheduled: bool
    handling_unit: str
    holder: str  # the unit holding the paper dossier now
    delivery: str
    finished_at: datetime | None
    returned_at: datetime | None
    receiver_name: str
    receiver_id_number: str
    supplement_count: int
    supplement_seconds: int
    actions: tuple[str, ...]  # actions allowed now (domain.status.TRANSITIONS keys)
    result_document: str = ""  # what the procedure issues (catalogue), the default at return


# --------------------------------------------------------------------------- helpers


def _now(now: datetime | None) -> datetime:
    return now_vn() if now is None else to_vn(now)


def clean_code(text: str) -> str:
    """A typed or scanned dossier code, upper-cased and checked; InvalidInput otherwise."""
    if len(text) > MAX_CODE_INPUT or has_control_chars(text):
        raise InvalidInput("Mã hồ sơ không hợp lệ.")
    code = nfc(text).upper()
    if not looks_like_code(code):
        raise InvalidInput(f"'{code[:60]}' không phải mã hồ sơ (dạng 000.00.01.H29-261120-0001).")
    return code


def _text(value: str, what: str, *, required: bool, limit: int = MAX_NOTE) -> str:
    if has_control_chars(value.replace("\n", " ").replace("\t", " ")):
        raise InvalidInput(f"{what} chứa ký tự không hợp lệ.")
    clean = nfc(value)
    if required and not clean:
        raise InvalidInput(f"Vui lòng nhập {what.lower()}.")
    if len(clean) > limit:
        raise InvalidInput(f"{what} dài quá {limit} ký tự.")
    return clean


def _load(session: Session, code: str, *, lock: bool = True) -> Dossier:
    query = select(Dossier).where(Dossier.code == clean_code(code))
    if lock:
        query = query.with_for_update()
    dossier = session.scalars(query).first()
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {clean_code(code)}.")
    return dossier


def _holder(session: Session, dossier: Dossier) -> str:
    last = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind.in_(HANDOVER_KINDS))
        .order_by(DossierEvent.id.desc()).limit(1)
    ).first()
    if last is None or not last.data:
        return DESK_UNIT
    return str(last.data.get("to_unit") or DESK_UNIT)


def _parties(session: Session, actor: Actor, kind: str, counterpart: str) -> dict[str, str]:
    """Who gave and who took the paper dossier at a hand-over (Mẫu 06 signs both).

    The person recording it is one side, ``counterpart`` (typed name) the other. Handing over, the
    recorder gives. A hand-back to the desk recorded by a desk clerk was received by that clerk; one
    recorded by anyone else (the unit's leader returning the result) was given by them.
    """
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    me = user.full_name if user is not None else ""
    other = _text(counterpart, "Họ tên người giao/nhận", required=False, limit=150)
    if kind == "handback" and actor.role == CLERK:
        return {"giver_name": other, "receiver_name": me}
    return {"giver_name": me, "receiver_name": other}


def _timeliness(dossier: Dossier, at: datetime) -> str:
    """Result column of the control sheet: early / on_time / late of a step ending at ``at``,
    by the one classification rule (docs/rules.md R6)."""
    return judge(facts_of(dossier), to_vn(at)).value


def _state(session: Session, dossier: Dossier) -> DossierState:
    procedure = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Applicant, dossier.applicant_id)
    assert procedure is not None and applicant is not None
    return DossierState(
        id=dossier.id, code=dossier.code, status=dossier.status, status_name=st.name(dossier.status),
        procedure_code=procedure.code, procedure_name=procedure.name, applicant_name=applicant.full_name,
        applicant_id_number=applicant.id_number or "", received_at=to_vn(dossier.received_at),
        clock_start_at=to_vn(dossier.clock_start_at),
        due_at=None if dossier.due_at is None else to_vn(dossier.due_at),
        original_due_at=None if dossier.original_due_at is None else to_vn(dossier.original_due_at),
        rescheduled=dossier.rescheduled, handling_unit=dossier.handling_unit or procedure.handling_unit,
        holder=_holder(session, dossier), delivery=dossier.delivery,
        finished_at=None if dossier.finished_at is None else to_vn(dossier.finished_at),
        returned_at=None if dossier.returned_at is None else to_vn(dossier.returned_at),
        receiver_name=dossier.receiver_name, receiver_id_number=dossier.receiver_id_number,
        supplement_count=dossier.supplement_count, supplement_seconds=dossier.supplement_seconds,
        actions=tuple(t.action for t in st.allowed(dossier.status)), result_document=procedure.result_document,
    )


def _apply(
    session: Session, actor: Actor, dossier: Dossier, action: str, at: datetime, *,
    kind: str = "status", note: str = "", data: dict[str, Any] | None = None,
) -> None:
    """Check and make one transition; write its event and outbox entry in this transaction."""
    target = st.check(action, dossier.status)
    before = dossier.status
    dossier.status = target
    if target in st.TERMINAL and dossier.finished_at is None:
        dossier.finished_at = at
    session.add(DossierEvent(
        dossier_id=dossier.id, at=at, user_id=actor.user_id, kind=kind, from_status=before,
        to_status=target, note=note, data={"action": action, **(data or {})},
    ))
    outbox.enqueue_dossier(session, dossier, "dossier.status" if target != before else f"dossier.{action}")
    audit.append(session, actor, f"dossier.{action}", "dossier", dossier.code, f"{before}->{target}")


def _back_to_desk(session: Session, dossier: Dossier, at: datetime, data: dict[str, Any] | None = None, *,
                  actor: Actor, counterpart: str = "") -> tuple[str, dict[str, Any]]:
    """Event kind and data of a change that brings the dossier back to the desk.

    When a unit held it, the event is a ``handback`` row of the control sheet (Mẫu 06: from the
    unit to the desk, with the on-time judgement and who gave and who took the papers); at the desk
    already it is a plain status event.
    """
    data = dict(data or {})
    holder = _holder(session, dossier)
    if holder == DESK_UNIT:
        return "status", data
    return "handback", {**data, "from_unit": holder, "to_unit": DESK_UNIT, "result": _timeliness(dossier, at),
                        **_parties(session, actor, "handback", counterpart)}


def _form_number(session: Session, form: str, at: datetime) -> int:
    """Forms are numbered from 1 each year (TT 01/2018 art. 10(2) practice)."""
    return numbering.next_value(session, f"form:{form}", date(at.year, 1, 1))


# --------------------------------------------------------------------------- reading


def get(store: Store, code: str) -> DossierState:
    with store.read() as session:
        return _state(session, _load(session, code, lock=False))


def get_by_scan(store: Store, text: str) -> DossierState:
    """The dossier of a scanned receipt (signed QR or Code 128) or a typed code."""
    from counterdesk.services.lookup import parse_scan

    with store.read() as session:
        return _state(session, _load(session, parse_scan(session, text), lock=False))


def history(store: Store, code: str) -> list[EventInfo]:
    with store.read() as session:
        dossier = _load(session, code, lock=False)
        rows = session.execute(
            select(DossierEvent, User.full_name).outerjoin(User, User.id == DossierEvent.user_id)
            .where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)
        ).all()
        return [EventInfo(at=to_vn(e.at), kind=e.kind, from_status=e.from_status, to_status=e.to_status,
                          user_name=user or "", note=e.note, data=dict(e.data or {})) for e, user in rows]


# --------------------------------------------------------------------------- hand-overs


def hand_over(store: Store, actor: Actor, code: str, *, to_unit: str = "", note: str = "", counterpart: str = "",
              now: datetime | None = None) -> DossierState:
    """Give the dossier to the handling unit (or, while in progress, to another unit)."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    unit = _text(to_unit, "Tên đơn vị nhận", required=False, limit=200)
    note = _text(note, "Ghi chú", required=False)
    with store.write() as session:
        dossier = _load(session, code)
        procedure = session.get(Procedure, dossier.procedure_id)
        assert procedure is not None
        giver = _holder(session, dossier)
        receiver = unit or dossier.handling_unit or procedure.handling_unit or "Đơn vị giải quyết"
        if receiver == giver:
            raise Conflict(f"Hồ sơ đang ở {giver}; hãy chọn đơn vị nhận khác.")
        action = "handover" if dossier.status == st.RECEIVED else "transfer"
        _apply(session, actor, dossier, action, at, kind="handover", note=note,
               data={"from_unit": giver, "to_unit": receiver, "result": _timeliness(dossier, at),
                     **_parties(session, actor, "handover", counterpart)})
        return _state(session, dossier)


def result_ready(store: Store, actor: Actor, code: str, *, note: str = "", counterpart: str = "",
                 now: datetime | None = None) -> DossierState:
    """The result is ready at the desk: a hand-back from the unit if it held the dossier."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    note = _text(note, "Ghi chú", required=False)
    with store.write() as session:
        dossier = _load(session, code)
        kind, data = _back_to_desk(session, dossier, at, {"result": _timeliness(dossier, at)},
                                   actor=actor, counterpart=counterpart)
        _apply(session, actor, dossier, "result_ready", at, kind=kind, note=note, data=data)
        notify.queue(session, dossier, notice.RESULT_READY, at=at)
        return _state(session, dossier)


# --------------------------------------------------------------------------- supplement


def request_supplement(store: Store, actor: Actor, code: str, *, reason: str, counterpart: str = "",
                       now: datetime | None = None) -> DossierState:
    """Ask the citizen to complete the dossier; the clock stops until the complete dossier arrives."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    reason = _text(reason, "Nội dung cần bổ sung", required=True)
    with store.write() as session:
        dossier = _load(session, code)
        kind, data = _back_to_desk(session, dossier, at, {"requested_at": iso_vn(at),
                                                          "number": _form_number(session, "supplement", at)},
                                   actor=actor, counterpart=counterpart)
        _apply(session, actor, dossier, "request_supplement", at, kind=kind, note=reason, data=data)
        notify.queue(session, dossier, notice.SUPPLEMENT, papers=reason, at=at)
        dossier.supplement_count += 1
        if dossier.supplement_requested_at is None:
            dossier.supplement_requested_at = at
        return _state(session, dossier)


def complete_supplement(store: Store, actor: Actor, code: str, *, note: str = "", counterpart: str = "",
                        now: datetime | None = None) -> DossierState:
    """The complete dossier is back: the clock restarts from zero (Decree 61/2018 art. 19(4)).

    The waiting time is added to ``supplement_seconds``; the new start and due moment come from
    the working calendar exactly as at intake. The dossier goes back to the handling unit.
    """
    actor.require("dossier.lifecycle")
    at = _now(now)
    note = _text(note, "Ghi chú", required=False)
    with store.write() as session:
        dossier = _load(session, code)
        st.check("complete_supplement", dossier.status)
        from counterdesk.services import calendar
        asked = session.scalars(
            select(DossierEvent.at).where(DossierEvent.dossier_id == dossier.id,
                                          DossierEvent.to_status == st.SUPPLEMENT)
            .order_by(DossierEvent.id.desc()).limit(1)
        ).first()
        waited = max(0, int((at - to_vn(asked)).total_seconds())) if asked is not None else 0
        procedure = session.get(Procedure, dossier.procedure_id)
        assert procedure is not None
        due = calendar.restart_after_supplement(session, procedure, at)
        dossier.supplement_seconds += waited
        if dossier.supplement_requested_at is not None and dossier.supplement_completed_at is None:
            dossier.supplement_completed_at = at
        dossier.clock_start_at = due.start
        dossier.due_at = due.due
        dossier.original_due_at = due.due
        dossier.due_explanation = due.explanation
        receiver = dossier.handling_unit or procedure.handling_unit or "Đơn vị giải quyết"
        _apply(session, actor, dossier, "complete_supplement", at, kind="handover", note=note,
               data={"from_unit": DESK_UNIT, "to_unit": receiver, "waited_seconds": waited,
                     "due_at": iso_vn(due.due), "result": "", **_parties(session, actor, "handover", counterpart)})
        return _state(session, dossier)


# --------------------------------------------------------------------------- other transitions


def request_financial(store: Store, actor: Actor, code: str, *, note: str,
                      now: datetime | None = None) -> DossierState:
    """The citizen must pay a fee or tax before the result can be issued."""
    return _simple(store, actor, code, "request_financial", _text(note, "Nghĩa vụ tài chính", required=True), now)


def financial_done(store: Store, actor: Actor, code: str, *, note: str = "",
                   now: datetime | None = None) -> DossierState:
    return _simple(store, actor, code, "financial_done", _text(note, "Ghi chú", required=False), now)


def refuse(store: Store, actor: Actor, code: str, *, reason: str, counterpart: str = "",
           now: datetime | None = None) -> DossierState:
    """Refusal after appraisal (Decree 61/2018 art. 19(8)): a reason is required."""
    return _simple(store, actor, code, "refuse", _text(reason, "Lý do từ chối", required=True), now, counterpart)


def stop(store: Store, actor: Actor, code: str, *, reason: str, counterpart: str = "",
         now: datetime | None = None) -> DossierState:
    return _simple(store, actor, code, "stop", _text(reason, "Lý do dừng xử lý", required=True), now, counterpart)


def withdraw(store: Store, actor: Actor, code: str, *, reason: str = "", returned_documents: str = "",
             now: datetime | None = None) -> DossierState:
    """The citizen withdraws the dossier (Decree 118 art. 21): numbered withdrawal notice (Mẫu 05)."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    reason = _text(reason, "Lý do rút hồ sơ", required=False)
    docs = _text(returned_documents, "Giấy tờ trả lại", required=False)
    with store.write() as session:
        dossier = _load(session, code)
        st.check("withdraw", dossier.status)
        number = _form_number(session, "withdrawal", at)
        _apply(session, actor, dossier, "withdraw", at, note=reason,
               data={"number": number, "returned_documents": docs or "Toàn bộ thành phần hồ sơ đã nộp"})
        return _state(session, dossier)


def _simple(store: Store, actor: Actor, code: str, action: str, note: str, now: datetime | None,
            counterpart: str = "") -> DossierState:
    actor.require("dossier.lifecycle")
    at = _now(now)
    with store.write() as session:
        dossier = _load(session, code)
        kind, data = (_back_to_desk(session, dossier, at, actor=actor, counterpart=counterpart)
                      if action in ("refuse", "stop") else ("status", {}))
        if action == "refuse":  # the refusal notice (Mẫu 03) issued after acceptance takes the year's next number
            data["number"] = _form_number(session, "refusal", at)
        _apply(session, actor, dossier, action, at, kind=kind, note=note, data=data)
        return _state(session, dossier)


# --------------------------------------------------------------------------- changes from the portal


def apply_portal_status(
    session: Session, code: str, status: int, at: datetime, *, note: str = "", seq: int | None = None,
    finished_at: datetime | None = None, returned_at: datetime | None = None, actor: Actor = SYSTEM_ACTOR,
) -> bool:
    """Follow one status change pulled from the portal, in the caller's transaction.

    Which moves are followed is ``domain.status.portal_accepts`` (any jump to a status the portal
    owns, never over a status final at the counter). The first terminal status sets
    ``finished_at`` (the portal's NgayKetThucXuLy, else ``at``) and RETURNED sets ``returned_at``
    (NgayTra, else ``at``), exactly as the desk's own transitions do, so the statistics count a
    dossier the same way whichever side moved it. Writes the ``portal`` event and the audit entry;
    no outbox row (the portal already knows). Returns False when nothing changed (unknown code,
    same status, refused move), which makes replaying a pulled page harmless.
    """
    # Row lock: counters pulling the same page at once (PostgreSQL) apply each change once.
    dossier = session.scalars(select(Dossier).where(Dossier.code == code).with_for_update()).first()
    if dossier is None or not st.portal_accepts(dossier.status, status):
        return False
    before = dossier.status
    dossier.status = status
    if status in st.TERMINAL and dossier.finished_at is None:
        dossier.finished_at = finished_at or at
    if status == st.RETURNED and dossier.returned_at is None:
        dossier.returned_at = returned_at or at
    session.add(DossierEvent(dossier_id=dossier.id, at=at, user_id=actor.user_id, kind="portal",
                             from_status=before, to_status=status,
                             note=note or "Cập nhật từ cổng dịch vụ công", data={"seq": seq}))
    audit.append(session, actor, "dossier.portal", "dossier", dossier.code, f"{before}->{status}")
    if status == st.DONE:  # a result the handling unit recorded upstream: the citizen is told too
        notify.queue(session, dossier, notice.RESULT_READY, at=at)
    return True


# --------------------------------------------------------------------------- return of results


def return_result(
    store: Store, actor: Actor, code: str, *, receiver_name: str = "", receiver_id_number: str = "",
    delivery: str = "", postal_reference: str = "", result_document: str = "", now: datetime | None = None,
) -> DossierState:
    """Hand the result over (at the counter or by post); the receiver defaults to the applicant.

    ``result_document`` is what was issued (typed at return); empty takes the procedure's catalogue
    entry. The return slip gets the year's next number.
    """
    actor.require("dossier.lifecycle")
    at = _now(now)
    name = _text(receiver_name, "Họ tên người nhận", required=False, limit=150)
    id_number = "".join(receiver_id_number.split())
    if id_number and not _ID_NUMBER.match(id_number):
        raise InvalidInput("Số định danh/CMND của người nhận phải gồm 12 (hoặc 9) chữ số.")
    if delivery not in ("", "counter", "post"):
        raise InvalidInput("Hình thức trả kết quả phải là 'counter' (tại quầy) hoặc 'post' (bưu chính).")
    postal = _text(postal_reference, "Số vận đơn", required=False, limit=60)
    issued = _text(result_document, "Kết quả giải quyết", required=False, limit=400)
    with store.write() as session:
        dossier = _load(session, code)
        st.check("return_result", dossier.status)
        applicant = session.get(Applicant, dossier.applicant_id)
        assert applicant is not None
        how = delivery or dossier.delivery or "counter"
        procedure = session.get(Procedure, dossier.procedure_id)
        assert procedure is not None
        issued = issued or procedure.result_document  # empty: the slip leaves a line to write it in
        if how == "post" and not postal:
            raise InvalidInput("Trả qua bưu chính: vui lòng nhập số vận đơn.")
        dossier.receiver_name = name or applicant.full_name
        dossier.receiver_id_number = id_number if name else (id_number or applicant.id_number or "")
        dossier.returned_at = at
        dossier.delivery = how
        _apply(session, actor, dossier, "return_result", at, kind="returned",
               note="Trả qua bưu chính" if how == "post" else "Trả tại quầy",
               data={"delivery": how, "postal_reference": postal, "result": _timeliness(dossier, at),
                     "result_document": issued, "number": _form_number(session, "return", at)})
        return _state(session, dossier)


def office_header(session: Session) -> Any:
    """The printing header of this office (printing.forms_data.OfficeHeader)."""
    from counterdesk.printing.forms_data import OfficeHeader

    off = settings.office(session)
    return OfficeHeader(parent_name=off.parent_name, office_name=off.name, place_name=off.place_name,
                        address=off.address, phone=off.phone, head_title=off.head_title, head_name=off.head_name)
