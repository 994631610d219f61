"""`counterdesk setup --from FILE` as a roll-out script runs it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from counterdesk.domain.passwords import PUBLISHED
from tests.e2e.cli_runner import run_cli
from tests.helpers import DEMO_PASSWORD

TOML = """
counters = 2
[office]
agency_code = "H15.50.05.13"
name = "Trung tâm Phục vụ hành chính công xã Hòa Phú"
place_name = "Hòa Phú"
[[lines]]
prefix = "A"
name = "Hộ tịch"
[[lines]]
prefix = "R"
name = "Trả kết quả"
return = true
[printers]
ticket = "pdf"
[admin]
full_name = "Nguyễn Văn Quản"
password = "Hoa-Phu-2027!x"
"""


def test_setup_from_toml_then_the_office_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    f = tmp_path / "office.toml"
    f.write_text(TOML, encoding="utf-8")
    r = run_cli("setup", "--from", str(f), home=home)
    assert r.returncode == 0, r.stderr
    assert "H15.50.05.13" in r.stdout
    assert run_cli("config", "get", "office.agency_code", home=home).stdout.strip() == "H15.50.05.13"
    # the test runs at any hour: issue outside opening hours too (the rule itself: test_opening_hours)
    assert run_cli("config", "set", "queue.outside_hours", "on", home=home).returncode == 0
    issued = run_cli("ticket", "issue", "--line", "A", "--json", home=home)
    assert issued.returncode == 0 and json.loads(issued.stdout)["number"] == "A001"
    again = run_cli("setup", "--from", str(f), home=home)
    assert again.returncode == 2 and "đã có cơ quan" in again.stderr
    users = run_cli("user", "list", home=home).stdout
    assert "admin" in users and "canbo1" not in users  # no demo accounts in a real office's store
    data = (home / "counterdesk.sqlite3").read_bytes()
    for password in ("motcua@2026", DEMO_PASSWORD, "Hoa-Phu-2027!x"):
        assert password.encode() not in data  # only the argon2 hash of the admin's own password
    con = sqlite3.connect(home / "counterdesk.sqlite3")
    hashes = [row[0] for row in con.execute("select password_hash from app_user")]
    con.close()
    for published in (*PUBLISHED, DEMO_PASSWORD):
        assert not any(_matches(h, published) for h in hashes), published


def _matches(stored: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import VerificationError

    try:
        return PasswordHasher().verify(stored, password)
    except VerificationError:
        return False


def test_setup_from_bad_json_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    f = tmp_path / "office.json"
    f.write_text(json.dumps({"office": {"agency_code": "H15.50.05.13", "name": "X"},
                             "admin": {"password": "motcua@2026"}}), encoding="utf-8")
    r = run_cli("setup", "--from", str(f), home=home)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert not (home / "counterdesk.sqlite3").exists()  # validated before the store is even created
    f.write_text(json.dumps({"office": {"agency_code": "H15.50.05.13", "name": "X", "typo": 1},
                             "admin": {"password": "Hoa-Phu-2027!x"}}), encoding="utf-8")
    r = run_cli("setup", "--from", str(f), home=home)
    assert r.returncode == 2 and "office.typo" in r.stderr
