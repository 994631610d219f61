"""Day close: reconciliation, discrepancies, one signed close per day with an audit entry (both DBs)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from counterdesk.domain.errors import Conflict, PermissionDenied
from counterdesk.domain.roles import Actor
from counterdesk.models import AuditEntry, DayClose, DossierEvent, OutboxEntry, ServiceLine, Ticket, User
from counterdesk.services import audit, day_close
from counterdesk.services.outbox import enqueue_dossier
from tests.factories import make_dossier, vn

DAY = date(2026, 11, 10)


def _seed(store) -> None:
    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "A")).one()
        base = dict(line_id=line.id, business_day=DAY)
        served = Ticket(seq=1, number="A001", state="done", issued_at=vn("2026-11-10T08:00"),
                        called_at=vn("2026-11-10T08:05"), serving_at=vn("2026-11-10T08:06"),
                        finished_at=vn("2026-11-10T08:20"), **base)
        stuck = Ticket(seq=2, number="A002", state="serving", issued_at=vn("2026-11-10T08:01"),
                       called_at=vn("2026-11-10T08:21"), serving_at=vn("2026-11-10T08:22"), **base)
        s.add_all([served, stuck,
                   Ticket(seq=3, number="A003", state="no_show", issued_at=vn("2026-11-10T08:02"),
                          called_at=vn("2026-11-10T08:30"), **base),
                   Ticket(seq=4, number="A004", state="waiting", issued_at=vn("2026-11-10T08:03"), **base),
                   Ticket(seq=1, number="A001", state="waiting", issued_at=vn("2026-11-11T08:03"),
                          line_id=line.id, business_day=date(2026, 11, 11))])
        s.flush()
        ok = make_dossier(s, received_at=vn("2026-11-10T08:10"), due_at=vn("2026-11-13T08:10"), ticket_id=served.id)
        ok.receipt_printed = 1
        enqueue_dossier(s, ok, "dossier.received")
        by_event = make_dossier(s, received_at=vn("2026-11-10T09:00"), due_at=vn("2026-11-13T09:00"))
        s.add(DossierEvent(dossier_id=by_event.id, at=vn("2026-11-10T09:01"), kind="receipt_printed", note=""))
        entry = enqueue_dossier(s, by_event, "dossier.received")
        entry.state, entry.last_error = "quarantined", "422 MaTTHC không hợp lệ"
        make_dossier(s, received_at=vn("2026-11-10T10:00"), due_at=vn("2026-11-13T10:00"))  # no receipt, no outbox
        make_dossier(s, received_at=vn("2026-11-11T08:00"), due_at=vn("2026-11-14T08:00"))  # another day
        for e in s.scalars(select(OutboxEntry)):
            e.created_at = vn("2026-11-10T12:00")


def test_reconciliation_counts_and_discrepancies(store) -> None:
    _seed(store)
    rec = day_close.reconcile(store, DAY)
    assert (rec.tickets_issued, rec.tickets_called, rec.tickets_served, rec.tickets_done) == (4, 3, 2, 1)
    assert (rec.tickets_no_show, rec.tickets_waiting) == (1, 1)
    assert (rec.dossiers_received, rec.receipts_printed) == (3, 2)
    assert (rec.outbox_accepted, rec.outbox_pending, rec.outbox_quarantined) == (0, 1, 1)
    assert rec.discrepancy_counts == {"ticket_no_outcome": 1, "ticket_open": 1, "dossier_no_receipt": 1,
                                      "dossier_no_outbox": 1, "outbox_quarantined": 1}
    refs = {(x.kind, x.ref) for x in rec.discrepancies}
    assert ("ticket_no_outcome", "A002") in refs and ("ticket_open", "A002") in refs
    assert not rec.balanced and rec.closed_at is None


def test_close_once_by_supervisor_with_audit(store) -> None:
    _seed(store)
    with store.read() as s:
        boss = s.scalars(select(User).where(User.username == "lanhdao")).one()
        clerk = s.scalars(select(User).where(User.username == "canbo1")).one()
        boss_actor, boss_id = Actor(boss.id, boss.username, boss.role), boss.id
        clerk_actor = Actor(clerk.id, clerk.username, clerk.role)
    with pytest.raises(PermissionDenied):
        day_close.close_day(store, clerk_actor, DAY)
    rec = day_close.close_day(store, boss_actor, DAY, note="Phiếu A002 khách bỏ về")
    assert rec.closed_by == "Trần Thị Bình" and rec.closed_at is not None
    with pytest.raises(Conflict, match="đã được chốt"):
        day_close.close_day(store, boss_actor, DAY)
    with store.read() as s:
        row = s.get(DayClose, DAY)
        assert row is not None and row.closed_by == boss_id
        assert json.loads(row.summary)["dossiers_received"] == 3
        assert "Ghi chú: Phiếu A002 khách bỏ về" in row.discrepancies
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "day.close")).all()
        assert [e.entity_id for e in entries] == ["2026-11-10"]
        assert s.scalar(select(func.count()).select_from(DayClose)) == 1
    assert audit.verify(store).ok
    again = day_close.reconcile(store, DAY)
    assert again.closed_by == "Trần Thị Bình"


def test_day_close_counts_the_fees_collected_that_day(store) -> None:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import fees

    with store.write() as s:
        paid = make_dossier(s, received_at=vn("2026-11-10T08:10"), due_at=vn("2026-11-13T08:10"))
        later = make_dossier(s, received_at=vn("2026-11-10T08:20"), due_at=vn("2026-11-13T08:20"))
        paid.fee, later.fee = 14_000, 5_000
        codes = paid.code, later.code
    fees.record_payment(store, codes[0], amount=14_000, receipt_no="BL-1", actor=SYSTEM_ACTOR,
                        at=vn("2026-11-10T08:15"))
    fees.record_payment(store, codes[1], amount=5_000, receipt_no="BL-2", actor=SYSTEM_ACTOR,
                        at=vn("2026-11-11T08:00"))  # collected the next day: not in this day's cash
    rec = day_close.reconcile(store, DAY)
    assert (rec.fee_receipts, rec.fees_collected) == (1, 14_000)
    assert json.loads(rec.summary_json())["fees_collected"] == 14_000
    import io

    from pypdf import PdfReader

    from counterdesk.printing import day_close as day_close_pdf
    from counterdesk.services import reports

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        day_close_pdf.render(rec, reports.daily_log(store, DAY)))).pages)
    assert "Phí, lệ phí thu trong ngày" in text and "14.000" in text and "Tin nhắn cho công dân" in text
