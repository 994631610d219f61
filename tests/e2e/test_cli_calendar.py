"""`counterdesk due` and `counterdesk calendar …` run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.acceptance_data import case_id, due_cases
from tests.e2e.cli_runner import run_cli


@pytest.mark.parametrize("case", due_cases(), ids=case_id)
def test_acceptance_cases_through_the_cli(home: Path, case: dict[str, object]) -> None:
    r = run_cli("due", "--received", str(case["received"]), "--duration", str(case["duration"]),
                "--unit", str(case["unit"]), home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"{case['due']}+07:00"


def test_due_json_explains_itself(home: Path) -> None:
    r = run_cli("due", "--received", "2026-02-12T15:20", "--duration", "2", "--unit", "working_days", "--json", home=home)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["due"] == "2026-02-24T07:30+07:00"
    assert doc["start"] == "2026-02-13T07:30+07:00"
    assert doc["working_days"] == 2
    assert doc["skipped"] == ["nghỉ Tết Nguyên đán 14/02–22/02/2026"]
    assert doc["explanation"].startswith("2 ngày làm việc; không tính nghỉ Tết Nguyên đán 14/02–22/02/2026")
    assert "sau 15:00" in doc["explanation"]
    assert doc["provisional"] is False


def test_due_with_offset_and_provisional_year(home: Path) -> None:
    r = run_cli("due", "--received", "2027-02-03T03:00Z", "--duration", "5", "--unit", "working_days", "--json", home=home)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["due"] == "2027-02-17T10:00+07:00"
    assert doc["provisional"] is True and "tạm tính" in doc["explanation"]


@pytest.mark.parametrize(("args", "words"), [
    (["--received", "2026-02-31T10:00", "--duration", "2", "--unit", "working_days"], "không hợp lệ"),
    (["--received", "hôm qua", "--duration", "2", "--unit", "working_days"], "ISO 8601"),
    (["--received", "2026-02-12T10:00", "--duration", "-3", "--unit", "working_days"], "không được âm"),
    (["--received", "2026-02-12T10:00", "--duration", "1e9", "--unit", "working_days"], "vượt quá"),
    (["--received", "2026-02-12T10:00", "--duration", "2", "--unit", "weeks"], "working_days"),
    (["--received", "2026-02-12T10:00", "--duration", "hai", "--unit", "working_days"], "không phải là số"),
    (["--received", "2026-02-12T10:00", "--unit", "working_days"], "Thiếu --duration"),
])
def test_due_bad_input(home: Path, args: list[str], words: str) -> None:
    r = run_cli("due", *args, home=home)
    assert r.returncode == 2
    assert words in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_calendar_set_day_export_import_confirm(home: Path, tmp_path: Path) -> None:
    r = run_cli("calendar", "set-day", "2026-03-11", "--off", "--label", "Nghỉ sự kiện phường", home=home)
    assert r.returncode == 0, r.stderr
    r = run_cli("due", "--received", "2026-03-10T09:00", "--duration", "1", "--unit", "working_days", home=home)
    assert r.stdout.strip() == "2026-03-12T09:00+07:00"
    out = tmp_path / "lich-2026.txt"
    r = run_cli("calendar", "export", "2026", "--out", str(out), home=home)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "2026-03-11" in text and "Nghỉ sự kiện phường" in text and "2026-08-22" in text

    r = run_cli("calendar", "confirm", "2027", home=home)
    assert r.returncode == 0, r.stderr
    r = run_cli("due", "--received", "2027-03-01T09:00", "--duration", "1", "--unit", "working_days", "--json", home=home)
    assert json.loads(r.stdout)["provisional"] is False
    r = run_cli("calendar", "confirm", "2027", home=home)
    assert r.returncode == 2 and "tạm tính" in r.stderr

    year_file = tmp_path / "lich-2028.txt"
    year_file.write_text("year: 2028\n2028-01-01 off Tết Dương lịch\n2028-01-24..2028-01-30 off Tết Nguyên đán\n"
                         "2028-02-05 working Làm bù\n", encoding="utf-8")
    r = run_cli("calendar", "import", str(year_file), home=home)
    assert r.returncode == 0, r.stderr
    r = run_cli("due", "--received", "2028-02-04T09:00", "--duration", "1", "--unit", "working_days", "--json", home=home)
    doc = json.loads(r.stdout)
    assert doc["due"] == "2028-02-05T09:00+07:00" and doc["provisional"] is False


def test_calendar_import_bad_file_is_all_or_nothing(home: Path, tmp_path: Path) -> None:
    year_file = tmp_path / "sai.txt"
    year_file.write_text("year: 2027\n2027-01-01 off Tết Dương lịch\n2027-13-01 off Sai\n"
                         "2027-02-01 nghi-le X\n", encoding="utf-8")
    r = run_cli("calendar", "import", str(year_file), home=home)
    assert r.returncode == 2
    assert "dòng 3" in r.stderr and "dòng 4" in r.stderr and "chưa nhập gì" in r.stderr
    r = run_cli("due", "--received", "2027-03-01T09:00", "--duration", "1", "--unit", "working_days", "--json", home=home)
    assert json.loads(r.stdout)["provisional"] is True
    binary = tmp_path / "anh.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    r = run_cli("calendar", "import", str(binary), home=home)
    assert r.returncode == 2 and "UTF-8" in r.stderr
    r = run_cli("calendar", "import", str(tmp_path / "khong-co.txt"), home=home)
    assert r.returncode == 2 and "Không đọc được" in r.stderr
    r = run_cli("calendar", "set-day", "2027-02-30", "--off", home=home)
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = run_cli("calendar", "export", "abc", "--out", str(tmp_path / "x.txt"), home=home)
    assert r.returncode == 2


def test_due_ignores_the_pc_time_zone(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    r = run_cli("due", "--received", "2026-02-12T15:20", "--duration", "2", "--unit", "working_days", home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "2026-02-24T07:30+07:00"
    r = run_cli("due", "--unit", "same_day", "--json", home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["due"].endswith("17:00+07:00")
