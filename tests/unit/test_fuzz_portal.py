"""Bad input survey, portal answers: any decoded JSON gives results or MalformedAnswer, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counterdesk.sync.portal import MalformedAnswer, parse_pull_answer, parse_push_answer, retry_after_seconds

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["results", "changes", "next_cursor", "more", "key", "status", "code", "reason", "seq",
                     "MaHoSo", "TrangThaiHoSo", "NgayTra", "GhiChu"]) | st.text(max_size=8), inner, max_size=6),
    max_leaves=20)
SENT = {"k1", "k2"}


@FAST
@given(JSON)
@example({"results": [{"key": "k1", "status": "accepted"}, {"key": "k3", "status": "accepted"}, "x", None]})
def test_push_answers(data: object) -> None:
    try:
        results = parse_push_answer(data, SENT)
    except MalformedAnswer as exc:
        assert str(exc)
        return
    assert all(r.key in SENT for r in results)


@FAST
@given(JSON)
@example({"changes": [{"seq": 1, "MaHoSo": "X", "TrangThaiHoSo": True}, [1], "s"], "next_cursor": "c"})
def test_pull_answers(data: object) -> None:
    try:
        page = parse_pull_answer(data, "c0")
    except MalformedAnswer as exc:
        assert str(exc)
        return
    assert all(1 <= c.status <= 10 and c.code for c in page.changes)


@FAST
@given(st.none() | st.text(max_size=40))
@example("²")
@example("Wed, 21 Oct 2015 07:28:00 GMT")
def test_retry_after_header(value: str | None) -> None:
    seconds = retry_after_seconds(value)
    assert seconds is None or seconds >= 0
