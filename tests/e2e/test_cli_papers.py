"""`receipt CODE --out` and `report daily`: the receipt and the book print the same STT and
Quyển số; a back-dated dossier takes the next number; notices that do not exist are refused."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import zxingcpp
from pypdf import PdfReader

from counterdesk.printing.rasterise import rasterise
from tests.e2e.cli_runner import run_cli
from tests.e2e.test_cli_intake import DOC

OTHER = {**DOC, "applicant": {**DOC["applicant"], "name": "Trần Thị Bình", "id_number": "079185000123",
                              "birth_date": "1985-03-02", "gender": "Nữ"}}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_receipt_and_book_print_the_same_stt(home: Path, tmp_path: Path) -> None:
    first = run_cli("intake", "--json", "-", home=home, stdin=json.dumps(DOC))
    assert first.returncode == 0, first.stderr
    # entered second but back-dated to the morning: number 2, nobody shifts
    early = run_cli("intake", "--json", "-", home=home, stdin=json.dumps({**OTHER, "received_at": "2026-11-20T08:00"}))
    assert early.returncode == 0, early.stderr
    codes = {first.stdout.strip(): 1, early.stdout.strip(): 2}
    for code, stt in codes.items():
        out = tmp_path / f"{stt}.pdf"
        r = run_cli("receipt", code, "--out", str(out), home=home)
        assert r.returncode == 0, r.stderr
        pdf = out.read_bytes()
        assert f"Quyển số: 01/2026 Số thứ tự: {stt}" in _text(pdf)
        found = {x.format.name: x.text for x in zxingcpp.read_barcodes(rasterise(pdf, 0, 203))}
        assert found["Code128"] == code and code in found["QRCode"]
        fonts = {str(f.get_object()["/BaseFont"]) for f in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
                 .get_object().values()}
        assert fonts and all("LiberationSerif" in f for f in fonts)
    book = tmp_path / "book.pdf"
    r = run_cli("report", "daily", "--date", "2026-11-20", "--out", str(book), home=home)
    assert r.returncode == 0, r.stderr
    text = _text(book.read_bytes())
    assert "Quyển số: 01/2026" in text
    for code, stt in codes.items():
        head, _, tail = code.partition("-")
        assert re.search(rf"\b{stt} {re.escape(head)}-\s?{re.escape(tail)}", text), (stt, code)
    # no supplement was requested: Mẫu 02 is refused with one clear line, nothing written
    r = run_cli("receipt", first.stdout.strip(), "--form", "supplement", "--out", str(tmp_path / "x.pdf"), home=home)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "x.pdf").exists()
