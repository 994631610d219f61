"""`counterdesk fee quote|pay|register` and `intake --json` with pages and copies, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from tests.e2e.cli_runner import run_cli
from tests.e2e.test_cli_intake import DOC


def test_fee_quote_intake_pay_and_register(home: Path, tmp_path: Path) -> None:
    r = run_cli("fee", "quote", "--procedure", "2.000815", "--pages", "199", "--copies", "1", "--json", home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["fee"] == 200_000
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps({**DOC, "pages": 5, "copies": 2}))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    r = run_cli("fee", "pay", code, "--amount", "14000", "--receipt", "BL-0042", "--as", "canbo1", "--json",
                home=home)
    assert r.returncode == 0, r.stderr
    paid = json.loads(r.stdout)
    assert (paid["fee"], paid["fee_paid"], paid["receipt_no"]) == (14_000, 14_000, "BL-0042")
    r = run_cli("fee", "pay", code, "--amount", "14000", "--receipt", "BL-0043", home=home)
    assert r.returncode == 2 and "không thu lần hai" in r.stderr
    day = paid["paid_at"][:10]
    pdf, xlsx = tmp_path / "so-thu-phi.pdf", tmp_path / "so-thu-phi.xlsx"
    for out in (pdf, xlsx):
        r = run_cli("fee", "register", "--from", day, "--to", day, "--out", str(out), home=home)
        assert r.returncode == 0, r.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "SỔ THEO DÕI THU PHÍ, LỆ PHÍ" in text and "BL-0042" in text and code in text and "14.000" in text
    sheet = openpyxl.load_workbook(xlsx).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[3] == code]
    assert rows and rows[0][6] == 14_000


def test_bad_fee_input_exits_2(home: Path, tmp_path: Path) -> None:
    for args, words in [
        (("fee", "quote", "--procedure", "9.999999"), "9.999999"),
        (("fee", "quote", "--procedure", "2.000815", "--pages", "-3"), "trang"),
        (("fee", "pay", "000.00.01.H29-261120-0009", "--amount", "1000", "--receipt", "B1"), "Không có hồ sơ"),
        (("fee", "pay", "X", "--amount", "1000", "--receipt", "B1", "--as", "khongco"), "khongco"),
        (("fee", "register", "--from", "2026-13-01", "--to", "2026-12-01", "--out", str(tmp_path / "a.pdf")), "--from"),
        (("fee", "register", "--from", "2026-12-01", "--to", "2026-12-01", "--out", str(tmp_path / "a.txt")), ".pdf"),
    ]:
        r = run_cli(*args, home=home)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert words in r.stderr, (args, r.stderr)
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps({**DOC, "pages": "năm"}))
    assert r.returncode == 2 and "pages" in r.stderr


def test_dossier_find_and_show_carry_the_fee(home: Path, tmp_path: Path) -> None:
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps({**DOC, "pages": 3, "copies": 1}))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    r = run_cli("dossier", "find", "an nguyen", "--json", home=home)
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert found["kind"] == "name" and [i["code"] for i in found["items"]] == [code]
    assert found["items"][0]["received_at"].endswith("+07:00")
    r = run_cli("dossier", "find", "0912345678", "--json", home=home)
    assert json.loads(r.stdout)["kind"] == "phone" and json.loads(r.stdout)["items"][0]["code"] == code
    r = run_cli("dossier", "show", code, "--json", home=home)
    shown = json.loads(r.stdout)
    assert (shown["fee"], shown["fee_paid"]) == (5000, 0)
    run_cli("fee", "pay", code, "--amount", "5000", "--receipt", "BL-7", home=home)
    shown = json.loads(run_cli("dossier", "show", code, "--json", home=home).stdout)
    assert (shown["fee"], shown["fee_paid"], shown["fee_receipt_no"]) == (5000, 5000, "BL-7")
    r = run_cli("dossier", "find", "", home=home)
    assert r.returncode == 2 and "Nhập mã hồ sơ" in r.stderr
