"""Ticket states: one home for their codes, and a Vietnamese label for every one."""

from __future__ import annotations

import re
from pathlib import Path

from counterdesk.domain import ticket_state as ts
from counterdesk.services.queue import TicketInfo

ROOT = Path(__file__).resolve().parents[2] / "counterdesk"


def test_every_state_and_event_has_a_vietnamese_label() -> None:
    assert set(ts.LABELS) == set(ts.ALL)
    assert [ts.label(s) for s in ts.ALL] == ["đang chờ", "đã gọi", "đang phục vụ", "xong", "vắng mặt", "đã huỷ"]
    assert ts.event_label(ts.TRANSFERRED) == "đã chuyển"
    for code in (*ts.ALL, ts.ISSUED, ts.RECALLED, ts.TRANSFERRED):
        assert "_" not in ts.label(code) and ts.label(code) != code


def test_sets_are_made_of_states() -> None:
    assert {ts.CALLED, ts.SERVING} == ts.ACTIVE
    assert set(ts.ALL) >= ts.CALLABLE and set(ts.ALL) >= ts.CLOSED and set(ts.ALL) >= ts.FINISHED
    assert not ts.ACTIVE & ts.FINISHED


def test_unknown_code_is_never_shown_raw() -> None:
    assert ts.label("weird_code") == "không rõ"
    assert ts.title(ts.NO_SHOW) == "Vắng mặt"


def test_ticket_info_names_its_state_in_vietnamese() -> None:
    assert TicketInfo.state_name.fget is not None
    info = object.__new__(TicketInfo)
    object.__setattr__(info, "state", ts.SERVING)
    assert info.state_name == "Đang phục vụ"


def test_ui_and_services_use_the_domain_codes() -> None:
    """No ticket state written as a string literal in a state comparison outside the domain."""
    literal = re.compile(r"""state\s*(==|!=|in)\s*\(?\s*["'](waiting|called|serving|done|no_show|cancelled)["']""")
    offenders = [
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
