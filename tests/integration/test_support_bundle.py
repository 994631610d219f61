"""The support zip holds what an IT officer needs and no personal data or secret."""

from __future__ import annotations

import zipfile
from pathlib import Path

from counterdesk.services import settings, support
from tests.e2e.cli_runner import run_cli

ID_NUMBER, PHONE, DB_PASSWORD, TOKEN = "079190001234", "0908123456", "Bi-Mat-CSDL-99", "MA-TRUY-CAP-XYZ-123"


def _leaky_home(home: Path) -> None:
    (home / "crash").mkdir(parents=True, exist_ok=True)
    (home / "crash" / "crash-20261120-091500-000000.log").write_text(
        f"Traceback …\nValueError: applicant {ID_NUMBER} phone {PHONE}\n", encoding="utf-8")
    (home / "logs").mkdir(exist_ok=True)
    lines = [f"2026-11-20 09:{i % 60:02d} INFO counterdesk: line {i}\n" for i in range(1500)]
    lines.append(f"2026-11-20 10:00 ERROR counterdesk.sync: postgresql://cd:{DB_PASSWORD}@10.0.0.5/cd "
                 f"CCCD {ID_NUMBER} SĐT {PHONE}\n")
    (home / "logs" / "counterdesk.log").write_text("".join(lines), encoding="utf-8")


def _all_text(path: Path) -> tuple[list[str], str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist(), "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


def test_bundle_has_versions_settings_crashes_and_log_tail_masked(sqlite_store, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _leaky_home(home)
    settings.set_value(sqlite_store, "portal.token", TOKEN)
    out = support.bundle(tmp_path / "bao-cao.zip", home, sqlite_store)
    names, text = _all_text(out)
    assert {"phien-ban.txt", "thiet-lap.txt", "nhat-ky-cuoi.log", "crash/crash-20261120-091500-000000.log"} <= set(names)
    assert "CounterDesk:" in text and "Lược đồ CSDL đang mở" in text and "office.agency_code = 000.00.01.H29" in text
    assert "line 1499" in text and "line 100\n" not in text  # the last lines only
    for secret in (ID_NUMBER, PHONE, DB_PASSWORD, TOKEN):
        assert secret not in text, secret
    with sqlite_store.read() as s:
        qr_secret = settings.read(s, "qr.secret")
    assert qr_secret and qr_secret not in text
    assert "[CCCD]" in text and "[SĐT]" in text


def test_cli_support_bundle_even_when_the_store_does_not_open(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _leaky_home(home)
    (home / "counterdesk.sqlite3").write_bytes(b"not a database at all" * 100)
    out = tmp_path / "bao-cao.zip"
    r = run_cli("support", "bundle", "--out", str(out), home=home)
    assert r.returncode == 0, r.stderr
    names, text = _all_text(out)
    assert "Lỗi khi mở CSDL" in text and "thiet-lap.txt" not in names
    for secret in (ID_NUMBER, PHONE, DB_PASSWORD):
        assert secret not in text
