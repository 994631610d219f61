"""`counterdesk user …` as an administrator runs it on the office server."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_runner import run_cli


def test_add_list_disable_and_reset(home: Path) -> None:
    r = run_cli("user", "add", "canbo3", "--name", "Võ Thị Em", "--role", "clerk", "--counter", "3",
                "--password-stdin", home=home, stdin="mat-khau-moi-3\n")
    assert r.returncode == 0, r.stderr
    listed = run_cli("user", "list", home=home).stdout
    assert "canbo3\tclerk\tVõ Thị Em\thoạt động" in listed
    assert "mat-khau" not in listed
    r = run_cli("user", "add", "canbo3", "--name", "X", "--role", "clerk", "--password-stdin", home=home, stdin="12345678\n")
    assert r.returncode == 2 and "đã có" in r.stderr
    r = run_cli("user", "add", "canbo4", "--name", "X", "--role", "clerk", "--password-stdin", home=home, stdin="ngan\n")
    assert r.returncode == 2 and "ít nhất" in r.stderr
    assert run_cli("user", "disable", "canbo3", home=home).returncode == 0
    assert "canbo3\tclerk\tVõ Thị Em\tđã khoá" in run_cli("user", "list", home=home).stdout
    assert run_cli("user", "passwd", "canbo3", "--password-stdin", home=home, stdin="mat-khau-khac-9\n").returncode == 0
    assert run_cli("user", "unlock", "khong-co", home=home).returncode == 2
    r = run_cli("audit", "verify", home=home)
    assert r.returncode == 0 and "3 mục" in r.stdout  # create, disable, password
