"""Plain SQL on the driver's cursor (store/rawsql.py) stores exactly what the ORM writes and reads,
and shares the ORM's transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from counterdesk.models import AuditEntry, DailySequence
from counterdesk.store.rawsql import Sql, _pyformat
from counterdesk.store.uow import Store


def test_named_parameters_become_pyformat_but_casts_stay() -> None:
    sql = "SELECT CAST(:last AS INTEGER), x::text FROM t WHERE a = :a AND b = :a"
    assert _pyformat(sql) == "SELECT CAST(%(last)s AS INTEGER), x::text FROM t WHERE a = %(a)s AND b = %(a)s"


def test_values_bound_by_column_read_back_through_the_orm(store: Store) -> None:
    moment = datetime(2026, 12, 1, 1, 2, 3, 456000, tzinfo=UTC)
    with store.write_sql() as sql:
        sql.execute(
            "INSERT INTO daily_sequence (scope, day, last_value) VALUES (:scope, :day, 7)",
            {"scope": "raw", "day": sql.bind(DailySequence.day, date(2026, 12, 1))},
        )
        sql.execute(
            "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, detail, prev_hash, hash) "
            "VALUES (:at, NULL, 'raw', '', '', '', :h, :h)",
            {"at": sql.bind(AuditEntry.at, moment), "h": "0" * 64},
        )
        stored_day = sql.scalar("SELECT day FROM daily_sequence WHERE scope = 'raw'")
        assert sql.load(DailySequence.day, stored_day) == date(2026, 12, 1)
    with store.read() as session:
        assert session.scalar(select(DailySequence.day).where(DailySequence.scope == "raw")) == date(2026, 12, 1)
        assert session.scalar(select(AuditEntry.at).where(AuditEntry.action == "raw")) == moment
        # the ORM's own comparison finds the raw row: same stored form
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.at == moment)) is not None


def test_plain_sql_rolls_back_with_the_orm_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(DailySequence(scope="orm", day=date(2026, 12, 1), last_value=1))
        sql = Sql.of_session(session)  # flushes the ORM's pending row first
        assert sql.scalar("SELECT last_value FROM daily_sequence WHERE scope = 'orm'") == 1
        raise RuntimeError("the change failed")
    with store.read() as session:
        assert session.scalar(select(DailySequence.scope).where(DailySequence.scope == "orm")) is None


def test_write_sql_commits_on_success_and_rolls_back_on_error(store: Store) -> None:
    insert = "INSERT INTO daily_sequence (scope, day, last_value) VALUES (:scope, :day, 1)"
    with store.write_sql() as sql:
        sql.execute(insert, {"scope": "kept", "day": sql.bind(DailySequence.day, date(2026, 12, 1))})
    with pytest.raises(RuntimeError), store.write_sql() as sql:
        sql.execute(insert, {"scope": "dropped", "day": sql.bind(DailySequence.day, date(2026, 12, 1))})
        raise RuntimeError("the issue failed after its insert")
    with store.read() as session:
        scopes = set(session.scalars(select(DailySequence.scope)))
    assert "kept" in scopes and "dropped" not in scopes
    with store.write_sql() as sql:  # the pooled connection came back clean and usable
        assert sql.scalar("SELECT count(*) FROM daily_sequence WHERE scope = 'kept'") == 1
