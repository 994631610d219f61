"""Sổ theo dõi hồ sơ (Mẫu số 07): the book's lines for a day, as stored — never recounted.

Each dossier gets its STT and its Quyển số once, when the counter decides on it (intake), from
the year's book sequence (TT 01/2018 art. 10(2): numbers run from 01 for the whole year). The
book prints those stored numbers, so the receipt and the book always agree and a dossier entered
late (back-dated) takes the next free number without shifting anyone. Rows of dossiers the
counter did not accept (refused, or sent back for more papers before acceptance) stay in the
book, marked as such. The appointment column shows the date promised on the receipt, with a
rescheduled date (Mẫu 04) beside it, never instead of it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.report_data import DailyLog, LogRow
from counterdesk.domain.text import sort_key
from counterdesk.models import Applicant, Dossier, Procedure
from counterdesk.services.overview import day_bounds
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

DELIVERY = {"counter": "Tại Bộ phận một cửa", "post": "Qua bưu chính"}
# What the book says of a dossier the counter did not accept, by the status it was created in.
NOT_ACCEPTED = {st.REFUSED: "Không tiếp nhận", st.SUPPLEMENT: "Trả lại để bổ sung"}
VOLUME = 1  # one book a year: "01/2026"


def volume_label(year: int, volume: int = VOLUME) -> str:
    """Quyển số as printed on the receipt and the book: "01/2026"."""
    return f"{volume:02d}/{year}"


def fields_in_catalog(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every field (lĩnh vực) in the catalogue, for the field chooser."""
    with store.read() as s:
        q = select(Procedure.field_code, Procedure.field_name).where(Procedure.field_code != "").distinct()
        return sorted(((c, n) for c, n in s.execute(q)), key=lambda cn: sort_key(cn[1]))


def not_accepted(session: Session, ids: list[int]) -> dict[int, str]:
    """Dossiers the counter did not accept (refused, or sent back and not yet resumed), with their mark.

    ``Dossier.accepted`` is the one record of it (docs/rules.md R1); the status says which mark.
    """
    marks: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        q = select(Dossier.id, Dossier.status).where(Dossier.id.in_(ids[start:start + 500]),
                                                     Dossier.accepted.is_(False))
        marks.update((did, NOT_ACCEPTED.get(status, NOT_ACCEPTED[st.REFUSED])) for did, status in session.execute(q))
    return marks


def daily_log(store: Store, day: date, field_code: str | None = None) -> DailyLog:
    """The book's lines for dossiers entered on ``day``, with their stored STT and Quyển số.

    Lines come in STT order (the order they were entered in the book). The book may be kept per
    field: the lines are then those of the field, each keeping its number in the year's book.
    """
    start, end = day_bounds(day)
    d, p, a = Dossier, Procedure, Applicant
    with store.read() as s:
        field_name = ""
        if field_code:
            found = s.execute(select(p.field_name).where(p.field_code == field_code).limit(1)).scalar()
            if found is None:
                raise InvalidInput(f"Không có lĩnh vực mã '{field_code}' trong danh mục thủ tục.", field="field")
            field_name = found
        rows_q = (
            select(d.id, d.code, d.log_number, d.log_book, d.received_day, p.name, a.full_name, a.address, a.phone,
                   d.handling_unit, d.received_at, d.due_at, d.original_due_at, d.returned_at, d.delivery,
                   d.receiver_name)
            .join(p, p.id == d.procedure_id)
            .join(a, a.id == d.applicant_id)
            .where(d.received_at >= start, d.received_at < end)
            .order_by(d.log_number, d.received_at, d.id)
        )
        if field_code:
            rows_q = rows_q.where(p.field_code == field_code)
        found_rows = s.execute(rows_q).all()
        marks = not_accepted(s, [r.id for r in found_rows])
        rows = []
        for r in found_rows:
            contact = ", ".join(x for x in (r.address, r.phone) if x)
            rows.append(LogRow(
                stt=r.log_number, code=r.code, procedure=r.name, applicant=r.full_name, address_phone=contact,
                handling_unit=r.handling_unit, received_at=to_vn(r.received_at),
                due_at=to_vn(r.due_at) if r.due_at else None,
                returned_at=to_vn(r.returned_at) if r.returned_at else None,
                delivery=DELIVERY.get(r.delivery, r.delivery), receiver=r.receiver_name,
                log_book=r.log_book or volume_label(r.received_day.year),
                original_due_at=to_vn(r.original_due_at) if r.original_due_at else None,
                not_accepted=marks.get(r.id, ""),
            ))
        off = office(s)
        return DailyLog(day, off.name, off.parent_name, field_code or None, field_name, tuple(rows))
