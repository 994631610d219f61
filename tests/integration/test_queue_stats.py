"""Queue statistics from the event log, on both backends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counterdesk.domain.errors import InvalidInput, PermissionDenied
from counterdesk.domain.roles import CLERK, DEVICE, SUPERVISOR, Actor
from counterdesk.models import User
from counterdesk.services import queue
from counterdesk.services.queue_stats import queue_stats
from tests.factories import vn

T0 = vn("2026-11-23T08:00")
BOSS = Actor(user_id=None, username="lanhdao", role=SUPERVISOR)
DISP = Actor(user_id=None, username="d", role=DEVICE)


def m(minutes: float) -> object:
    return T0 + timedelta(minutes=minutes)


def test_times_and_counts_per_line_counter_clerk(store) -> None:
    with store.read() as s:
        uid = s.scalars(select(User.id).where(User.username == "canbo1")).one()
    clerk = Actor(user_id=uid, username="canbo1", role=CLERK)
    a1 = queue.issue_ticket(store, DISP, "A", now=m(0)).ticket
    queue.issue_ticket(store, DISP, "A", now=m(1))
    queue.issue_ticket(store, DISP, "B", now=m(2))
    c1 = queue.issue_ticket(store, DISP, "C", now=m(3)).ticket
    # A001: waits 10 min, served 6 min at counter 1 by canbo1
    assert queue.call_next(store, clerk, 1, now=m(10)).id == a1.id
    queue.recall(store, clerk, 1, now=m(11))
    queue.start_serving(store, clerk, 1, now=m(12))
    queue.finish(store, clerk, 1, now=m(18))
    # A002: no-show at counter 2 after waiting 19 min
    queue.call_next(store, clerk, 2, now=m(20))
    queue.no_show(store, clerk, 2, now=m(22))
    # B001: waits 28 min, served 2 min at counter 2, transferred to C, waits 5, served 4 at counter 3
    queue.call_next(store, clerk, 2, now=m(30))
    queue.start_serving(store, clerk, 2, now=m(30))
    queue.transfer(store, clerk, 2, to_line="C", now=m(32))
    queue.call_next(store, clerk, 3, now=m(37))
    queue.start_serving(store, clerk, 3, now=m(37))
    queue.finish(store, clerk, 3, now=m(41))
    queue.cancel(store, clerk, c1.id, now=m(42))

    st = queue_stats(store, BOSS, date(2026, 11, 23))
    t = st.total
    assert (t.issued, t.called, t.served, t.no_show, t.cancelled, t.transferred) == (4, 4, 2, 1, 1, 1)
    assert t.waiting.count == 4 and t.waiting.maximum == 28 * 60 and t.waiting.median == (10 + 19) / 2 * 60
    assert t.serving.count == 3 and t.serving.maximum == 6 * 60 and t.serving.average == pytest.approx(4 * 60)
    lines = {g.key: g for g in st.by_line}
    assert lines["A"].label == "Tư pháp – Hộ tịch" and (lines["A"].issued, lines["A"].no_show) == (2, 1)
    assert lines["A"].waiting.average == pytest.approx((10 + 19) / 2 * 60)
    counters = {g.key: g for g in st.by_counter}
    assert counters["1"].label == "Quầy 1" and counters["1"].serving.maximum == 360
    assert (counters["2"].served, counters["2"].transferred, counters["2"].no_show) == (0, 1, 1)
    assert counters["3"].waiting.maximum == 300  # the wait after the transfer is charged where it ended
    clerks = {g.key: g for g in st.by_clerk}
    assert clerks["canbo1"].label == "Lê Văn Cường" and clerks["canbo1"].served == 2
    empty = queue_stats(store, BOSS, date(2026, 11, 24), date(2026, 11, 30))
    assert empty.total.issued == 0 and empty.total.waiting.average is None


def test_bad_period_and_permission(store) -> None:
    with pytest.raises(InvalidInput):
        queue_stats(store, BOSS, date(2026, 11, 23), date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        queue_stats(store, Actor(user_id=None, username="c", role=CLERK), date(2026, 11, 23))
