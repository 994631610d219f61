"""Test data written straight through the models, for tests of features downstream of intake.

Prefer the real services (intake, queue) where they exist; these helpers are for setting up
exact states (a dossier finished one minute late, a supplement of two days…).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain.clock import business_day, to_vn
from counterdesk.domain.text import fold
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure
from counterdesk.services.numbering import next_value
from counterdesk.services.settings import office


def make_applicant(session: Session, name: str = "Nguyễn Văn An", id_number: str | None = "001090123456", **kw: Any) -> Applicant:
    if id_number:
        found = session.scalars(select(Applicant).where(Applicant.id_number == id_number)).first()
        if found:
            return found
    now = datetime.now(UTC)
    a = Applicant(full_name=name, name_key=fold(name), id_number=id_number, gender=kw.pop("gender", "Nam"),
                  phone=kw.pop("phone", "0912345678"), email=kw.pop("email", ""),
                  address=kw.pop("address", "Phường Sài Gòn, TP. Hồ Chí Minh"), created_at=now, updated_at=now, **kw)
    session.add(a)
    session.flush()
    return a


def make_dossier(
    session: Session,
    *,
    received_at: datetime,
    due_at: datetime | None,
    procedure_code: str = "1.004873",
    status: int = 2,
    applicant: Applicant | None = None,
    **kw: Any,
) -> Dossier:
    off = office(session)
    proc = session.scalars(select(Procedure).where(Procedure.code == procedure_code)).one()
    applicant = applicant or make_applicant(session)
    day = business_day(received_at)
    seq = next_value(session, f"dossier:{off.agency_code}", day)
    judged = kw.pop("judged_due_at", due_at)  # the first receipt's due moment (accepted dossiers)
    d = Dossier(
        judged_due_at=None if judged is None else to_vn(judged),
        code=f"{off.agency_code}-{day:%y%m%d}-{seq:04d}", agency_code=off.agency_code, received_day=day, sequence=seq,
        procedure_id=proc.id, applicant_id=applicant.id, documents=[], sets=1, fee=proc.fee, delivery="counter",
        channel=kw.pop("channel", 1), status=status, received_at=to_vn(received_at), clock_start_at=to_vn(received_at),
        due_at=None if due_at is None else to_vn(due_at), original_due_at=None if due_at is None else to_vn(due_at),
        due_explanation="", rescheduled=False, handling_unit=proc.handling_unit,
        supplement_count=kw.pop("supplement_count", 0), supplement_seconds=kw.pop("supplement_seconds", 0),
        receipt_printed=0, note="",
        log_number=kw.pop("log_number", None) or next_value(session, f"logbook:{off.agency_code}", date(day.year, 1, 1)),
        log_book=kw.pop("log_book", f"01/{day.year}"), **kw,
    )
    session.add(d)
    session.flush()
    session.add(DossierEvent(dossier_id=d.id, at=d.received_at, kind="received", from_status=None, to_status=2, note=""))
    return d


def vn(text: str) -> datetime:
    """'2026-11-20T09:15' in Vietnam time."""
    return to_vn(datetime.fromisoformat(text))


__all__ = ["make_applicant", "make_dossier", "timedelta", "vn"]


def open_all_hours(store: Any) -> None:
    """For tests that issue and call at whatever wall-clock time the suite runs: the administrator's
    override keeps the queue open (the opening-hours rule itself is tested with a fixed clock in
    tests/integration/test_opening_hours.py and tests/ui/test_dispenser_closed.py)."""
    from counterdesk.services import settings

    settings.set_value(store, "queue.outside_hours", "on")
