from __future__ import annotations

from datetime import date

import pytest

from counterdesk.domain.errors import Conflict
from counterdesk.services.numbering import next_value, peek


def test_sequence_per_scope_and_day(store) -> None:
    d1, d2 = date(2026, 11, 20), date(2026, 11, 21)
    with store.write() as s:
        assert [next_value(s, "x", d1) for _ in range(3)] == [1, 2, 3]
        assert next_value(s, "x", d2) == 1
        assert next_value(s, "y", d1, first=5001) == 5001
    with store.read() as s:
        assert peek(s, "x", d1) == 3


def test_rollback_leaves_no_gap(store) -> None:
    d = date(2026, 11, 20)
    with store.write() as s:
        assert next_value(s, "z", d) == 1
    with pytest.raises(RuntimeError), store.write() as s:
        assert next_value(s, "z", d) == 2
        raise RuntimeError("intake failed")
    with store.write() as s:
        assert next_value(s, "z", d) == 2


def test_block_end_refuses(store) -> None:
    d = date(2026, 11, 20)
    with store.write() as s:
        assert next_value(s, "b", d, first=10, last=11) == 10
        assert next_value(s, "b", d, first=10, last=11) == 11
    with pytest.raises(Conflict), store.write() as s:
        next_value(s, "b", d, first=10, last=11)


def test_first_row_of_the_day_raced_on_postgresql(pg_schema_url: str, tmp_path) -> None:
    """Another counter's first number of the day is still uncommitted when ours is asked for:
    ours waits for it and takes the next, never a second "first" and never "used up"."""
    import threading

    from sqlalchemy import text

    from counterdesk.services.setup import open_store

    store = open_store(pg_schema_url, tmp_path)
    day, got = date(2026, 12, 1), []
    try:
        with store.write() as first:
            assert next_value(first, "ticket:1", day, 1, 999) == 1  # row inserted, not committed
            holder = first.execute(text("SELECT pg_backend_pid()")).scalar()
            racer = threading.Thread(target=lambda: got.append(_take(store, day)))
            racer.start()
            with store.engine.connect() as watcher:  # until the racer waits on our row
                blocked = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
                while not watcher.execute(blocked, {"pid": holder}).scalar():
                    watcher.rollback()
        racer.join()
        assert got == [2]
        with pytest.raises(Conflict, match="hết dãy số"), store.write() as s:
            next_value(s, "ticket:1", day, 1, 2)
    finally:
        store.dispose()


def _take(store, day: date) -> int:
    with store.write() as s:
        return next_value(s, "ticket:1", day, 1, 999)
