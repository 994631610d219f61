"""`counterdesk report late --out FILE.pdf|xlsx`: the late list exported as the supervisor prints it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from tests.e2e.cli_runner import run_cli
from tests.e2e.test_cli_intake import DOC


def test_late_list_pdf_and_xlsx(home: Path, tmp_path: Path) -> None:
    # received long ago with a 3-working-day procedure: overdue now
    doc = {**DOC, "procedure": "1.004873", "received_at": "2026-01-05T09:00", "documents": None}
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps(doc))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    pdf, xlsx = tmp_path / "qua-han.pdf", tmp_path / "qua-han.xlsx"
    for out in (pdf, xlsx):
        r = run_cli("report", "late", "--out", str(out), home=home)
        assert r.returncode == 0, r.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "DANH SÁCH HỒ SƠ QUÁ HẠN" in text and code in text and "Quá hạn" in text
    rows = [row for row in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) if row and row[1] == code]
    assert rows and rows[0][5] == "Quá hạn"
    r = run_cli("report", "late", "--out", str(tmp_path / "x.doc"), home=home)
    assert r.returncode == 2 and ".pdf" in r.stderr
