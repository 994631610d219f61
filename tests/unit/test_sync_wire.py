"""Portal answers, fault specs and record checks: malformed input never crashes, always explains."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.sync.payload import parse_portal_time, record_problems
from counterdesk.sync.portal import (
    MalformedAnswer,
    PushItem,
    batch_body,
    batch_key,
    parse_pull_answer,
    parse_push_answer,
    retry_after_seconds,
)
from counterdesk.sync.portal_sim import Faults, PortalState, SimError
from tests.sync_support import record

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_push_answer_is_parsed_or_refused_as_malformed(data: object) -> None:
    try:
        results = parse_push_answer(data, {"a", "b"})
    except MalformedAnswer:
        return
    assert all(r.key in {"a", "b"} and r.status in ("accepted", "duplicate", "rejected") for r in results)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_pull_answer_is_parsed_or_refused_as_malformed(data: object) -> None:
    try:
        page = parse_pull_answer(data, "5")
    except MalformedAnswer:
        return
    assert all(1 <= c.status <= 10 and c.code for c in page.changes)


def test_push_answer_keeps_good_results_and_drops_bad_ones() -> None:
    data = {"results": [{"key": "a", "status": "accepted"}, {"key": "b", "status": "maybe"},
                        {"key": "zz", "status": "accepted"}, "junk", {"key": "b", "status": "rejected",
                                                                     "code": "invalid", "reason": "Thiếu MaTTHC."}]}
    results = parse_push_answer(data, {"a", "b"})
    assert [(r.key, r.status, r.reason) for r in results] == [("a", "accepted", ""), ("b", "rejected", "Thiếu MaTTHC.")]


def test_pull_answer_skips_malformed_changes() -> None:
    page = parse_pull_answer({"changes": [{"seq": 1, "MaHoSo": "X-1", "TrangThaiHoSo": 9},
                                          {"seq": 2, "MaHoSo": "", "TrangThaiHoSo": 9},
                                          {"seq": 3, "MaHoSo": "X-3", "TrangThaiHoSo": True}],
                              "next_cursor": "3"}, "0")
    assert [c.code for c in page.changes] == ["X-1"] and page.skipped == 2 and page.next_cursor == "3"


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Fri, 20 Nov 2026 02:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_batch_key_is_stable_for_the_same_items_and_differs_otherwise() -> None:
    items = [PushItem("k1", 1, "dossier.received", record(1)), PushItem("k2", 2, "dossier.received", record(2))]
    assert batch_key(batch_body(items)) == batch_key(batch_body(list(items)))
    assert batch_key(batch_body(items[:1])) != batch_key(batch_body(items))


def test_record_problems_name_each_bad_field() -> None:
    assert record_problems(record(1)) == []
    bad = dict(record(1), MaTTHC="", NgayTiepNhan="20261340", TrangThaiHoSo=11, KenhThucHien=True, NgayHenTra="x")
    problems = " ".join(record_problems(bad))
    for field in ("MaTTHC", "NgayTiepNhan", "TrangThaiHoSo", "KenhThucHien", "NgayHenTra"):
        assert field in problems
    assert record_problems([1, 2]) == ["Bản ghi hồ sơ phải là một đối tượng JSON."]


def test_portal_time_is_vietnam_time() -> None:
    moment = parse_portal_time("20261120091500")
    assert moment is not None and moment.utcoffset().total_seconds() == 7 * 3600 and moment.hour == 9
    assert parse_portal_time("20261320091500") is None and parse_portal_time(20261120091500) is None


def test_fault_spec_is_parsed_and_bad_specs_are_explained() -> None:
    f = Faults.parse("drop=0.1,5xx=0.1,latency=50ms,lost=0.05,429=0.05,malformed=0.05,seed=1")
    assert (f.drop, f.error5xx, f.latency, f.lost, f.too_many, f.malformed, f.seed) == (0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 1)
    assert Faults.parse("latency=0.2s").latency == 0.2 and not Faults.parse("").any
    for spec, words in (("drop=2", "drop"), ("boom=0.1", "boom"), ("drop", "tên=giá_trị"), ("drop=0.6,5xx=0.6", "vượt")):
        with pytest.raises(ValueError, match=words):
            Faults.parse(spec)


def _body(items: list[dict[str, object]]) -> bytes:
    return json.dumps({"items": items}).encode()


def test_simulator_idempotency_rules(tmp_path: Path) -> None:
    state = PortalState(tmp_path / "portal.sqlite3")
    good = {"key": "k1", "seq": 1, "kind": "dossier.received", "record": record(1)}
    first = state.push("b1", _body([good]))
    assert first["results"] == [{"key": "k1", "status": "accepted"}]
    assert state.push("b1", _body([good])) == first  # same key, same body: the stored answer
    with pytest.raises(SimError) as mismatch:
        state.push("b1", _body([dict(good, seq=2)]))
    assert mismatch.value.status == 422
    again = state.push("b2", _body([good, dict(good, record=dict(record(1), TrangThaiHoSo=4))]))
    assert [r["status"] for r in again["results"]] == ["duplicate", "rejected"]
    other_store = state.push("b5", _body([dict(good, key="k9")]))  # same MaHoSo received under another key
    assert other_store["results"][0]["status"] == "rejected"
    assert other_store["results"][0]["code"] == "duplicate_code" and "trùng mã" in other_store["results"][0]["reason"]
    status_change = state.push("b6", _body([dict(good, key="k10", seq=5, kind="dossier.status",
                                                 record=dict(record(1), TrangThaiHoSo=4))]))
    assert status_change["results"][0]["status"] == "accepted"
    state.inflight.add("b3")
    with pytest.raises(SimError) as busy:
        state.push("b3", _body([good]))
    assert busy.value.status == 409
    for bad in (b"{", b'{"items": []}', _body([{"key": "", "seq": 1, "kind": "x", "record": {}}]),
                _body([{"key": "k", "seq": -1, "kind": "x", "record": {}}])):
        with pytest.raises(SimError) as refused:
            state.push("b4", bad)
        assert refused.value.status == 400
    assert state.stats()["receipts"] == 2 and state.stats()["applied_twice"] == 0
    with pytest.raises(SimError):
        state.changes("abc", 10)
    with pytest.raises(SimError) as unknown:
        state.mark_status("NOPE", 9)
    assert unknown.value.status == 404
    state.close()
