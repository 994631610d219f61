"""Late dossiers and the apology with a new return date (Mẫu 04, Decree 61/2018 art. 19(6)).

Split from services.lifecycle, whose helpers (load, transition, event, outbox) it reuses, so an
apology is one more lifecycle transition in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select

from counterdesk.domain import notice
from counterdesk.domain import status as st
from counterdesk.domain.clock import iso_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.models import Applicant, Dossier, Procedure
from counterdesk.printing.late_list import LateList as LateListDoc
from counterdesk.printing.late_list import LateRow
from counterdesk.services import notify, settings
from counterdesk.services.lifecycle import DossierState, _apply, _form_number, _load, _now, _state, _text
from counterdesk.store.uow import Store


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
            .where(Dossier.status.in_(st.CLOCK_RUNNING),
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
        notify.queue(session, dossier, notice.APOLOGY, at=at)
        return _state(session, dossier)


def late_list(store: Store, *, now: datetime | None = None) -> LateListDoc:
    """The late list as a printable document (PDF/XLSX in printing.late_list)."""
    at = _now(now)
    items = late_dossiers(store, now=at, limit=100_000)
    with store.read() as session:
        off = settings.office(session)
        office_name, parent_name = off.name, off.parent_name
    return LateListDoc(office_name, parent_name, at, tuple(
        LateRow(i.code, i.procedure_name, i.applicant_name, i.due_at, i.overdue, i.rescheduled, i.status_name,
                i.handling_unit) for i in items))
