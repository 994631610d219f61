"""Period statistics against hand-computed fixtures, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counterdesk.domain.errors import InvalidInput
from counterdesk.models import Rating, ServiceLine, Ticket, User
from counterdesk.services import reports
from tests.factories import make_applicant, make_dossier, vn

PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
NOW = vn("2026-12-15T09:00")
DUE = vn("2026-11-13T10:00")


def _seed(store) -> dict[str, int]:
    """The fixture; each dossier's category is written next to it."""
    with store.write() as s:
        clerk = s.scalars(select(User).where(User.username == "canbo1")).one()
        other = make_applicant(s, name="Trần Thị Hoa", id_number="079190000001")
        rec = vn("2026-11-10T09:00")

        def mk(**kw):
            kw.setdefault("received_at", rec)
            kw.setdefault("due_at", DUE)
            kw.setdefault("clerk_id", clerk.id)
            extra = {k: kw.pop(k) for k in ("supplement_count", "supplement_seconds") if k in kw}
            d = make_dossier(s, **kw)
            for k, v in extra.items():
                setattr(d, k, v)
            return d

        a = mk(status=10, finished_at=DUE, returned_at=vn("2026-11-14T08:00"))  # on time: exactly at due
        b = mk(status=9, finished_at=DUE + timedelta(minutes=1))  # late by one minute
        mk(status=9, finished_at=DUE + timedelta(minutes=1), supplement_count=1, supplement_seconds=3600,
           supplement_requested_at=vn("2026-11-11T10:00"), supplement_completed_at=vn("2026-11-11T11:00"))  # on time
        mk(status=9, finished_at=vn("2026-11-12T10:00"), supplement_count=2, supplement_seconds=3 * 86400)  # late: 2 supplements
        e = mk(status=9, finished_at=vn("2026-11-18T10:00"))  # late: rescheduled, judged on the receipt date
        e.rescheduled, e.due_at = True, vn("2026-11-20T10:00")
        mk(status=9, finished_at=DUE - timedelta(days=1), channel=2, procedure_code="2.000815",
           applicant=other)  # early (the day before), online, another field
        mk(received_at=vn("2026-11-25T08:00"), due_at=vn("2026-12-10T10:00"), status=4, channel=3)  # in time at period end
        mk(received_at=vn("2026-11-20T08:00"), due_at=vn("2026-11-25T10:00"), status=4, clerk_id=None)  # overdue
        mk(received_at=vn("2026-10-20T08:00"), due_at=vn("2026-10-23T08:00"), status=9,
           finished_at=vn("2026-11-05T08:00"))  # carried over, late
        mk(received_at=vn("2026-10-01T08:00"), due_at=vn("2026-10-05T08:00"), status=10,
           finished_at=vn("2026-10-04T08:00"))  # finished before the period: out of scope
        mk(received_at=vn("2026-11-15T08:00"), due_at=None, status=3, accepted=False,
           finished_at=vn("2026-11-15T08:00"))  # refused at the counter: not received
        mk(received_at=vn("2026-11-16T08:00"), due_at=vn("2026-11-19T08:00"), status=7,
           finished_at=vn("2026-11-17T08:00"))  # withdrawn, early
        mk(received_at=vn("2026-12-01T00:00"), due_at=vn("2026-12-03T08:00"))  # after the period
        s.add_all([Rating(dossier_id=a.id, at=vn("2026-11-14T08:05"), score=3),
                   Rating(dossier_id=b.id, at=vn("2026-11-14T09:00"), score=1)])
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "A")).one()
        base = dict(line_id=line.id, business_day=date(2026, 11, 10), called_by=clerk.id)
        s.add_all([
            Ticket(seq=1, number="A001", state="done", issued_at=vn("2026-11-10T08:00"), called_at=vn("2026-11-10T08:10"),
                   serving_at=vn("2026-11-10T08:11"), finished_at=vn("2026-11-10T08:31"), **base),
            Ticket(seq=2, number="A002", state="no_show", issued_at=vn("2026-11-10T08:05"),
                   called_at=vn("2026-11-10T08:25"), **base),
            Ticket(seq=3, number="A003", state="waiting", issued_at=vn("2026-11-10T08:06"), line_id=line.id,
                   business_day=date(2026, 11, 10)),
        ])
        return {"clerk": clerk.id}


def test_period_statistics_categories(store) -> None:
    ids = _seed(store)
    r = reports.period_statistics(store, *PERIOD, now=NOW)
    t = r.total
    assert (t.carried_over, t.new_in_person, t.new_online, t.new_postal) == (1, 7, 1, 1)
    assert (t.early, t.on_time, t.late) == (2, 2, 4)
    assert (t.pending_in_time, t.pending_overdue) == (1, 1)
    assert (t.returned, t.withdrawn, t.refused, t.not_accepted) == (1, 1, 0, 1)
    assert t.received == 10 and t.resolved == 8
    assert t.on_time_rate == pytest.approx(5 / 10)
    hours = [
        3 * 24 + 1,  # a: 10/11 09:00 → 13/11 10:00
        3 * 24 + 1 + 1 / 60,  # b
        3 * 24 + 1 / 60,  # c: minus 1 h supplement
        2 * 24 + 1 - 3 * 24,  # d: minus 3 days
        8 * 24 + 1,  # e
        2 * 24 + 1,  # f
        16 * 24,  # carried over: 20/10 → 05/11
        24,  # withdrawn
    ]
    assert t.avg_processing_hours == pytest.approx(sum(hours) / 8)
    assert t.satisfaction_rate == pytest.approx(0.5)

    fields = {row.key: row.counts for row in r.by_field}
    assert set(fields) == {"HT", "CT"}
    assert fields["CT"].early == 1 and fields["CT"].new_online == 1
    assert fields["HT"].resolved == 7
    procs = {row.key: row.counts for row in r.by_procedure}
    assert procs["2.000815"].resolved == 1 and procs["1.004873"].late == 4
    clerks = {row.key: row for row in r.by_clerk}
    assert clerks[str(ids["clerk"])].label == "Lê Văn Cường"
    assert clerks[""].counts.pending_overdue == 1
    assert sum(row.counts.received for row in r.by_clerk) == t.received

    q = r.queue_total
    assert (q.tickets, q.called, q.no_show, q.served) == (3, 2, 1, 1)
    assert q.avg_wait_minutes == pytest.approx((10 + 20) / 2)
    assert q.avg_serve_minutes == pytest.approx(20)
    assert [row.label for row in r.queue_by_clerk] == ["Lê Văn Cường", reports.NO_CLERK]

    daily = {p.day: p for p in r.daily}
    assert len(r.daily) == 30
    assert daily[date(2026, 11, 10)].received == 6
    assert daily[date(2026, 11, 13)].resolved == 3 and daily[date(2026, 11, 13)].resolved_in_time == 2


def test_pending_judged_at_now_when_period_not_over(store) -> None:
    _seed(store)
    r = reports.period_statistics(store, *PERIOD, now=vn("2026-11-24T12:00"))
    assert (r.total.pending_in_time, r.total.pending_overdue) == (2, 0)


def test_cancel_stops_between_steps(store) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(reports.ReportCancelled):
        reports.period_statistics(store, *PERIOD, progress=lambda d, t: seen.append((d, t)), cancel=lambda: len(seen) >= 2)
    assert seen == [(0, 4), (1, 4)]


def test_bad_range_is_refused(store) -> None:
    with pytest.raises(InvalidInput):
        reports.period_statistics(store, date(2026, 11, 30), date(2026, 11, 1))


def test_daily_log_numbers_run_through_the_year(store) -> None:
    with store.write() as s:
        make_dossier(s, received_at=vn("2026-01-05T08:00"), due_at=vn("2026-01-08T08:00"))
        make_dossier(s, received_at=vn("2025-12-31T16:00"), due_at=vn("2026-01-05T08:00"))  # last year's book
        make_dossier(s, received_at=vn("2026-03-02T08:00"), due_at=None, procedure_code="2.000815")
        make_dossier(s, received_at=vn("2026-11-10T14:00"), due_at=vn("2026-11-13T14:00"))
        make_dossier(s, received_at=vn("2026-11-10T08:30"), due_at=None, procedure_code="2.000815")
        make_dossier(s, received_at=vn("2026-11-10T00:10"), due_at=vn("2026-11-13T08:00"), returned_at=vn("2026-11-13T09:00"),
                     receiver_name="Nguyễn Văn An")
        make_dossier(s, received_at=vn("2026-11-11T00:00"), due_at=vn("2026-11-14T08:00"))  # next day
    log = reports.daily_log(store, date(2026, 11, 10))
    # STT as given when each was entered (stored, never recounted): a back-dated entry keeps its own
    assert [r.stt for r in log.rows] == [3, 4, 5]
    assert [r.received_at.hour for r in log.rows] == [14, 8, 0]
    assert log.rows[2].returned_at is not None and log.rows[2].receiver == "Nguyễn Văn An"
    assert log.rows[0].address_phone.endswith("0912345678")
    ht = reports.daily_log(store, date(2026, 11, 10), "HT")
    assert [r.stt for r in ht.rows] == [3, 5] and ht.field_name == "Hộ tịch"
    with pytest.raises(InvalidInput):
        reports.daily_log(store, date(2026, 11, 10), "XX")
