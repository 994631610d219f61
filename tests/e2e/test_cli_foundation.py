from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_runner import run_cli


def test_first_run_creates_and_seeds_store(home: Path) -> None:
    r = run_cli("config", "get", "office.agency_code", home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "000.00.01.H29"
    assert (home / "counterdesk.sqlite3").exists()


def test_config_set_validates(home: Path) -> None:
    r = run_cli("config", "set", "office.cutoff", "25:99", home=home)
    assert r.returncode == 2
    assert "HH:MM" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("config", "set", "office.cutoff", "16:00", home=home)
    assert r.returncode == 0
    assert run_cli("config", "get", "office.cutoff", home=home).stdout.strip() == "16:00"


def test_db_check_on_non_database(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("xin chào", encoding="utf-8")
    r = run_cli("--db", str(bad), "db", "check", home=home)
    assert r.returncode == 2
    assert "không phải là CSDL SQLite" in r.stderr
    assert "Traceback" not in r.stderr


def test_db_backup_and_restore(home: Path, tmp_path: Path) -> None:
    assert run_cli("db", "upgrade", home=home).returncode == 0
    out = tmp_path / "b.sqlite3"
    r = run_cli("db", "backup", "--out", str(out), home=home)
    assert r.returncode == 0 and out.exists()
    r = run_cli("db", "restore", str(out), home=home)
    assert r.returncode == 0, r.stderr
    assert run_cli("db", "check", home=home).returncode == 0


def test_bad_arguments_exit_2_one_line(home: Path) -> None:
    r = run_cli("db", "frobnicate", home=home)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1


def test_gui_without_display_says_how(home: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COUNTERDESK_HOME"] = str(home)
    r = subprocess.run([sys.executable, "-m", "counterdesk", "gui"], capture_output=True, text=True, env=env, check=False)
    assert r.returncode != 0
    assert "xvfb-run" in r.stderr


def test_catalog_import_reports_bad_rows_and_imports_nothing(home: Path, tmp_path: Path) -> None:
    from counterdesk.services.catalog import COLUMNS

    good = "1.999001,Thủ tục thử nghiệm nhập danh mục,HT,Hộ tịch,5,working_days,,0,,UBND,Luật Hộ tịch,A,Tờ khai [1/0]"
    bad = "1.00089,Sai mã,HT,Hộ tịch,abc,weeks,,x,,UBND,,A,Tờ khai"
    f = tmp_path / "cat.csv"
    f.write_text(",".join(COLUMNS) + "\n" + good + "\n" + bad + "\n", encoding="utf-8")
    r = run_cli("catalog", "import", str(f), home=home)
    assert r.returncode == 2
    assert "dòng 3" in r.stderr
    assert "1.999001" not in run_cli("catalog", "search", "thu nghiem", home=home).stdout
    f.write_text(",".join(COLUMNS) + "\n" + good + "\n", encoding="utf-8")
    assert run_cli("catalog", "import", str(f), home=home).returncode == 0
    assert "1.999001" in run_cli("catalog", "search", "thu nghiem", home=home).stdout


def test_db_stats_checks_and_rebuilds_the_statistics_rollup(home: Path) -> None:
    import sqlite3

    r = run_cli("demo", "seed", "--days", "3", "--per-day", "20", home=home)
    assert r.returncode == 0, r.stderr
    r = run_cli("db", "stats", home=home)
    assert r.returncode == 0 and "khớp" in r.stdout, r.stderr
    with sqlite3.connect(home / "counterdesk.sqlite3") as conn:
        conn.execute("UPDATE stat_rollup SET n = n + 1 WHERE kind = 1")
    r = run_cli("db", "stats", home=home)
    assert r.returncode == 2 and "--rebuild" in r.stderr
    r = run_cli("db", "stats", "--rebuild", home=home)
    assert r.returncode == 0 and "khớp" in r.stdout, r.stderr
