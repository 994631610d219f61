"""Every queue transition, on SQLite and PostgreSQL (fixture `store`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import CLERK, DEVICE, Actor
from counterdesk.models import AuditEntry, DailySequence, ServiceLine, Ticket, TicketEvent
from counterdesk.services import audit, queue, settings
from tests.factories import make_dossier, open_all_hours, vn

CLERK1 = Actor(user_id=None, username="canbo1", role=CLERK)
DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)
T0 = vn("2026-11-23T08:00")


def at(minutes: float) -> object:
    return T0 + timedelta(minutes=minutes)


def kinds(store, ticket_id: int) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)))


def test_issue_numbers_per_line_and_people_ahead(store) -> None:
    a1 = queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    a2 = queue.issue_ticket(store, DISPENSER, "a", now=at(1))
    b1 = queue.issue_ticket(store, DISPENSER, "B", now=at(2))
    p = queue.issue_ticket(store, DISPENSER, "A", priority=True, now=at(3))
    a4 = queue.issue_ticket(store, DISPENSER, "A", now=at(4))
    assert [a1.ticket.number, a2.ticket.number, b1.ticket.number, p.ticket.number, a4.ticket.number] == [
        "A001", "A002", "B001", "A003", "A004"]
    assert (a1.ahead, a2.ahead, b1.ahead, p.ahead, a4.ahead) == (0, 1, 0, 0, 3)
    assert a1.office_name.startswith("Trung tâm")
    assert a1.ticket.state == "waiting" and a1.ticket.counter is None and not a1.ticket.printed
    assert kinds(store, a1.ticket.id) == ["issued"]
    assert a1.as_json()["number"] == "A001" and a1.as_json()["counter"] is None


def test_bad_line_and_permission_change_nothing(store) -> None:
    with pytest.raises(NotFound, match="Không có dãy số 'Z'"):
        queue.issue_ticket(store, DISPENSER, "Z", now=at(0))
    with pytest.raises(InvalidInput):
        queue.issue_ticket(store, DISPENSER, "A\x1b", now=at(0))
    with pytest.raises(PermissionDenied):
        queue.call_next(store, DISPENSER, 1, now=at(0))
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(DailySequence)) == 0


def test_call_order_priority_first_then_fifo(store) -> None:
    a1 = queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    b1 = queue.issue_ticket(store, DISPENSER, "B", now=at(1))
    pa = queue.issue_ticket(store, DISPENSER, "A", priority=True, now=at(2))
    assert [t.number for t in queue.waiting_list(store, 1, now=at(3))] == ["A002", "A001", "B001"]
    called = []
    for minute in (3, 4, 5):
        t = queue.call_next(store, CLERK1, 1, now=at(minute))
        called.append(t.number)
        queue.finish(store, CLERK1, 1, now=at(minute + 0.5))
    assert called == [pa.ticket.number, a1.ticket.number, b1.ticket.number]
    with pytest.raises(NotFound, match="Không có công dân nào đang chờ"):
        queue.call_next(store, CLERK1, 1, now=at(6))


def test_full_lifecycle_records_events(store) -> None:
    t = queue.issue_ticket(store, DISPENSER, "A", now=at(0)).ticket
    called = queue.call_next(store, CLERK1, 3, now=at(5))
    assert called.id == t.id and called.state == "called" and called.counter == 3
    assert queue.current_ticket(store, 3, now=at(5)) == called
    assert queue.recall(store, CLERK1, 3, now=at(6)).recall_count == 1
    serving = queue.start_serving(store, CLERK1, 3, now=at(7))
    assert serving.state == "serving" and serving.serving_at == at(7)
    done = queue.finish(store, CLERK1, 3, now=at(15))
    assert done.state == "done" and done.finished_at == at(15)
    assert queue.current_ticket(store, 3, now=at(16)) is None
    assert kinds(store, t.id) == ["issued", "called", "recalled", "serving", "done"]
    with store.read() as s:
        counters = set(s.scalars(select(TicketEvent.counter_id).where(TicketEvent.kind != "issued", TicketEvent.ticket_id == t.id)))
    assert len(counters) == 1 and None not in counters


def test_recall_limit_then_no_show_then_called_again(store) -> None:
    settings.set_value(store, "queue.max_recalls", "2")
    t = queue.issue_ticket(store, DISPENSER, "B", now=at(0)).ticket
    queue.call_next(store, CLERK1, 2, now=at(1))
    queue.recall(store, CLERK1, 2, now=at(2))
    queue.recall(store, CLERK1, 2, now=at(3))
    with pytest.raises(Conflict, match="tối đa"):
        queue.recall(store, CLERK1, 2, now=at(4))
    gone = queue.no_show(store, CLERK1, 2, now=at(5))
    assert gone.state == "no_show" and gone.recall_count == 2
    assert [x.number for x in queue.no_show_list(store, now=at(6))] == [t.number]
    back = queue.call_ticket(store, CLERK1, 2, t.id, now=at(30))
    assert back.state == "called" and back.recall_count == 0
    assert kinds(store, t.id) == ["issued", "called", "recalled", "recalled", "no_show", "called"]


def test_calling_while_a_ticket_is_only_called_is_refused(store) -> None:
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    first = queue.call_next(store, CLERK1, 1, now=at(1))
    with pytest.raises(Conflict, match="F7"):
        queue.call_next(store, CLERK1, 1, now=at(2))
    assert queue.current_ticket(store, 1, now=at(2)) == first
    queue.start_serving(store, CLERK1, 1, now=at(2))
    second = queue.call_next(store, CLERK1, 1, now=at(3))  # serving one is finished on "next"
    assert queue.get_ticket(store, first.id).state == "done"
    assert second.number == "A002"


def test_no_current_ticket_messages(store) -> None:
    for op in (queue.recall, queue.no_show, queue.start_serving, queue.finish):
        with pytest.raises(Conflict, match="chưa gọi số nào"):
            op(store, CLERK1, 1, now=at(0))
    with pytest.raises(NotFound, match="quầy số 99"):
        queue.call_next(store, CLERK1, 99, now=at(0))


def test_transfer_to_line_keeps_place(store) -> None:
    a1 = queue.issue_ticket(store, DISPENSER, "A", now=at(0)).ticket
    b1 = queue.issue_ticket(store, DISPENSER, "B", now=at(1)).ticket
    queue.call_next(store, CLERK1, 1, now=at(2))
    queue.start_serving(store, CLERK1, 1, now=at(2))
    moved = queue.transfer(store, CLERK1, 1, to_line="B", now=at(5))
    assert moved.state == "waiting" and moved.line == "B" and moved.own_line == "A" and moved.number == "A001"
    b_lines = {x.prefix: x.waiting for x in queue.lines(store, now=at(5))}
    assert b_lines["B"] == 2 and b_lines["A"] == 0
    # A001 took its number before B001: it keeps that place in line B.
    assert queue.call_next(store, CLERK1, 2, now=at(6)).id == a1.id
    queue.finish(store, CLERK1, 2, now=at(7))
    assert queue.call_next(store, CLERK1, 2, now=at(8)).id == b1.id
    assert "transferred" in kinds(store, a1.id)


def test_people_ahead_count_transfers_in_and_leave_out_transfers_away(store) -> None:
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))  # A001
    queue.issue_ticket(store, DISPENSER, "A", priority=True, now=at(1))  # A002, priority
    assert queue.call_next(store, CLERK1, 1, now=at(2)).number == "A002"
    queue.transfer(store, CLERK1, 1, to_line="B", now=at(3))  # A002 now waits in B, still priority
    assert queue.issue_ticket(store, DISPENSER, "A", now=at(4)).ahead == 1  # A003: A001 only
    b1 = queue.issue_ticket(store, DISPENSER, "B", now=at(5))
    b2 = queue.issue_ticket(store, DISPENSER, "B", priority=True, now=at(6))
    assert (b1.ahead, b2.ahead) == (1, 1)  # A002 (priority, transferred in) before both
    assert queue.call_next(store, CLERK1, 2, now=at(7)).number == "A002"
    queue.transfer(store, CLERK1, 2, to_counter=4, now=at(8))  # now waits for counter 4 only
    assert queue.issue_ticket(store, DISPENSER, "B", now=at(9)).ahead == 2  # B003: B002, B001
    assert queue.issue_ticket(store, DISPENSER, "A", priority=True, now=at(10)).ahead == 0  # A004
    # a reprint counts the same way, for a ticket that is not the newest
    assert (queue.slip_data(store, b1.ticket.id).ahead, queue.slip_data(store, b2.ticket.id).ahead) == (1, 0)


def test_transfer_to_counter_goes_first_there_only(store) -> None:
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    queue.issue_ticket(store, DISPENSER, "A", priority=True, now=at(1))
    first = queue.call_next(store, CLERK1, 1, now=at(2))
    assert first.priority
    queue.transfer(store, CLERK1, 1, to_counter=4, now=at(3))
    assert queue.current_ticket(store, 1, now=at(3)) is None
    other = queue.call_next(store, CLERK1, 2, now=at(4))
    assert other.id != first.id  # counter 2 does not get a ticket sent to counter 4
    assert queue.call_next(store, CLERK1, 4, now=at(5)).id == first.id
    with pytest.raises(InvalidInput):
        queue.transfer(store, CLERK1, 4, now=at(6))
    with pytest.raises(InvalidInput):
        queue.transfer(store, CLERK1, 4, to_counter=4, now=at(6))


def test_cancel(store) -> None:
    t = queue.issue_ticket(store, DISPENSER, "C", now=at(0)).ticket
    assert queue.cancel(store, CLERK1, t.id, note="in nhầm", now=at(1)).state == "cancelled"
    with pytest.raises(Conflict):
        queue.cancel(store, CLERK1, t.id, now=at(2))
    with pytest.raises(NotFound):
        queue.call_next(store, CLERK1, 1, now=at(3))
    with pytest.raises(Conflict):
        queue.call_ticket(store, CLERK1, 1, t.id, now=at(3))


def test_daily_reset_keeps_history_and_survives_restart(store, db_url, tmp_path) -> None:
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    queue.issue_ticket(store, DISPENSER, "A", now=at(1))
    store.dispose()
    from counterdesk.services.setup import open_store

    again = open_store(db_url, tmp_path)
    try:
        assert queue.issue_ticket(again, DISPENSER, "A", now=at(2)).ticket.number == "A003"
        next_day = queue.issue_ticket(again, DISPENSER, "A", now=at(24 * 60))
        assert next_day.ticket.number == "A001" and next_day.ahead == 0
        with again.read() as s:
            assert s.scalar(select(func.count()).select_from(Ticket)) == 4
        # Yesterday's leftovers are history, not today's queue.
        assert [x.number for x in queue.waiting_list(again, 1, now=at(24 * 60 + 1))] == ["A001"]
    finally:
        again.dispose()


def test_clock_jumping_backwards_never_reuses_numbers(store) -> None:
    today = [queue.issue_ticket(store, DISPENSER, "A", now=at(m)).ticket for m in range(3)]
    jumped = queue.issue_ticket(store, DISPENSER, "A", now=at(-24 * 60)).ticket  # PC clock went back one day
    assert jumped.number == "A004" and jumped.business_day == today[0].business_day
    with store.read() as s:
        numbers = list(s.scalars(select(Ticket.number).order_by(Ticket.id)))
    assert len(numbers) == len(set(numbers))
    # calling with the clock back on a working morning (Friday: Sunday is outside opening hours)
    assert queue.call_next(store, CLERK1, 1, now=at(-3 * 24 * 60)).number == "A001"


def test_number_range_and_daily_cap(store) -> None:
    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "D")).one()
        line.first_number, line.last_number, line.daily_cap = 500, 1200, 2
    assert queue.issue_ticket(store, DISPENSER, "D", now=at(0)).ticket.number == "D0500"
    assert queue.issue_ticket(store, DISPENSER, "D", now=at(0)).ticket.number == "D0501"
    with pytest.raises(Conflict, match="đã cấp đủ 2 số"):
        queue.issue_ticket(store, DISPENSER, "D", now=at(0))
    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "D")).one()
        line.daily_cap, line.last_number = None, 502
    assert queue.issue_ticket(store, DISPENSER, "D", now=at(0)).ticket.number == "D502"
    with pytest.raises(Conflict, match="hết dãy số"):
        queue.issue_ticket(store, DISPENSER, "D", now=at(0))


def test_refused_issue_writes_nothing(store) -> None:
    """A refusal (cap, inactive line, wrong line for a code) keeps no number, ticket or audit entry;
    on PostgreSQL the server-side function decides before writing."""
    def written() -> tuple[int, int, int]:
        with store.read() as s:
            return (s.scalar(select(func.count()).select_from(Ticket)) or 0,
                    s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                    s.scalar(select(func.coalesce(func.sum(DailySequence.last_value), 0))) or 0)

    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "D")).one()
        line.daily_cap = 1
    assert queue.issue_ticket(store, DISPENSER, "D", now=at(0)).ticket.number == "D001"
    before = written()
    with pytest.raises(Conflict, match="đã cấp đủ 1 số"):
        queue.issue_ticket(store, DISPENSER, "D", now=at(0))
    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "D")).one()
        line.daily_cap, line.active = 0, False
    with pytest.raises(Conflict, match="tạm ngừng"):
        queue.issue_ticket(store, DISPENSER, "D", now=at(0))
    with store.write() as s:
        s.scalars(select(ServiceLine).where(ServiceLine.prefix == "D")).one().active = True
    with pytest.raises(Conflict, match="đã cấp đủ 0 số"):
        queue.issue_ticket(store, DISPENSER, "D", now=at(0))
    with pytest.raises(InvalidInput, match="không phải dãy trả kết quả"):
        queue.issue_ticket(store, DISPENSER, "A", dossier_code="000.00.01.H29-261120-0001", now=at(0))
    assert written() == before
    assert audit.verify(store).ok


def test_return_ticket_carries_dossier_code(store) -> None:
    with store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-20T09:00"), due_at=vn("2026-11-23T09:00")).code
    issued = queue.issue_return_ticket(store, DISPENSER, code, now=at(0))
    assert issued.ticket.number == "R001" and issued.ticket.dossier_code == code
    with pytest.raises(NotFound, match="Không tìm thấy hồ sơ"):
        queue.issue_return_ticket(store, DISPENSER, "000.00.01.H29-261120-9999", now=at(0))
    with pytest.raises(InvalidInput, match="không phải dãy trả kết quả"):
        queue.issue_ticket(store, DISPENSER, "A", dossier_code=code, now=at(0))


def test_printing_state_and_slip_data(store) -> None:
    first = queue.issue_ticket(store, DISPENSER, "A", now=at(0)).ticket
    second = queue.issue_ticket(store, DISPENSER, "A", now=at(1)).ticket
    assert queue.slip_data(store, second.id).ahead == 1
    queue.mark_printed(store, second.id)
    assert queue.get_ticket(store, second.id).printed
    assert not queue.get_ticket(store, first.id).printed
    assert queue.find_ticket(store, "a002", now=at(2)).id == second.id
    with pytest.raises(NotFound):
        queue.mark_printed(store, 10_000)


def test_display_feed_and_counts(store) -> None:
    queue.issue_ticket(store, DISPENSER, "A", now=at(0))
    queue.issue_ticket(store, DISPENSER, "B", priority=True, now=at(0))
    mark = queue.last_event_id(store)
    queue.call_next(store, CLERK1, 3, now=at(1))
    queue.recall(store, CLERK1, 3, now=at(2))
    feed = queue.calls_since(store, mark)
    assert [(c.number, c.counter, c.recall) for c in feed] == [("B001", 3, False), ("B001", 3, True)]
    assert queue.calls_since(store, feed[-1].event_id) == []
    assert [c.number for c in queue.recent_calls(store, now=at(3))] == ["B001", "B001"]
    counts = {x.prefix: (x.waiting, x.priority_waiting, x.last_number) for x in queue.lines(store, now=at(3))}
    assert counts["A"] == (1, 0, None) and counts["B"] == (0, 0, "B001")
    assert [c.number for c in queue.counters(store)] == [1, 2, 3, 4]


def test_ticket_transitions_are_in_the_audit_trail(store) -> None:
    from sqlalchemy import select as _select

    from counterdesk.domain.roles import CLERK, DEVICE, Actor
    from counterdesk.models import AuditEntry
    from counterdesk.services import audit
    from counterdesk.services import queue as q

    open_all_hours(store)
    issued = q.issue_ticket(store, Actor(None, "dispenser", DEVICE), "A").ticket
    clerk = Actor(None, "canbo", CLERK)
    q.call_next(store, clerk, 1)
    q.finish(store, clerk, 1)
    with store.read() as s:
        actions = list(s.scalars(_select(AuditEntry.action).where(AuditEntry.entity == "ticket").order_by(AuditEntry.id)))
    assert actions[:1] == ["ticket.issued"] and len(actions) >= 3
    assert all(a.startswith("ticket.") for a in actions)
    assert audit.verify(store).ok
    assert issued.number.startswith("A")
