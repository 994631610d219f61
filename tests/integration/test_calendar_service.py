"""Calendar service on SQLite and PostgreSQL: acceptance cases, office overrides, import/export, confirm."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from counterdesk.domain.clock import VN_TZ, iso_vn, parse_vn_iso
from counterdesk.domain.errors import Conflict, InvalidInput, PermissionDenied
from counterdesk.domain.roles import Actor
from counterdesk.models import AuditEntry, CalendarDay, CalendarYear, Procedure
from counterdesk.services import calendar, settings
from tests.acceptance_data import case_id, due_cases

CLERK = Actor(user_id=None, username="canbo1", role="clerk")


@pytest.mark.parametrize("case", due_cases(), ids=case_id)
def test_acceptance_cases_through_the_service(store, case) -> None:
    with store.read() as session:
        result = calendar.due_for(session, received_at=parse_vn_iso(case["received"]),
                                  duration=case["duration"], unit=case["unit"])
    assert iso_vn(result.due) == case["due"] + "+07:00"


def test_office_cutoff_and_policy_are_used(store) -> None:
    received = parse_vn_iso("2026-03-10T15:30")
    with store.read() as session:
        assert calendar.due_for(session, received_at=received, duration=1, unit="working_days").due == \
            datetime(2026, 3, 12, 7, 30, tzinfo=VN_TZ)
        assert calendar.due_for(session, received_at=received, duration=1, unit="working_days", cutoff="").due == \
            datetime(2026, 3, 11, 15, 30, tzinfo=VN_TZ)
        assert calendar.due_for(session, received_at=received, duration=1, unit="working_days", cutoff="16:00").due == \
            datetime(2026, 3, 11, 15, 30, tzinfo=VN_TZ)
        with pytest.raises(InvalidInput, match="HH:MM"):
            calendar.due_for(session, received_at=received, duration=1, unit="working_days", cutoff="25h")
    settings.set_value(store, "office.due_policy", "end_of_day")
    settings.set_value(store, "office.sessions", "08:00-12:00,13:00-16:30")
    with store.read() as session:
        r = calendar.due_for(session, received_at=parse_vn_iso("2026-03-10T09:00"), duration=1, unit="working_days")
    assert r.due == datetime(2026, 3, 11, 16, 30, tzinfo=VN_TZ)


def test_procedure_cutoff_none_means_office_and_empty_means_none(store) -> None:
    with store.write() as session:
        proc = session.scalars(select(Procedure).where(Procedure.unit == "working_days")).first()
        assert proc is not None
        proc.duration, proc.cutoff = Decimal(2), None
        r_office = calendar.due_for_procedure(session, proc, parse_vn_iso("2026-03-10T15:30"))
        proc.cutoff = ""
        r_none = calendar.due_for_procedure(session, proc, parse_vn_iso("2026-03-10T15:30"))
        restarted = calendar.restart_after_supplement(session, proc, parse_vn_iso("2026-03-10T15:30"))
    assert r_office.due == datetime(2026, 3, 13, 7, 30, tzinfo=VN_TZ)
    assert r_none.due == datetime(2026, 3, 12, 15, 30, tzinfo=VN_TZ)
    assert restarted.due == r_none.due and "bổ sung" in restarted.explanation


def test_set_day_changes_due_dates_and_is_audited(store) -> None:
    st = calendar.set_day(store, date(2026, 3, 11), working=False, label="Nghỉ bầu cử")
    assert not st.working and st.label == "Nghỉ bầu cử"
    calendar.set_day(store, date(2026, 3, 14), working=True, label="Trực thứ Bảy")
    with store.read() as session:
        assert not calendar.is_working_day(session, date(2026, 3, 11))
        assert calendar.add_working_days(session, date(2026, 3, 10), 2) == date(2026, 3, 13)
        assert calendar.add_working_days(session, date(2026, 3, 13), 1) == date(2026, 3, 14)
        r = calendar.due_for(session, received_at=parse_vn_iso("2026-03-10T09:00"), duration=1, unit="working_days")
        assert r.due == datetime(2026, 3, 12, 9, 0, tzinfo=VN_TZ)
        assert "không tính nghỉ bầu cử 11/03/2026" in r.explanation
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "calendar.set_day")) == 2
    calendar.reset_day(store, date(2026, 3, 11))
    with store.read() as session:
        assert calendar.is_working_day(session, date(2026, 3, 11))
    with pytest.raises(InvalidInput):
        calendar.reset_day(store, date(2026, 3, 11))


def test_official_day_can_be_overridden(store) -> None:
    calendar.set_day(store, date(2026, 1, 10), working=False, label="Không làm bù")
    calendar.set_day(store, date(2026, 1, 2), working=True)
    with store.read() as session:
        assert not calendar.is_working_day(session, date(2026, 1, 10))
        assert calendar.is_working_day(session, date(2026, 1, 2))


def test_only_admins_edit_and_nothing_changes(store) -> None:
    with pytest.raises(PermissionDenied):
        calendar.set_day(store, date(2026, 3, 11), working=False, actor=CLERK)
    with pytest.raises(PermissionDenied):
        calendar.confirm_year(store, 2027, actor=CLERK)
    with pytest.raises(PermissionDenied):
        calendar.import_year(store, "year: 2027\n", actor=CLERK)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(CalendarDay)) == 0
        assert session.scalar(select(func.count()).select_from(CalendarYear)) == 0


def test_confirm_provisional_year(store) -> None:
    with store.read() as session:
        assert calendar.year_status(session, 2027) == "provisional"
        assert calendar.due_for(session, received_at=parse_vn_iso("2027-03-01T09:00"), duration=1,
                                unit="working_days").provisional
    assert calendar.year_view(store, 2027).provisional
    calendar.confirm_year(store, 2027)
    with store.read() as session:
        assert calendar.year_status(session, 2027) == "confirmed"
        assert not calendar.due_for(session, received_at=parse_vn_iso("2027-03-01T09:00"), duration=1,
                                    unit="working_days").provisional
    with pytest.raises(Conflict):
        calendar.confirm_year(store, 2027)
    with pytest.raises(Conflict):
        calendar.confirm_year(store, 2026)


def test_export_import_round_trip(store) -> None:
    calendar.set_day(store, date(2026, 6, 5), working=False, label="Nghỉ sự kiện phường")
    text = calendar.export_year(store, 2026)
    assert "2026-02-14..2026-02-22" in text and "2026-06-05" in text and "2026-01-10" in text
    before = calendar.year_view(store, 2026).days
    summary = calendar.import_year(store, text)
    assert summary.year == 2026
    assert calendar.year_view(store, 2026).days == before
    assert calendar.export_year(store, 2026).splitlines()[3:] == text.splitlines()[3:]


def test_import_a_future_year_replaces_baseline(store) -> None:
    text = ("year: 2027\nsource: Thông báo thử\n"
            "2027-01-01 off Tết Dương lịch\n"
            "2027-02-04..2027-02-12 off Tết Nguyên đán\n"
            "2027-02-20 working Làm bù cho ngày 12/02/2027\n")
    calendar.import_year(store, text)
    with store.read() as session:
        assert calendar.year_status(session, 2027) == "imported"
        cal = calendar.load_calendar(session)
    assert not cal.is_working_day(date(2027, 2, 12))
    assert cal.is_working_day(date(2027, 2, 20))
    assert cal.is_working_day(date(2027, 4, 16))  # the baseline's Giỗ Tổ is not in this file
    assert not cal.is_provisional(2027)


def test_bad_year_file_changes_nothing(store) -> None:
    calendar.set_day(store, date(2027, 3, 3), working=False, label="Giữ nguyên")
    bad = "year: 2027\n2027-01-01 off Tết Dương lịch\n2027-02-31 off Sai ngày\n2027-03-01 maybe Sai\n"
    with pytest.raises(InvalidInput) as err:
        calendar.import_year(store, bad)
    assert "dòng 3" in err.value.message and "dòng 4" in err.value.message
    with store.read() as session:
        assert calendar.year_status(session, 2027) == "provisional"
        rows = [(r.day, r.label) for r in session.scalars(select(CalendarDay))]
    assert rows == [(date(2027, 3, 3), "Giữ nguyên")]


def test_reschedule_through_service(store) -> None:
    with store.read() as session:
        r = calendar.reschedule(session, current_due=parse_vn_iso("2026-02-12T10:00"),
                                new_due=parse_vn_iso("2026-02-25T10:00"), already_rescheduled=False)
        assert r.working_days == 4
        with pytest.raises(Conflict):
            calendar.reschedule(session, current_due=parse_vn_iso("2026-02-12T10:00"),
                                new_due=parse_vn_iso("2026-02-25T10:00"), already_rescheduled=True)


def test_edit_from_another_pc_is_seen_without_restart(store) -> None:
    """The cache is keyed by a fingerprint of the calendar tables, not only cleared by local edits."""
    from datetime import UTC

    with store.read() as session:
        assert calendar.is_working_day(session, date(2026, 3, 11))
    with store.write() as session:  # as another counter PC would: straight to the shared database
        session.add(CalendarDay(day=date(2026, 3, 11), working=False, label="Nghỉ đột xuất",
                                updated_by=None, updated_at=datetime.now(UTC)))
    with store.read() as session:
        assert not calendar.is_working_day(session, date(2026, 3, 11))
    settings.set_value(store, "office.sessions", "08:00-12:00,13:00-17:30")
    with store.read() as session:
        assert calendar.load_calendar(session).closing.hour == 17
        assert calendar.load_calendar(session).closing.minute == 30
