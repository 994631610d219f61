"""`counterdesk counter …` and `counterdesk line …` as separate processes (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_runner import js, run_cli


def test_add_map_list_retire(home: Path, cli_db: str) -> None:
    added = js("counter", "add", "--number", "5", "--name", "Quầy 5 – Đất đai", home=home, db=cli_db)
    assert added == {"number": 5, "name": "Quầy 5 – Đất đai", "active": True, "lines": []}
    line = js("line", "add", "--prefix", "E", "--name", "Đất đai", "--daily-cap", "40", home=home, db=cli_db)
    assert (line["prefix"], line["daily_cap"], line["counters"]) == ("E", 40, [])
    assert js("line", "map", "--line", "e", "--counter", "5", home=home, db=cli_db)["mapped"] is True
    listed = js("counter", "list", home=home, db=cli_db)["counters"]
    assert {"number": 5, "name": "Quầy 5 – Đất đai", "active": True, "lines": ["E"]} in listed  # type: ignore[operator]
    lines = {x["prefix"]: x for x in js("line", "list", home=home, db=cli_db)["lines"]}  # type: ignore[union-attr]
    assert lines["E"]["counters"] == [5]
    assert js("counter", "retire", "5", home=home, db=cli_db)["active"] is False
    text = run_cli("counter", "list", home=home, db=cli_db)
    assert text.returncode == 0 and "5\tQuầy 5 – Đất đai\tđã ngừng\tE" in text.stdout


def test_refusals_exit_2_with_one_line(home: Path, cli_db: str) -> None:
    for args, message in (
        (("counter", "add", "--number", "1"), "Đã có quầy số 1"),
        (("counter", "retire", "9"), "Không có quầy số 9"),
        (("line", "add", "--prefix", "Ư", "--name", "X"), "Mã dãy số gồm 1–3 chữ cái"),
        (("line", "map", "--line", "A", "--counter", "1"), "đã gọi số dãy 'A'"),
        (("line", "unmap", "--line", "Q", "--counter", "1"), "Không có dãy số 'Q'"),
    ):
        done = run_cli(*args, home=home, db=cli_db)
        assert done.returncode == 2 and done.stdout == "", args
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
