"""`counterdesk dossier show CODE --json` and `dossier act CODE ACTION` as a user runs them (DESIGN §7)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_runner import run_cli
from tests.e2e.test_cli_intake import DOC


def _intake(home: Path) -> str:
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps(DOC))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def _show(home: Path, code: str) -> dict:
    r = run_cli("dossier", "show", code, "--json", home=home)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_show_then_act_through_the_whole_path(home: Path) -> None:
    code = _intake(home)
    shown = _show(home, code)
    assert shown["code"] == code and shown["status"] == 2 and shown["status_name"] == "Được tiếp nhận"
    assert shown["procedure"] == DOC["procedure"] and isinstance(shown["fee"], int)
    assert shown["received_at"] == "2026-11-20T09:15+07:00"
    assert shown["due_at"].endswith("+07:00") and shown["due_at"] == shown["original_due_at"]
    assert (shown["finished_at"], shown["returned_at"], shown["rescheduled"]) == (None, None, False)
    assert [e["kind"] for e in shown["events"]] == ["received"]

    steps = [("handover", "canbo1", "2026-11-20T10:00", 4), ("result_ready", "canbo1", "2026-11-23T14:00", 9),
             ("return_result", "canbo1", "2026-11-24T08:30", 10)]
    for action, user, at, status in steps:
        r = run_cli("dossier", "act", code, action, "--as", user, "--at", at, home=home)
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"{code}: {status} – ")

    shown = _show(home, code)
    assert shown["status"] == 10 and shown["status_name"] == "Đã trả kết quả"
    assert shown["finished_at"] == "2026-11-23T14:00+07:00"
    assert shown["returned_at"] == "2026-11-24T08:30+07:00"
    events = shown["events"]
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in events] == [
        ("received", None, 2), ("handover", 2, 4), ("handback", 4, 9), ("returned", 9, 10)]
    assert [e["at"] for e in events[1:]] == ["2026-11-20T10:00+07:00", "2026-11-23T14:00+07:00",
                                             "2026-11-24T08:30+07:00"]
    assert {e["actor"] for e in events[1:]} != {""}  # the staff member named by --as


def test_default_actor_is_the_cli_and_notes_are_kept(home: Path) -> None:
    code = _intake(home)
    r = run_cli("dossier", "act", code, "request_supplement", "--note", "Thiếu bản sao giấy khai sinh",
                "--at", "2026-11-20T11:00", home=home)
    assert r.returncode == 0, r.stderr
    last = _show(home, code)["events"][-1]
    assert (last["to_status"], last["actor"], last["note"]) == (5, "", "Thiếu bản sao giấy khai sinh")


def test_refusals_exit_2_with_one_vietnamese_line_and_change_nothing(home: Path) -> None:
    code = _intake(home)
    before = _show(home, code)
    cases = [
        (("dossier", "show", "000.00.01.H29-261120-0999", "--json"), "Không tìm thấy hồ sơ"),
        (("dossier", "show", "không-phải-mã"), "không phải mã hồ sơ"),
        (("dossier", "act", code, "fly"), "Thao tác không xác định"),
        (("dossier", "act", code, "return_result"), "Không thể"),  # illegal from status 2
        (("dossier", "act", code, "transfer"), "Không thể"),  # a first hand-over is not a transfer
        (("dossier", "act", code, "refuse"), "lý do từ chối"),  # a reason is required
        (("dossier", "act", code, "handover", "--as", "khongco"), "Không có tài khoản"),
        (("dossier", "act", code, "reschedule", "--as", "canbo1", "--note", "Trễ", "--due", "2026-12-01T09:00"),
         "không có quyền"),  # a clerk may not reschedule
        (("dossier", "act", code, "handover", "--at", "hôm qua"), "--at"),
    ]
    for args, needle in cases:
        r = run_cli(*args, home=home)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert needle in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
    assert _show(home, code) == before


def test_head_reschedules_with_a_new_due_date(home: Path) -> None:
    code = _intake(home)
    due = _show(home, code)["due_at"]
    r = run_cli("dossier", "act", code, "reschedule", "--as", "lanhdao", "--note", "Chờ xác minh",
                "--due", "2026-12-01T09:00", "--at", "2026-11-20T10:00", home=home)
    assert r.returncode == 0, r.stderr
    shown = _show(home, code)
    assert shown["rescheduled"] and shown["due_at"] == "2026-12-01T09:00+07:00" and shown["original_due_at"] == due
