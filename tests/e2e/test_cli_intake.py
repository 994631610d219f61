"""`counterdesk intake --json` and `counterdesk receipt CODE --out` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import zxingcpp

from counterdesk.printing.rasterise import rasterise
from tests.e2e.cli_runner import run_cli

DOC = {"procedure": "2.000815", "received_at": "2026-11-20T09:15", "sets": 1,
       "applicant": {"name": "Nguyễn Văn An", "id_number": "001090123456", "birth_date": "1990-01-01",
                     "gender": "Nam", "phone": "0912345678", "address": "Phường Bến Nghé, TP. Hồ Chí Minh"},
       "documents": [{"name": "Bản chính giấy tờ, văn bản", "originals": 1, "copies": 0},
                     {"name": "Bản sao cần chứng thực", "originals": 0, "copies": 2}]}


def test_intake_then_receipt(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "d.json"
    src.write_text(json.dumps(DOC, ensure_ascii=False), encoding="utf-8")
    r = run_cli("intake", "--json", str(src), home=home)
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert code == "000.00.01.H29-261120-0001"
    # the same person and procedure again the same day: refused unless asked
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps({**DOC, "documents": None}))
    assert r.returncode == 2 and "--allow-duplicate" in r.stderr and code in r.stderr
    r = run_cli("intake", "--json", "-", "--allow-duplicate", home=home, stdin=json.dumps(DOC))
    assert r.returncode == 0 and r.stdout.strip().endswith("-0002")
    out = tmp_path / "receipt.pdf"
    r = run_cli("receipt", code, "--out", str(out), home=home)
    assert r.returncode == 0, r.stderr
    found = {x.format.name: x.text for x in zxingcpp.read_barcodes(rasterise(out.read_bytes(), 0, 203))}
    assert found["Code128"] == code


def test_bad_documents_exit_2_nothing_written(home: Path, tmp_path: Path) -> None:
    cases = [
        ("{not json", "JSON không hợp lệ"),
        (json.dumps({**DOC, "procedure": ""}), "procedure"),
        (json.dumps({**DOC, "applicant": {**DOC["applicant"], "id_number": "001091123456"}}), "năm sinh"),
        (json.dumps({**DOC, "applicant": {**DOC["applicant"], "phone": "12"}}), "điện thoại"),
        (json.dumps({**DOC, "sets": "hai"}), "sets"),
        (json.dumps({**DOC, "received_at": "hôm qua"}), "received_at"),
        (json.dumps({**DOC, "documents": [{"name": "Bản sao cần chứng thực", "copies": 1}]}), "Bản chính giấy tờ"),
        (json.dumps({**DOC, "procedure": "9.999999"}), "9.999999"),
        (json.dumps([1, 2]), "đối tượng"),
    ]
    for stdin, needle in cases:
        r = run_cli("intake", "--json", "-", home=home, stdin=stdin)
        assert r.returncode == 2, (stdin, r.stderr)
        assert needle in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    r = run_cli("intake", "--json", str(tmp_path / "missing.json"), home=home)
    assert r.returncode == 2
    # nothing was written: the first real dossier still gets sequence 0001
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps(DOC))
    assert r.returncode == 0 and re.search(r"-261120-0001$", r.stdout.strip())


def test_receipt_unknown_code(home: Path, tmp_path: Path) -> None:
    r = run_cli("receipt", "000.00.01.H29-261120-0042", "--out", str(tmp_path / "x.pdf"), home=home)
    assert r.returncode == 2 and "Không có hồ sơ" in r.stderr
    assert not (tmp_path / "x.pdf").exists()
