"""`counterdesk ticket …` as separate processes against one store (SQLite file and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from counterdesk.domain.clock import now_vn
from tests.e2e.cli_runner import js, run_cli


def _open_all_hours(home: Path, db: str) -> None:
    """These commands run at wall-clock time: the administrator's override keeps the queue open."""
    assert run_cli("config", "set", "queue.outside_hours", "on", home=home, db=db).returncode == 0


def test_issue_call_recall_finish_by_counter(home: Path, cli_db: str) -> None:
    _open_all_hours(home, cli_db)
    first = js("ticket", "issue", "--line", "A", home=home, db=cli_db)
    assert (first["number"], first["line"], first["counter"]) == ("A001", "A", None)
    prio = js("ticket", "issue", "--line", "A", "--priority", home=home, db=cli_db)
    assert prio["number"] == "A002" and prio["ahead"] == 0
    called = js("ticket", "call", "--counter", "3", home=home, db=cli_db)
    assert (called["number"], called["line"], called["counter"]) == ("A002", "A", 3)
    assert js("ticket", "recall", "--counter", "3", home=home, db=cli_db)["recall_count"] == 1
    assert js("ticket", "no-show", "--counter", "3", home=home, db=cli_db)["state"] == "no_show"
    again = js("ticket", "call", "--counter", "2", home=home, db=cli_db)
    assert again["number"] == "A001"
    assert js("ticket", "finish", "--counter", "2", home=home, db=cli_db)["state"] == "done"
    status = js("ticket", "status", home=home, db=cli_db)
    assert {x["line"]: x["waiting"] for x in status["lines"]}["A"] == 0  # type: ignore[index, union-attr]


def test_nobody_waiting_and_unknown_line_exit_2(home: Path, cli_db: str) -> None:
    _open_all_hours(home, cli_db)
    empty = run_cli("ticket", "call", "--counter", "1", "--json", home=home, db=cli_db)
    assert empty.returncode == 2 and "Không có công dân nào đang chờ" in empty.stderr and empty.stdout == ""
    bad = run_cli("ticket", "issue", "--line", "Q", home=home, db=cli_db)
    assert bad.returncode == 2 and "Không có dãy số 'Q'" in bad.stderr
    missing = run_cli("ticket", "issue", home=home, db=cli_db)
    assert missing.returncode == 2 and "--line" in missing.stderr


def test_issue_with_print_writes_pdf_and_reprint(home: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    out = tmp_path / "slips"
    assert run_cli("config", "set", "printer.ticket", f"pdf:{out}", home=home, db=db).returncode == 0
    _open_all_hours(home, db)
    issued = js("ticket", "issue", "--line", "B", "--print", home=home, db=db)
    assert issued["printed"] is True and Path(str(issued["printed_to"])).exists()
    again = js("ticket", "reprint", "B001", home=home, db=db)
    assert again["printed_to"] == issued["printed_to"]


def test_issue_refused_on_a_day_the_office_is_closed_unless_overridden(home: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "closed.sqlite3")
    today = now_vn().date()
    for day in (today, today + timedelta(days=1)):  # closed today, whenever "today" ends
        closed = run_cli("calendar", "set-day", f"{day:%Y-%m-%d}", "--off", "--label", "Nghỉ", home=home, db=db)
        assert closed.returncode == 0, closed.stderr
    refused = run_cli("ticket", "issue", "--line", "A", "--json", home=home, db=db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Ngoài giờ làm việc — mời quay lại lúc 07:30" in refused.stderr
    status = js("ticket", "status", home=home, db=db)
    assert all(x["waiting"] == 0 for x in status["lines"])  # type: ignore[union-attr]
    _open_all_hours(home, db)
    assert js("ticket", "issue", "--line", "A", home=home, db=db)["number"] == "A001"
