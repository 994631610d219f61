"""`counterdesk report daily|period|close` as a user runs them."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from counterdesk.services.setup import open_store
from tests.e2e.cli_runner import run_cli
from tests.factories import make_dossier, vn


def _seed(home: Path) -> None:
    store = open_store(None, home)
    try:
        with store.write() as s:
            make_dossier(s, received_at=vn("2026-11-10T09:15"), due_at=vn("2026-11-13T09:15"), status=9,
                         finished_at=vn("2026-11-11T10:00"))  # 47 h before due: early
            make_dossier(s, received_at=vn("2026-11-10T10:00"), due_at=None, procedure_code="2.000815")
    finally:
        store.dispose()


def _text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(str(path)).pages).split())


def test_report_commands(home: Path, tmp_path: Path) -> None:
    _seed(home)
    out = tmp_path / "so.pdf"
    r = run_cli("report", "daily", "--date", "2026-11-10", "--out", str(out), home=home)
    assert r.returncode == 0, r.stderr
    text = _text(out)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "261110-0002" in text and "Trang 1/1" in text
    r = run_cli("report", "daily", "--date", "2026-11-10", "--field", "HT", "--out", str(out), home=home)
    assert r.returncode == 0 and "Lĩnh vực: Hộ tịch" in _text(out) and "261110-0002" not in _text(out)

    xlsx = tmp_path / "tk.xlsx"
    r = run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(xlsx), home=home)
    assert r.returncode == 0, r.stderr
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))
    summary = {row[0].value: row[1].value for row in wb["Tổng hợp"].iter_rows(min_row=3)}
    assert summary["Số hồ sơ nhận: Tổng số"] == 2 and summary["Đã giải quyết: Trước hạn"] == 1
    pdf = tmp_path / "tk.pdf"
    assert run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(pdf),
                   home=home).returncode == 0
    assert "BÁO CÁO TÌNH HÌNH TIẾP NHẬN" in _text(pdf)

    close = tmp_path / "chot.pdf"
    r = run_cli("report", "close", "--date", "2026-11-10", "--out", str(close), home=home)
    assert r.returncode == 0, r.stderr
    assert "Đã chốt sổ ngày 10/11/2026" in r.stdout and "chưa in giấy tiếp nhận: 2" in r.stdout
    text = _text(close)
    assert "BIÊN BẢN CHỐT SỔ CUỐI NGÀY" in text and "SỔ THEO DÕI HỒ SƠ" in text
    r = run_cli("report", "close", "--date", "2026-11-10", home=home)
    assert r.returncode == 2 and "đã được chốt" in r.stderr and "Traceback" not in r.stderr


def test_report_bad_input(home: Path, tmp_path: Path) -> None:
    r = run_cli("report", "period", "--from", "2026-11-30", "--to", "2026-11-01", "--out", str(tmp_path / "x.pdf"),
                home=home)
    assert r.returncode == 2 and "Ngày kết thúc" in r.stderr
    r = run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(tmp_path / "x.csv"),
                home=home)
    assert r.returncode == 2 and ".xlsx" in r.stderr
    r = run_cli("report", "daily", "--date", "10/11/2026", "--out", str(tmp_path / "x.pdf"), home=home)
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_period_json_scorecard(home: Path, tmp_path: Path) -> None:
    import json

    _seed(home)
    r = run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--json", home=home)
    assert r.returncode == 0, r.stderr
    card = json.loads(r.stdout)
    total = card["total"]
    assert total["received"] == 2 and total["resolved"] == 1 and total["early"] == 1
    assert total["on_time_rate"] == 100.0 and total["digitised_rate"] == 0.0
    assert set(card["formulas"]) == {"on_time_rate", "average_time", "synced_rate", "satisfaction_index",
                                     "digitised_rate"}
    procs = {row["key"]: row for row in card["by_procedure"]}
    # 10/11 09:15 → 11/11 10:00 is one working day for the working-day procedure 1.004873
    assert procs["1.004873"]["average_time"] == 1.0 and procs["1.004873"]["average_time_unit"] == "working_days"
    assert {row["key"] for row in card["by_field"]} == {"HT", "CT"} and card["by_clerk"]
    r = run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", home=home)
    assert r.returncode == 2 and "--json" in r.stderr and "Traceback" not in r.stderr
    xlsx = tmp_path / "tk.xlsx"
    assert run_cli("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(xlsx),
                   home=home).returncode == 0
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert {"766 - Công thức", "766 - Lĩnh vực", "766 - Thủ tục", "766 - Cán bộ tiếp nhận",
            "766 - Hồ sơ"} <= set(wb.sheetnames)
    drill = [row for row in wb["766 - Hồ sơ"].iter_rows(min_row=3, values_only=True)]
    assert [row[-1] for row in drill] == ["Trước hạn", "Đang giải quyết – trong hạn"]
