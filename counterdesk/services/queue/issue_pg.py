"""The issue path on PostgreSQL: one call of a server-side function, one round trip, its own commit.

On the office LAN every statement is a round trip, and BEGIN and COMMIT are two more. The function
runs the same statements as the SQLite path (issue.py), in the same order and from the same SQL
text: the audit lock first, so that each later statement sees every entry committed before it (a
PL/pgSQL statement takes a fresh snapshot under READ COMMITTED); then the line, the number, the
ticket, its event, the audit entry and the people ahead. Called in autocommit mode, the call is a
transaction by itself: refused or failed, nothing of it is kept.

A refusal (inactive line, wrong line for a code, unknown dossier, range used up, daily cap) writes
nothing: the function returns what it read and no ticket, and issue.py raises the same message as
on SQLite. The cap is a condition of the number's upsert instead of a check after it.

The function is named after a hash of its text and created on first use, so a new release never
calls an older body and nothing needs a migration (an old body is left unused).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from counterdesk.services import audit, numbering
from counterdesk.store.rawsql import Sql

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def in_plpgsql(sql: str, names: Mapping[str, str]) -> str:
    """A statement written with ``:name`` parameters, with each parameter replaced by a PL/pgSQL
    expression (every parameter must be named)."""
    return _NAMED.sub(lambda m: names[m.group(1)], sql)


def function_sql(insert_ticket: str, insert_event: str, ahead: str, ahead_priority: str) -> tuple[str, str]:
    """The function's name and its CREATE statement, from the issue path's own statements."""
    take = numbering.take_statement(
        "SELECT 'ticket:' || l.id, o_day, l.first_number WHERE l.daily_cap IS NULL OR l.daily_cap >= 1",
        "daily_sequence.last_value < l.last_number AND (l.daily_cap IS NULL OR "
        "greatest(daily_sequence.last_value + 1, l.first_number) - l.first_number + 1 <= l.daily_cap)",
    )
    ticket = in_plpgsql(insert_ticket, {
        "line_id": "l.id", "business_day": "o_day", "seq": "o_seq", "number": "v_number",
        "priority": "p_priority", "issued_at": "p_at", "printed": "false", "dossier_code": "p_code",
    })
    event = in_plpgsql(insert_event, {
        "ticket_id": "o_ticket", "at": "p_at", "kind": "p_kind", "user_id": "p_user", "counter_id": "p_counter",
        "note": "p_note",
    })
    counts = {"day": "o_day", "line": "l.id", "yes": "true"}
    entry = in_plpgsql(audit.INSERT_SQL, {
        "at": "p_audit_at", "user_id": "p_user", "action": "p_action", "entity": "p_entity",
        "entity_id": "v_entity_id", "detail": "p_note", "prev_hash": "v_prev", "hash": "v_hash",
    })
    body = f"""
DECLARE
    l service_line%ROWTYPE;
    v_number text;
    v_entity_id text;
    v_prev text;
    v_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock);
    SELECT * INTO l FROM service_line WHERE service_line.prefix = p_prefix;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    o_line := l.id; o_prefix := l.prefix; o_name := l.name; o_first := l.first_number;
    o_last := l.last_number; o_cap := l.daily_cap; o_active := l.active; o_return := l.is_return_line;
    o_day := greatest(p_clock_day, (SELECT max(business_day) FROM ticket));
    o_office := (SELECT office.name FROM office ORDER BY office.id LIMIT 1);
    o_found := false;
    IF p_code IS NOT NULL THEN
        o_found := EXISTS (SELECT 1 FROM dossier WHERE dossier.code = p_code);
    END IF;
    IF NOT l.active OR l.first_number > l.last_number
       OR (p_code IS NOT NULL AND (NOT l.is_return_line OR NOT o_found)) THEN
        RETURN NEXT;
        RETURN;
    END IF;
    {take} INTO o_seq;
    IF o_seq IS NULL THEN
        o_peek := (SELECT last_value FROM daily_sequence WHERE scope = 'ticket:' || l.id AND daily_sequence.day = o_day);
        RETURN NEXT;
        RETURN;
    END IF;
    v_number := l.prefix || lpad(o_seq::text, greatest(3, length(l.last_number::text)), '0');
    {ticket} INTO o_ticket;
    {event};
    v_entity_id := to_char(o_day, 'YYYY-MM-DD') || '/' || v_number;
    v_prev := coalesce(({audit.LAST_HASH_SQL}), p_genesis);
    v_hash := encode(sha256(convert_to(v_prev || p_tail_head || v_entity_id || p_tail_rest, 'UTF8')), 'hex');
    {entry};
    INSERT INTO sync_state (key, value) VALUES (p_head_key, v_hash)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    IF p_priority THEN
        o_ahead := ({in_plpgsql(ahead_priority, counts)}) - 1;
    ELSE
        o_ahead := ({in_plpgsql(ahead, counts)}) - 1;
    END IF;
    o_number := v_number;
    RETURN NEXT;
END
"""
    name = "counterdesk_issue_ticket_" + hashlib.sha256(body.encode()).hexdigest()[:12]
    create = (
        f"CREATE OR REPLACE FUNCTION {name}("
        "p_prefix text, p_clock_day date, p_code text, p_priority boolean, p_at timestamp, p_kind text, "
        "p_user integer, p_counter integer, p_note text, p_lock bigint, p_genesis text, p_audit_at timestamp, "
        "p_action text, p_entity text, p_tail_head text, p_tail_rest text, p_head_key text) "
        "RETURNS TABLE (o_line integer, o_prefix text, o_name text, o_first integer, o_last integer, "
        "o_cap integer, o_active boolean, o_return boolean, o_day date, o_office text, o_found boolean, "
        "o_peek integer, o_seq integer, o_number text, o_ticket integer, o_ahead integer) "
        f"LANGUAGE plpgsql VOLATILE AS $fn${body}$fn$"
    )
    return name, create


def call(sql: Sql, name: str, create: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """Run the function (created first if this database does not have it yet); None: no such line."""
    statement = (
        f"SELECT * FROM {name}(:prefix, :clock_day, :code, :priority, :at, :kind, :user_id, :counter_id, :note, "
        ":lock, :genesis, :audit_at, :action, :entity, :tail_head, :tail_rest, :head_key)"
    )
    try:
        return sql.one(statement, params)
    except Exception as exc:  # only "undefined function" is handled here
        if getattr(exc, "sqlstate", None) != "42883":
            raise
    try:
        sql.execute_literal(create)
    except Exception as exc:  # another counter may create it at the same moment
        if getattr(exc, "sqlstate", None) not in ("XX000", "23505", "40001"):
            raise
    return sql.one(statement, params)
