"""`counterdesk lookup` prints the kiosk's public view, and nothing private."""

from __future__ import annotations

import json
from pathlib import Path

from counterdesk.domain import receipt_qr
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.services import lifecycle, lookup, settings
from counterdesk.services.setup import open_store
from tests.e2e.cli_runner import run_cli
from tests.factories import make_applicant, make_dossier, vn

PRIVATE = ("001090123456", "0912345678", "Phường Sài Gòn", "Nguyễn Văn An")


def _seed(home: Path) -> tuple[str, str]:
    store = open_store(None, home)
    try:
        with store.write() as s:
            a = make_applicant(s, "Nguyễn Văn An", "001090123456", phone="0912345678",
                               address="Số 7 Phường Sài Gòn, TP. Hồ Chí Minh")
            code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), applicant=a).code
        lifecycle.result_ready(store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
        return code, receipt_qr.payload(code, settings.get(store, "qr.secret"))
    finally:
        store.dispose()


def test_lookup_json_is_the_public_view(home: Path) -> None:
    code, qr = _seed(home)
    r = run_cli("lookup", code, "--json", home=home)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["code"] == code and got["status"] == 9 and got["result_ready"] is True
    assert got["due_at"] == "2026-11-19T09:00+07:00" and got["applicant"] == "Nguyễn V. A."
    store = open_store(None, home)
    try:
        assert got == lookup.public_view(store, code).as_json()
    finally:
        store.dispose()
    assert json.loads(run_cli("lookup", qr, "--json", home=home).stdout) == got
    for secret in PRIVATE:
        assert secret not in r.stdout


def test_lookup_text_output_and_bad_input(home: Path) -> None:
    code, _ = _seed(home)
    r = run_cli("lookup", code, home=home)
    assert r.returncode == 0, r.stderr
    assert "Đã có kết quả" in r.stdout and "Nguyễn V. A." in r.stdout
    for secret in PRIVATE:
        assert secret not in r.stdout
    for bad in ("đđđ", "x" * 5000, "CD1|" + code + "|AAAAAAAAAAAAAAAA", "000.00.01.H29-261116-0999"):
        r = run_cli("lookup", bad, home=home)
        assert r.returncode == 2, bad
        assert r.stderr.startswith("counterdesk: ") and "Traceback" not in r.stderr
        assert r.stdout == ""


def test_kiosk_pin_is_set_from_stdin_and_checked(home: Path) -> None:
    r = run_cli("kiosk", "set-pin", home=home, stdin="12ab\n")
    assert r.returncode == 2 and "4 đến 12" in r.stderr
    r = run_cli("kiosk", "set-pin", home=home, stdin="483920\n")
    assert r.returncode == 0, r.stderr
    assert "483920" not in run_cli("config", "get", "kiosk.pin_hash", home=home).stdout
    from counterdesk.services import kiosk

    store = open_store(None, home)
    try:
        assert kiosk.check_pin(store, "483920") and not kiosk.check_pin(store, "483921")
    finally:
        store.dispose()


def test_lookup_json_carries_supplement_papers_and_fee(home: Path) -> None:
    store = open_store(None, home)
    try:
        with store.write() as s:
            a = make_applicant(s, "Nguyễn Văn An", "001090123456", phone="0912345678")
            dossier = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), applicant=a)
            dossier.fee = 30_000
            code = dossier.code
        lifecycle.request_supplement(store, SYSTEM_ACTOR, code, reason="Thiếu tờ khai có chữ ký",
                                     now=vn("2026-11-17T09:00"))
    finally:
        store.dispose()
    r = run_cli("lookup", code, "--json", home=home)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["supplement_note"] == "Thiếu tờ khai có chữ ký" and got["supplement_items"] == []
    assert got["fee"] == 30_000 and got["original_due_at"] is None and got["apology"] == ""
    text = run_cli("lookup", code, home=home)
    assert "Ghi chú của quầy" in text.stdout and "30.000 đồng" in text.stdout
    for secret in PRIVATE:
        assert secret not in r.stdout + text.stdout
