"""Counters and service lines on SQLite and PostgreSQL: add, rename, retire, map, with audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counterdesk.domain.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import ADMIN, CLERK, DEVICE, Actor
from counterdesk.models import AuditEntry
from counterdesk.services import audit, counters, queue
from tests.factories import vn
from tests.helpers.store_state import fingerprint

ADMIN1 = Actor(user_id=None, username="admin", role=ADMIN)
CLERK1 = Actor(user_id=None, username="canbo1", role=CLERK)
DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)
T = vn("2026-12-04T09:00")


def test_a_fifth_counter_and_a_new_line_take_tickets(store) -> None:
    added = counters.add_counter(store, ADMIN1, 5, "  Quầy 5 —  Đất đai ")
    assert (added.number, added.name, added.active) == (5, "Quầy 5 — Đất đai", True)
    line = counters.add_line(store, ADMIN1, "e", "Đất đai", first_number=1, last_number=99, daily_cap=2)
    assert line.prefix == "E" and line.counters == ()
    counters.map_line(store, ADMIN1, "E", 5)
    assert [r.lines for r in counters.list_counters(store) if r.number == 5] == [("E",)]
    assert [r.counters for r in counters.list_lines(store) if r.prefix == "E"] == [(5,)]
    issued = queue.issue_ticket(store, DISPENSER, "E", now=T)
    assert (issued.ticket.number, issued.ticket.line_name) == ("E001", "Đất đai")
    assert queue.call_next(store, CLERK1, 5, now=T).number == "E001"
    with store.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("counter.%")
                                                                 | AuditEntry.action.like("line.%"))))
    assert actions == ["counter.added", "line.added", "line.mapped"]
    assert audit.verify(store).ok


def test_a_retired_counter_keeps_its_history_and_cannot_call(store) -> None:
    issued = queue.issue_ticket(store, DISPENSER, "A", now=T)
    queue.call_next(store, CLERK1, 2, now=T)
    with pytest.raises(Conflict, match="đang gọi hoặc phục vụ số A001") as refused:
        counters.retire_counter(store, ADMIN1, 2)
    assert refused.value.field == "number"
    queue.finish(store, CLERK1, 2, now=T)
    counters.retire_counter(store, ADMIN1, 2)
    assert [r.active for r in counters.list_counters(store) if r.number == 2] == [False]
    assert queue.get_ticket(store, issued.ticket.id).counter == 2  # history kept
    queue.issue_ticket(store, DISPENSER, "A", now=T)
    with pytest.raises(Conflict, match="ngừng hoạt động"):
        queue.call_next(store, CLERK1, 2, now=T)
    assert 2 not in [c.number for c in queue.counters(store)]
    with pytest.raises(Conflict, match="đã ngừng"):
        counters.add_counter(store, ADMIN1, 2)


def test_renames_and_a_retired_line(store) -> None:
    counters.rename_counter(store, ADMIN1, 1, "Quầy Hộ tịch")
    counters.rename_line(store, ADMIN1, "b", "Chứng thực bản sao")
    assert [r.name for r in counters.list_counters(store) if r.number == 1] == ["Quầy Hộ tịch"]
    counters.retire_line(store, ADMIN1, "B")
    assert "B" not in [x.prefix for x in queue.lines(store, now=T)]
    with pytest.raises(Conflict, match="tạm ngừng cấp số"):
        queue.issue_ticket(store, DISPENSER, "B", now=T)
    counters.unmap_line(store, ADMIN1, "B", 1)
    with pytest.raises(NotFound) as missing:
        counters.unmap_line(store, ADMIN1, "B", 1)
    assert missing.value.field == "counter"


@pytest.mark.parametrize(("call", "field"), [
    (lambda s: counters.add_counter(s, ADMIN1, 0, "X"), "number"),
    (lambda s: counters.add_counter(s, ADMIN1, 1, "Trùng"), "number"),
    (lambda s: counters.add_counter(s, ADMIN1, 7, "x" * 101), "name"),
    (lambda s: counters.add_line(s, ADMIN1, "Ă", "Dấu"), "prefix"),
    (lambda s: counters.add_line(s, ADMIN1, "ABCD", "Dài"), "prefix"),
    (lambda s: counters.add_line(s, ADMIN1, "A", "Trùng"), "prefix"),
    (lambda s: counters.add_line(s, ADMIN1, "F", "   "), "name"),
    (lambda s: counters.add_line(s, ADMIN1, "F", "Số", first_number=50, last_number=10), "last_number"),
    (lambda s: counters.add_line(s, ADMIN1, "F", "Số", first_number=0), "first_number"),
    (lambda s: counters.add_line(s, ADMIN1, "F", "Số", last_number=10, daily_cap=11), "daily_cap"),
    (lambda s: counters.map_line(s, ADMIN1, "A", 1), "counter"),
    (lambda s: counters.map_line(s, ADMIN1, "A", 42), "number"),
    (lambda s: counters.rename_line(s, ADMIN1, "Z", "Không có"), "prefix"),
])
def test_bad_input_names_its_field_and_changes_nothing(store, call, field: str) -> None:
    before = fingerprint(store)
    with pytest.raises((InvalidInput, Conflict, NotFound)) as refused:
        call(store)
    assert isinstance(refused.value, DomainError) and refused.value.field == field
    assert fingerprint(store) == before


def test_only_administrators(store) -> None:
    with pytest.raises(PermissionDenied):
        counters.add_counter(store, CLERK1, 6)
    with pytest.raises(PermissionDenied):
        counters.map_line(store, DISPENSER, "A", 1)
