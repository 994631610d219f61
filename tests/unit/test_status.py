from __future__ import annotations

import pytest

from counterdesk.domain import status as st
from counterdesk.domain.errors import Conflict

ALLOWED = [
    ("handover", 2, 4),
    ("transfer", 4, 4),
    ("refuse", 2, 3), ("refuse", 4, 3),
    ("request_supplement", 2, 5), ("request_supplement", 4, 5),
    ("complete_supplement", 5, 4),
    ("request_financial", 4, 6),
    ("financial_done", 6, 4),
    ("withdraw", 2, 7), ("withdraw", 4, 7), ("withdraw", 5, 7), ("withdraw", 6, 7),
    ("stop", 2, 8), ("stop", 4, 8), ("stop", 5, 8), ("stop", 6, 8),
    ("result_ready", 2, 9), ("result_ready", 4, 9), ("result_ready", 6, 9),
    ("return_result", 9, 10),
    ("reschedule", 2, 2), ("reschedule", 4, 4), ("reschedule", 6, 6),
]


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
def test_every_allowed_transition(action: str, source: int, target: int) -> None:
    assert st.check(action, source) == target


def test_table_has_exactly_the_allowed_pairs() -> None:
    table = {(t.action, s) for t in st.TRANSITIONS.values() for s in t.sources}
    assert table == {(a, s) for a, s, _ in ALLOWED}


REFUSED = [
    ("return_result", 2), ("return_result", 4), ("return_result", 10), ("return_result", 7),
    ("handover", 4), ("handover", 9), ("handover", 10),
    ("complete_supplement", 4), ("request_supplement", 9), ("request_supplement", 5),
    ("withdraw", 9), ("withdraw", 10), ("withdraw", 3), ("stop", 10),
    ("result_ready", 5), ("result_ready", 10), ("financial_done", 4),
    ("reschedule", 5), ("reschedule", 9), ("reschedule", 10), ("refuse", 9),
]


@pytest.mark.parametrize(("action", "source"), REFUSED)
def test_refused_transitions_say_why_in_vietnamese(action: str, source: int) -> None:
    with pytest.raises(Conflict) as err:
        st.check(action, source)
    assert "Không thể" in err.value.message
    assert st.name(source) in err.value.message


def test_unknown_action_refused() -> None:
    with pytest.raises(Conflict, match="không xác định"):
        st.check("teleport", 2)


def test_terminal_statuses_are_never_left_except_to_return() -> None:
    for status in st.TERMINAL - {st.DONE}:
        assert [t.action for t in st.allowed(status)] == []
    assert [t.action for t in st.allowed(st.DONE)] == ["return_result"]


def test_every_national_code_has_staff_and_public_names() -> None:
    for code in range(1, 11):
        assert st.name(code) and st.public_name(code)
    assert st.name(9) == "Đã xử lý xong"
    assert "nhận" in st.public_name(9)
