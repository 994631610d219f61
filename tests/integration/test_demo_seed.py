from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from counterdesk.domain.clock import to_vn
from counterdesk.models import Applicant, DailySequence, Dossier, DossierEvent, Ticket
from counterdesk.services import calendar, demo


def test_seed_is_consistent(store) -> None:
    added = demo.seed(store, days=4, per_day=12, end=date(2026, 11, 20))
    assert added == 48
    with store.read() as s:
        cal = calendar.load_calendar(s)
        dossiers = s.scalars(select(Dossier)).all()
        assert len(dossiers) == 48
        assert len({d.code for d in dossiers}) == 48
        for d in dossiers:
            assert cal.is_working_day(d.received_day)
            assert d.code.endswith(f"-{d.received_day:%y%m%d}-{d.sequence:04d}")
            assert d.due_at is not None and d.due_at >= d.received_at
            assert cal.is_working_day(to_vn(d.due_at).date())
            if d.finished_at is not None:
                assert d.finished_at >= d.received_at
            if d.returned_at is not None:
                assert d.status == 10 and d.finished_at is not None and d.returned_at >= d.finished_at
            assert d.ticket_id is not None
        assert sorted(d.log_number for d in dossiers) == list(range(1, 49))  # the year's book, no gaps
        assert {d.log_book for d in dossiers} == {"01/2026"}
        assert s.scalar(select(func.count()).select_from(Ticket)) == 48
        assert s.scalar(select(func.count()).select_from(DossierEvent)) >= 48
        assert s.scalar(select(func.count()).select_from(Applicant)) >= 4
        # Numbering continues after the seed: the day's sequence row holds the last number used.
        last = s.scalars(select(DailySequence).where(DailySequence.scope.like("dossier:%"))).all()
        assert sorted(r.last_value for r in last) == [12, 12, 12, 12]


def test_seeded_values_are_stored_as_the_orm_binds_them(store) -> None:
    """Rows written through the driver compare equal to SQLAlchemy-bound values (same stored form)."""
    demo.seed(store, days=2, per_day=20, end=date(2026, 11, 20))
    with store.read() as s:
        dossiers = s.scalars(select(Dossier).order_by(Dossier.id)).all()
        for d in dossiers[::7]:
            assert s.scalar(select(func.count()).select_from(Dossier).where(
                Dossier.received_at == d.received_at, Dossier.received_day == d.received_day,
                Dossier.due_at == d.due_at)) >= 1
            assert d.representative is None and d.documents == []
        tickets = s.scalars(select(Ticket)).all()
        for t in tickets:
            assert t.issued_at < t.called_at < t.serving_at < t.finished_at
        events = s.scalars(select(DossierEvent)).all()
        assert all(e.at >= e.dossier.received_at for e in events)
        assert all(e.data is None for e in events if e.kind not in ("handover", "handback"))
        day = dossiers[0].received_day
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.business_day == day)) == 20


def test_every_seeded_event_falls_in_office_hours_on_a_working_day(store) -> None:
    """Receipts, hand-overs, results and returns happen only while the office is open."""
    demo.seed(store, days=30, per_day=15, end=date(2026, 11, 20))
    with store.read() as s:
        cal = calendar.load_calendar(s)
        events = s.scalars(select(DossierEvent).order_by(DossierEvent.id)).all()
        kinds = {e.kind for e in events}
        assert {"received", "handover", "handback", "returned"} <= kinds
        for e in events:
            local = to_vn(e.at)
            assert cal.is_working_day(local.date()), (e.kind, local)
            assert cal.in_session(local.time()), (e.kind, local)
        for d in s.scalars(select(Dossier)).all():
            for moment in (d.finished_at, d.returned_at):
                if moment is not None:
                    local = to_vn(moment)
                    assert cal.is_working_day(local.date()) and cal.in_session(local.time())
        by_dossier: dict[int, list[DossierEvent]] = {}
        for e in events:
            by_dossier.setdefault(e.dossier_id, []).append(e)
        for rows in by_dossier.values():
            assert [e.at for e in rows] == sorted(e.at for e in rows)  # received ≤ hand-over ≤ result ≤ return
            handover = [e for e in rows if e.kind == "handover"]
            if handover:
                assert handover[0].data["from_unit"] == "Bộ phận Tiếp nhận và Trả kết quả"
                assert handover[0].data["to_unit"] == handover[0].dossier.handling_unit
