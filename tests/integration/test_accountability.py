"""Every dossier change records who did it (event user and audit entry); roles hold in the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import PermissionDenied
from counterdesk.models import AuditEntry
from counterdesk.services import audit, calendar, intake, lateness, lifecycle, users
from counterdesk.services.setup import DEMO_PASSWORD
from counterdesk.store.uow import Store
from tests.helpers.store_state import assert_events_have_users, fingerprint


def _accept(store: Store, actor, id_number: str = "001090123456") -> str:  # type: ignore[no-untyped-def]
    request = intake.IntakeRequest(procedure_code="1.004873",
                                   applicant=intake.ApplicantInput(name="Trần Văn Cảnh", id_number=id_number))
    return intake.accept(store, request, actor, allow_duplicate=True).code


def test_intake_and_lifecycle_events_carry_the_user_and_are_audited(store: Store) -> None:
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    other = users.login(store, "canbo2", DEMO_PASSWORD)
    code = _accept(store, clerk)
    lifecycle.hand_over(store, clerk, code)
    lifecycle.result_ready(store, other, code)
    events = assert_events_have_users(store)
    assert [e.user_id for e in events] == [clerk.user_id, clerk.user_id, other.user_id]
    with store.read() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.user_id)
                         .where(AuditEntry.entity_id == code).order_by(AuditEntry.id)).all()
    assert [tuple(r) for r in rows] == [
        ("dossier.received", clerk.user_id), ("dossier.handover", clerk.user_id),
        ("dossier.result_ready", other.user_id),
    ]
    assert audit.verify(store).ok


def test_clerk_cannot_sign_an_apology(store: Store) -> None:
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    code = _accept(store, clerk)
    before = fingerprint(store)
    with pytest.raises(PermissionDenied):
        lateness.apologise(store, clerk, code, reason="Chậm do thẩm định", new_due_at=now_vn() + timedelta(days=5))
    assert fingerprint(store) == before


@pytest.mark.parametrize("edit", ["set_day", "confirm_year", "import_year"])
def test_clerk_cannot_edit_the_calendar(store: Store, edit: str) -> None:
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    supervisor = users.login(store, "lanhdao", DEMO_PASSWORD)
    calls = {
        "set_day": lambda a: calendar.set_day(store, date(2027, 3, 2), working=False, label="Nghỉ", actor=a),
        "confirm_year": lambda a: calendar.confirm_year(store, 2031, actor=a),
        "import_year": lambda a: calendar.import_year(store, "year: 2031\n", actor=a),
    }
    before = fingerprint(store)
    for actor in (clerk, supervisor):
        with pytest.raises(PermissionDenied):
            calls[edit](actor)
    assert fingerprint(store) == before
