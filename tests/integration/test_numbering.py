from __future__ import annotations

from datetime import date

import pytest

from counterdesk.domain.errors import Conflict
from counterdesk.services.numbering import next_value, peek
from counterdesk.store.rawsql import Sql


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



class _Scripted(Sql):
    """Replays a PostgreSQL interleaving: our UPDATE ran before another counter's first-of-day
    INSERT committed, our SELECT after it. No connection: only the answers."""

    def __init__(self, answers: list[int | None]) -> None:
        self.answers = answers
        self.sent: list[str] = []

    def bind(self, column: object, value: object) -> object:
        return value

    def scalar(self, sql: str, params: object = None) -> object:
        self.sent.append(sql.split()[0])
        return self.answers.pop(0)


def test_a_first_row_committed_meanwhile_is_taken_from_not_called_used_up() -> None:
    raced = _Scripted([None, 1, 2])  # UPDATE: no row yet; SELECT: the other counter took 1; UPDATE: 2
    assert next_value(raced, "ticket:1", date(2026, 12, 1), 1, 999) == 2
    assert raced.sent == ["UPDATE", "SELECT", "UPDATE"]
    with pytest.raises(Conflict, match="hết dãy số"):
        next_value(_Scripted([None, 999]), "ticket:1", date(2026, 12, 1), 1, 999)
