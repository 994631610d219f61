"""`counterdesk attach`, `scan --device test` and `dossier files --json` as a clerk runs them."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from tests.e2e.cli_runner import run_cli
from tests.e2e.test_cli_intake import DOC
from tests.helpers.scans import photo, text_page


def _intake(home: Path) -> str:
    r = run_cli("intake", "--json", "-", home=home, stdin=json.dumps(DOC, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_attach_files_then_list_them(home: Path, tmp_path: Path) -> None:
    code = _intake(home)
    p1, p2 = tmp_path / "trang1.png", tmp_path / "trang2.jpg"
    p1.write_bytes(text_page())
    p2.write_bytes(text_page("JPEG"))
    r = run_cli("-v", "attach", code, str(p1), str(p2), home=home)
    assert r.returncode == 0, r.stderr
    assert "2 trang" in r.stdout
    # privacy: the log (stderr with -v) names neither the scan's files nor its hash
    r = run_cli("dossier", "files", code, "--json", home=home)
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert item["document"] == DOC["documents"][0]["name"] and item["pages"] == 2 and item["kind"] == "component"
    stored = home / "attachments" / item["sha256"][:2] / f"{item['sha256']}.pdf"
    assert stored.stat().st_size == item["size"] and stored.read_bytes().startswith(b"%PDF")
    assert set(item) >= {"document", "sha256", "size", "pages", "created_at"}
    # the citizens' view (kiosk, lookup) shows nothing of the scans
    r = run_cli("lookup", code, "--json", home=home)
    assert r.returncode == 0, r.stderr
    assert item["sha256"] not in r.stdout and "trang1" not in r.stdout and "attachments" not in r.stdout
    assert "pdf" not in r.stdout.lower()


def test_attach_logs_no_scan_path(home: Path, tmp_path: Path) -> None:
    code = _intake(home)
    card = tmp_path / "cccd-nguyen-van-an.jpg"
    card.write_bytes(photo())
    r = run_cli("-v", "attach", code, str(card), "--document", "Bản sao cần chứng thực", "--json", home=home)
    assert r.returncode == 0, r.stderr
    sha = json.loads(r.stdout)["sha256"]
    assert "attached a component" in r.stderr  # the log line exists …
    assert sha not in r.stderr and "cccd" not in r.stderr and str(home) not in r.stderr  # … and carries no path


def test_bad_input_exits_2_and_stores_nothing(home: Path, tmp_path: Path) -> None:
    code = _intake(home)
    bad = tmp_path / "ghi-chu.txt"
    bad.write_text("không phải ảnh", encoding="utf-8")
    good = tmp_path / "p.png"
    good.write_bytes(text_page())
    for args in ([code, str(good), str(bad)], [code, str(tmp_path / "khong-co.png")],
                 ["000.00.01.H29-261120-9999", str(good)], [code, str(good), "--document", "Sổ hộ khẩu"],
                 [code, str(good), "--result"]):
        r = run_cli("attach", *args, home=home)
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    r = run_cli("dossier", "files", code, "--json", home=home)
    assert json.loads(r.stdout) == []
    assert not list(home.glob("attachments/??/*.pdf"))


@pytest.mark.skipif(importlib.util.find_spec("sane") is None, reason="python-sane không có trên máy này")
def test_scan_through_sane_test_device(home: Path) -> None:
    code = _intake(home)
    r = run_cli("scan", code, "--device", "test", "--pages", "2", "--json", home=home)
    assert r.returncode == 0, r.stderr
    view = json.loads(r.stdout)
    assert view["pages"] == 2 and view["document"] == DOC["documents"][0]["name"]
    r = run_cli("scan", code, "--device", "test", "--feeder", "--document", "Bản sao cần chứng thực", "--json",
                home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["pages"] == 10  # the test backend's feeder holds ten sheets
    r = run_cli("dossier", "files", code, "--json", home=home)
    assert [i["pages"] for i in json.loads(r.stdout)] == [2, 10]
    r = run_cli("scan", code, "--device", "khong-co-may:0", home=home)
    assert r.returncode == 2 and "khong-co-may" in r.stderr


def test_backup_and_restore_bring_scans_back(home: Path, tmp_path: Path) -> None:
    import shutil

    code = _intake(home)
    page = tmp_path / "p.png"
    page.write_bytes(text_page())
    r = run_cli("attach", code, str(page), "--json", home=home)
    assert r.returncode == 0, r.stderr
    sha = json.loads(r.stdout)["sha256"]
    r = run_cli("db", "backup", home=home)
    assert r.returncode == 0, r.stderr
    backup = Path(r.stdout.strip().splitlines()[-1])
    shutil.rmtree(home / "attachments")  # the disk lost the scans
    r = run_cli("db", "restore", str(backup), home=home)
    assert r.returncode == 0, r.stderr
    assert "khôi phục 1 tệp" in r.stdout
    assert (home / "attachments" / sha[:2] / f"{sha}.pdf").is_file()


def test_attachments_check_names_a_lost_scan(home: Path, tmp_path: Path) -> None:
    code = _intake(home)
    page = tmp_path / "p.png"
    page.write_bytes(text_page())
    sha = json.loads(run_cli("attach", code, str(page), "--json", home=home).stdout)["sha256"]
    r = run_cli("attachments", "check", home=home)
    assert r.returncode == 0 and "nguyên vẹn" in r.stdout
    (home / "attachments" / sha[:2] / f"{sha}.pdf").write_bytes(b"%PDF-1.4 edited")
    r = run_cli("attachments", "check", "--json", home=home)
    assert r.returncode == 2
    assert json.loads(r.stdout) == [{"id": 1, "dossier": code, "document": DOC["documents"][0]["name"],
                                     "sha256": sha, "problem": "altered"}]
    r = run_cli("attachments", "collect", home=home)
    assert r.returncode == 0 and "0 tệp" in r.stdout  # a referenced file is never collected


def test_attachments_import_takes_files_dropped_in_the_folder(home: Path, tmp_path: Path) -> None:
    code = _intake(home)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / f"{code} trang 1.png").write_bytes(text_page())
    (drop / "IMG_0001.jpg").write_bytes(photo())
    r = run_cli("attachments", "import", str(drop), "--settle", "0", "--json", home=home)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [a["pages"] for a in out["attached"]] == [1] and [x["file"] for x in out["rejected"]] == ["IMG_0001.jpg"]
    r = run_cli("dossier", "files", code, "--json", home=home)
    assert len(json.loads(r.stdout)) == 1


def test_reuse_an_earlier_scan_from_the_cli(home: Path, tmp_path: Path) -> None:
    first = _intake(home)
    card = tmp_path / "c.jpg"
    card.write_bytes(photo())
    r = run_cli("attach", first, str(card), "--document", "Bản sao cần chứng thực", "--json", home=home)
    earlier = json.loads(r.stdout)
    r = run_cli("intake", "--json", "-", "--allow-duplicate", home=home, stdin=json.dumps(DOC, ensure_ascii=False))
    second = r.stdout.strip()
    r = run_cli("dossier", "files", second, "--reusable", "--json", home=home)
    assert [o["id"] for o in json.loads(r.stdout)] == [earlier["id"]]
    r = run_cli("attach", second, "--reuse", str(earlier["id"]), "--json", home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sha256"] == earlier["sha256"]
    r = run_cli("attach", second, home=home)
    assert r.returncode == 2 and "--reuse" in r.stderr


def test_attachments_ocr_once_reads_the_waiting_scans(home: Path, tmp_path: Path) -> None:
    from counterdesk.scans import ocr
    from tests.helpers.vietnamese_page import vietnamese_page

    if ocr.available() is not None and os.environ.get("CI", "").lower() != "true":
        pytest.skip("Tesseract với gói tiếng Việt chưa cài trên máy này (CI phải có)")
    code = _intake(home)
    page = tmp_path / "to-khai.png"
    page.write_bytes(vietnamese_page())
    assert run_cli("attach", code, str(page), home=home).returncode == 0
    r = run_cli("attachments", "ocr", "--once", "--json", home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"read": 1, "failed": 0, "skipped": 0, "left": 0}
    found = run_cli("attachments", "find", "viet nam", "--json", home=home)  # the scan is now searchable
    assert found.returncode == 0, found.stderr
    assert [item["code"] for item in json.loads(found.stdout)["items"]] == [code]
    assert run_cli("attachments", "find", "   ", home=home).returncode == 2


def test_attachments_ocr_without_tesseract_exits_2_in_vietnamese(home: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no tesseract on the PATH (python is called by its full path)
    r = run_cli("attachments", "ocr", "--once", home=home)
    assert r.returncode == 2
    assert "Chưa cài Tesseract" in r.stderr and "tesseract-ocr-vie" in r.stderr
