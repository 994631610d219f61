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
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.classification import judge
from counterdesk.domain.clock import iso_vn, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.receipt_qr import looks_like_code
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure, User
from counterdesk.services import audit, numbering, outbox, settings
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


@dataclass(frozen=True)
class LateItem:
    """One row of the late-dossier list: overdue, or due within one working day."""

    code: str
    procedure_name: str
    applicant_name: str
    status: int
    status_name: str
    due_at: datetime
    handling_unit: str
    rescheduled: bool
    overdue: bool

    def due_text(self, now: datetime) -> str:
        delta = to_vn(self.due_at) - to_vn(now)
        hours = abs(delta.total_seconds()) / 3600
        span = f"{hours / 24:.0f} ngày" if hours >= 48 else f"{hours:.0f} giờ" if hours >= 1 else "dưới 1 giờ"
        return f"Quá hạn {span}" if self.overdue else f"Còn {span}"


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
        actions=tuple(t.action for t in st.allowed(dossier.status)),
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


def hand_over(store: Store, actor: Actor, code: str, *, to_unit: str = "", note: str = "",
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
               data={"from_unit": giver, "to_unit": receiver, "result": _timeliness(dossier, at)})
        return _state(session, dossier)


def result_ready(store: Store, actor: Actor, code: str, *, note: str = "",
                 now: datetime | None = None) -> DossierState:
    """The result is ready at the desk: a hand-back from the unit if it held the dossier."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    note = _text(note, "Ghi chú", required=False)
    with store.write() as session:
        dossier = _load(session, code)
        holder = _holder(session, dossier)
        data: dict[str, Any] = {"result": _timeliness(dossier, at)}
        kind = "status"
        if holder != DESK_UNIT:
            kind = "handback"
            data.update(from_unit=holder, to_unit=DESK_UNIT)
        _apply(session, actor, dossier, "result_ready", at, kind=kind, note=note, data=data)
        return _state(session, dossier)


# --------------------------------------------------------------------------- supplement


def request_supplement(store: Store, actor: Actor, code: str, *, reason: str,
                       now: datetime | None = None) -> DossierState:
    """Ask the citizen to complete the dossier; the clock stops until the complete dossier arrives."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    reason = _text(reason, "Nội dung cần bổ sung", required=True)
    with store.write() as session:
        dossier = _load(session, code)
        holder = _holder(session, dossier)
        data: dict[str, Any] = {"requested_at": iso_vn(at)}
        kind = "status"
        if holder != DESK_UNIT:
            kind = "handback"
            data.update(from_unit=holder, to_unit=DESK_UNIT, result=_timeliness(dossier, at))
        _apply(session, actor, dossier, "request_supplement", at, kind=kind, note=reason, data=data)
        dossier.supplement_count += 1
        if dossier.supplement_requested_at is None:
            dossier.supplement_requested_at = at
        return _state(session, dossier)


def complete_supplement(store: Store, actor: Actor, code: str, *, note: str = "",
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
                     "due_at": iso_vn(due.due), "result": ""})
        return _state(session, dossier)


# --------------------------------------------------------------------------- other transitions


def request_financial(store: Store, actor: Actor, code: str, *, note: str,
                      now: datetime | None = None) -> DossierState:
    """The citizen must pay a fee or tax before the result can be issued."""
    return _simple(store, actor, code, "request_financial", _text(note, "Nghĩa vụ tài chính", required=True), now)


def financial_done(store: Store, actor: Actor, code: str, *, note: str = "",
                   now: datetime | None = None) -> DossierState:
    return _simple(store, actor, code, "financial_done", _text(note, "Ghi chú", required=False), now)


def refuse(store: Store, actor: Actor, code: str, *, reason: str, now: datetime | None = None) -> DossierState:
    """Refusal after appraisal (Decree 61/2018 art. 19(8)): a reason is required."""
    return _simple(store, actor, code, "refuse", _text(reason, "Lý do từ chối", required=True), now)


def stop(store: Store, actor: Actor, code: str, *, reason: str, now: datetime | None = None) -> DossierState:
    return _simple(store, actor, code, "stop", _text(reason, "Lý do dừng xử lý", required=True), now)


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


def _simple(store: Store, actor: Actor, code: str, action: str, note: str, now: datetime | None) -> DossierState:
    actor.require("dossier.lifecycle")
    at = _now(now)
    with store.write() as session:
        dossier = _load(session, code)
        holder = _holder(session, dossier)
        kind, data = "status", {}
        if action in ("refuse", "stop") and holder != DESK_UNIT:
            kind, data = "handback", {"from_unit": holder, "to_unit": DESK_UNIT, "result": _timeliness(dossier, at)}
        _apply(session, actor, dossier, action, at, kind=kind, note=note, data=data)
        return _state(session, dossier)


# --------------------------------------------------------------------------- return of results


def return_result(
    store: Store, actor: Actor, code: str, *, receiver_name: str = "", receiver_id_number: str = "",
    delivery: str = "", postal_reference: str = "", now: datetime | None = None,
) -> DossierState:
    """Hand the result over (at the counter or by post); the receiver defaults to the applicant."""
    actor.require("dossier.lifecycle")
    at = _now(now)
    name = _text(receiver_name, "Họ tên người nhận", required=False, limit=150)
    id_number = "".join(receiver_id_number.split())
    if id_number and not _ID_NUMBER.match(id_number):
        raise InvalidInput("Số định danh/CMND của người nhận phải gồm 12 (hoặc 9) chữ số.")
    if delivery not in ("", "counter", "post"):
        raise InvalidInput("Hình thức trả kết quả phải là 'counter' (tại quầy) hoặc 'post' (bưu chính).")
    postal = _text(postal_reference, "Số vận đơn", required=False, limit=60)
    with store.write() as session:
        dossier = _load(session, code)
        st.check("return_result", dossier.status)
        applicant = session.get(Applicant, dossier.applicant_id)
        assert applicant is not None
        how = delivery or dossier.delivery or "counter"
        if how == "post" and not postal:
            raise InvalidInput("Trả qua bưu chính: vui lòng nhập số vận đơn.")
        dossier.receiver_name = name or applicant.full_name
        dossier.receiver_id_number = id_number if name else (id_number or applicant.id_number or "")
        dossier.returned_at = at
        dossier.delivery = how
        _apply(session, actor, dossier, "return_result", at, kind="returned",
               note="Trả qua bưu chính" if how == "post" else "Trả tại quầy",
               data={"delivery": how, "postal_reference": postal, "result": _timeliness(dossier, at)})
        return _state(session, dossier)


# --------------------------------------------------------------------------- late dossiers, apology


def late_dossiers(store: Store, *, now: datetime | None = None, limit: int = 1000) -> list[LateItem]:
    """Open dossiers past due or due by the end of the next working day, most urgent first.

    Dossiers waiting for a supplement are left out: their clock is stopped.
    """
    from counterdesk.services import calendar

    at = _now(now)
    with store.read() as session:
        horizon_day = calendar.add_working_days(session, at.date(), 1)
        horizon = to_vn(datetime.combine(horizon_day, time(23, 59, 59)))
        rows = session.execute(
            select(Dossier.code, Procedure.name, Applicant.full_name, Dossier.status, Dossier.due_at,
                   Dossier.handling_unit, Procedure.handling_unit, Dossier.rescheduled)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .where(Dossier.status.in_((st.RECEIVED, st.IN_PROGRESS, st.FINANCIAL)),
                   Dossier.due_at.is_not(None), Dossier.due_at <= horizon)
            .order_by(Dossier.due_at).limit(limit)
        ).all()
    items = []
    for code, proc_name, applicant_name, status, due_at, unit, proc_unit, rescheduled in rows:
        assert due_at is not None
        due = to_vn(due_at)
        items.append(LateItem(code=code, procedure_name=proc_name, applicant_name=applicant_name, status=status,
                              status_name=st.name(status), due_at=due, handling_unit=unit or proc_unit,
                              rescheduled=rescheduled, overdue=due < at))
    return items


def apologise(store: Store, actor: Actor, code: str, *, reason: str, new_due_at: datetime,
              now: datetime | None = None) -> DossierState:
    """Apology and new return date (Mẫu 04): once per dossier, before the deadline, by the head.

    ``original_due_at`` keeps the promised date; ``due_at`` becomes the new one.
    """
    from counterdesk.services import calendar

    actor.require("dossier.apology")
    at = _now(now)
    reason = _text(reason, "Lý do trễ hạn", required=True)
    new_due = to_vn(new_due_at)
    with store.write() as session:
        dossier = _load(session, code)
        st.check("reschedule", dossier.status)
        if dossier.rescheduled:
            raise Conflict("Hồ sơ này đã được hẹn lại ngày trả một lần; không được hẹn lại lần nữa.")
        if dossier.due_at is None:
            raise Conflict("Hồ sơ trả ngay, không có ngày hẹn để gia hạn.")
        due = to_vn(dossier.due_at)
        if at >= due:
            raise Conflict(f"Đã quá hạn trả kết quả ({due:%H:%M %d/%m/%Y}); phiếu xin lỗi phải lập trước thời hạn.")
        if new_due <= due:
            raise InvalidInput(f"Ngày hẹn mới phải sau ngày hẹn cũ ({due:%H:%M %d/%m/%Y}).")
        if not calendar.is_working_day(session, new_due.date()):
            raise InvalidInput(f"Ngày hẹn mới {new_due:%d/%m/%Y} không phải ngày làm việc.")
        number = _form_number(session, "apology", at)
        if dossier.original_due_at is None:
            dossier.original_due_at = dossier.due_at
        dossier.due_at = new_due
        dossier.rescheduled = True
        _apply(session, actor, dossier, "reschedule", at, kind="reschedule", note=reason,
               data={"number": number, "old_due_at": iso_vn(due), "new_due_at": iso_vn(new_due)})
        return _state(session, dossier)


def office_header(session: Session) -> Any:
    """The printing header of this office (printing.forms_data.OfficeHeader)."""
    from counterdesk.printing.forms_data import OfficeHeader

    off = settings.office(session)
    return OfficeHeader(parent_name=off.parent_name, office_name=off.name, place_name=off.place_name,
                        address=off.address, phone=off.phone, head_title=off.head_title, head_name=off.head_name)
