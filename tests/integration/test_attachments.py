"""Attaching scans to dossiers, on SQLite and PostgreSQL: one row and one file, or neither."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterdesk.domain import status as st
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.models import Dossier, DossierAttachment
from counterdesk.services import attachments, settings
from counterdesk.store.files import FileStore
from counterdesk.store.uow import Store
from tests.factories import make_dossier, vn
from tests.helpers.scans import photo, text_page

DOCS = [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0},
        {"name": "Căn cước công dân", "originals": 0, "copies": 1}]


def _dossier(store: Store, status: int = st.RECEIVED) -> str:
    with store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=status)
        d.documents = [dict(x) for x in DOCS]
        return d.code


def _rows(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(DossierAttachment)) or 0)


def test_attach_stores_file_row_and_marks_component(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    view = attachments.attach(store, scans_home, code, [("p1.png", text_page()), ("p2.png", text_page())])
    assert view.document_name == DOCS[0]["name"] and view.pages == 2 and view.kind == "component"
    files = attachments.file_store(store, scans_home)
    assert files.verify(view.sha256) is None and files.path_of(view.sha256).stat().st_size == view.size
    with store.read() as s:
        docs = s.scalars(select(Dossier.documents).where(Dossier.code == code)).one()
    assert docs[0]["digitised"] is True and docs[0]["pages"] == 2 and "digitised" not in docs[1]
    # the next attach without --document takes the next component not yet digitised
    second = attachments.attach(store, scans_home, code, [("id.jpg", photo())])
    assert second.document_name == "Căn cước công dân"
    listed = attachments.list_files(store, code)
    assert [a.id for a in listed] == [view.id, second.id]
    assert attachments.read_pdf(store, scans_home, view.id).startswith(b"%PDF")


def test_document_by_folded_name_and_result_rules(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    view = attachments.attach(store, scans_home, code, [("id.jpg", photo())], document="can cuoc cong dan")
    assert view.document_name == "Căn cước công dân"
    with pytest.raises(InvalidInput):
        attachments.attach(store, scans_home, code, [("x.png", text_page())], document="Sổ hộ khẩu")
    with pytest.raises(Conflict):
        attachments.attach(store, scans_home, code, [("r.png", text_page())], result=True)
    done = _dossier(store, st.DONE)
    res = attachments.attach(store, scans_home, done, [("r.png", text_page())], result=True)
    assert res.kind == "result" and res.document_name == attachments.RESULT_NAME
    with pytest.raises(NotFound):
        attachments.attach(store, scans_home, "000.00.01.H29-261116-9999", [("r.png", text_page())])


def test_bad_file_changes_nothing(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    with pytest.raises(InvalidInput):
        attachments.attach(store, scans_home, code, [("p.png", text_page()), ("bad.png", b"not an image")])
    assert _rows(store) == 0
    assert list(attachments.file_store(store, scans_home).names()) == []


def test_crash_between_file_and_commit_leaves_an_orphan_collected_later(store: Store, scans_home: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code = _dossier(store)
    real_append = attachments.audit.append

    def crash(*args: object, **kw: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(attachments.audit, "append", crash)
    with pytest.raises(RuntimeError):
        attachments.attach(store, scans_home, code, [("p.png", text_page())])
    monkeypatch.setattr(attachments.audit, "append", real_append)
    assert _rows(store) == 0  # no reference to anything
    files = attachments.file_store(store, scans_home)
    [orphan] = list(files.names())  # the file is whole on disk
    assert attachments.collect_orphans(store, scans_home) == []  # younger than an hour: left alone
    kept = attachments.attach(store, scans_home, code, [("q.png", text_page("PNG", label="q"))])
    old = time.time() - 7200
    os.utime(files.path_of(orphan), (old, old))
    os.utime(files.path_of(kept.sha256), (old, old))
    assert attachments.collect_orphans(store, scans_home) == [orphan]
    assert list(files.names()) == [kept.sha256]


def test_integrity_check_names_missing_and_altered(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    a = attachments.attach(store, scans_home, code, [("p.png", text_page())])
    b = attachments.attach(store, scans_home, code, [("id.jpg", photo())])
    assert attachments.check_integrity(store, scans_home) == []
    files = attachments.file_store(store, scans_home)
    files.path_of(a.sha256).write_bytes(b"%PDF-1.4 changed")
    files.path_of(b.sha256).unlink()
    found = {(p.attachment_id, p.problem) for p in attachments.check_integrity(store, scans_home)}
    assert found == {(a.id, "altered"), (b.id, "missing")}
    with pytest.raises(Conflict):
        attachments.read_pdf(store, scans_home, a.id)


def test_postgresql_needs_a_shared_folder(store: Store, tmp_path: Path) -> None:
    if store.dialect == "postgresql":
        with pytest.raises(InvalidInput, match=r"attachments\.dir"):
            attachments.files_root(store, tmp_path)
    else:
        assert attachments.files_root(store, tmp_path) == tmp_path / "attachments"
    shared = tmp_path / "share"
    shared.mkdir()
    settings.set_value(store, "attachments.dir", str(shared))
    assert attachments.file_store(store, tmp_path).root == shared
    assert isinstance(attachments.file_store(store, tmp_path), FileStore)


def test_backup_copies_new_scans_and_restore_brings_them_back(sqlite_store: Store, tmp_path: Path) -> None:
    from counterdesk.services import backups

    usb = tmp_path / "usb"
    usb.mkdir()
    settings.set_value(sqlite_store, "backup.second_dir", str(usb))
    code = _dossier(sqlite_store)
    a = attachments.attach(sqlite_store, tmp_path, code, [("p.png", text_page())])
    first = backups.run_backup(sqlite_store, tmp_path, "manual")
    assert first.files_copied == 2 and not first.warnings  # the backup folder and the USB drive
    assert FileStore(tmp_path / "backups" / "attachments").verify(a.sha256) is None
    assert FileStore(usb / "attachments").verify(a.sha256) is None
    b = attachments.attach(sqlite_store, tmp_path, code, [("id.jpg", photo())])
    assert backups.run_backup(sqlite_store, tmp_path, "manual").files_copied == 2  # only the new scan, twice
    files = attachments.file_store(sqlite_store, tmp_path)
    files.path_of(a.sha256).unlink()
    files.path_of(b.sha256).write_bytes(b"%PDF-1.4 damaged")
    (tmp_path / "backups" / "attachments" / b.sha256[:2] / f"{b.sha256}.pdf").unlink()  # only the USB has it
    restored, left = attachments.restore_files(sqlite_store, tmp_path)
    assert restored == 2 and left == []
    assert attachments.check_integrity(sqlite_store, tmp_path) == []


def test_restore_reports_scans_no_backup_has(sqlite_store: Store, tmp_path: Path) -> None:
    code = _dossier(sqlite_store)
    a = attachments.attach(sqlite_store, tmp_path, code, [("p.png", text_page())])
    attachments.file_store(sqlite_store, tmp_path).path_of(a.sha256).unlink()
    restored, left = attachments.restore_files(sqlite_store, tmp_path)
    assert restored == 0 and [(p.attachment_id, p.problem) for p in left] == [(a.id, "missing")]


def test_sigkill_before_commit_leaves_no_reference_and_a_collectable_file(store: Store, scans_home: Path,
                                                                          db_url: str) -> None:
    import subprocess
    import sys

    code = _dossier(store)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    child = subprocess.run([sys.executable, "-m", "tests.helpers.attach_kill_child", db_url, str(scans_home), code],
                           cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == -9 and child.stdout.strip() == "KILL", child.stderr
    assert _rows(store) == 0  # the uncommitted row died with the process
    with store.read() as s:
        docs = s.scalars(select(Dossier.documents).where(Dossier.code == code)).one()
    assert not any(d.get("digitised") for d in docs)
    files = attachments.file_store(store, scans_home)
    [orphan] = list(files.names())
    assert files.verify(orphan) is None  # whole on disk
    assert attachments.collect_orphans(store, scans_home) == []  # too young
    assert attachments.collect_orphans(store, scans_home, min_age=0) == [orphan]
    assert attachments.check_integrity(store, scans_home) == []


def test_watched_folder_attaches_by_code_and_rejects_the_rest(store: Store, scans_home: Path, tmp_path: Path) -> None:
    from counterdesk.services.watched_folder import import_folder

    code = _dossier(store)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / f"{code}_2.png").write_bytes(text_page(label="2"))
    (drop / f"{code}_1.jpg").write_bytes(text_page("JPEG", label="1"))
    (drop / "scan0001.jpg").write_bytes(text_page("JPEG"))  # no code in its name
    (drop / "000.00.01.H29-261116-9999.png").write_bytes(text_page())  # no such dossier
    (drop / "ghi-chu.txt").write_text("x", encoding="utf-8")
    young = drop / f"{code}_3.png"
    young.write_bytes(text_page(label="3"))
    later = time.time() + 10
    os.utime(young, (later, later))  # still being written by the scanner
    report = import_folder(store, scans_home, drop, now=time.time() + 5)
    [view] = report.attached
    assert view.pages == 2 and view.document_name == DOCS[0]["name"]
    assert sorted(n for n, _ in report.rejected) == ["000.00.01.H29-261116-9999.png", "ghi-chu.txt", "scan0001.jpg"]
    assert report.waiting == 1
    assert sorted(p.name for p in drop.iterdir() if p.is_file()) == [young.name]  # attached files are gone
    reasons = (drop / "rejected" / "scan0001.jpg.txt").read_text(encoding="utf-8")
    assert "mã hồ sơ" in reasons
    assert "9999" in (drop / "rejected" / "000.00.01.H29-261116-9999.png.txt").read_text(encoding="utf-8")
    # the young file is taken once it settled; it goes to the next component
    report = import_folder(store, scans_home, drop, now=time.time() + 60)
    assert [v.document_name for v in report.attached] == ["Căn cước công dân"]


def test_an_id_card_scanned_before_is_reused_without_a_new_file(store: Store, scans_home: Path) -> None:
    first = _dossier(store)
    card = attachments.attach(store, scans_home, first, [("id.jpg", photo())], document="Căn cước công dân")
    second = _dossier(store)  # the same citizen (the factory's applicant) comes back
    offered = attachments.reusable(store, second)
    assert [(v.id, v.dossier_code) for v in offered] == [(card.id, first)]
    view = attachments.reuse(store, scans_home, second, card.id)
    assert view.sha256 == card.sha256 and view.document_name == "Căn cước công dân" and view.dossier_code == second
    assert list(attachments.file_store(store, scans_home).names()) == [card.sha256]  # one file, two rows
    with store.read() as s:
        docs = s.scalars(select(Dossier.documents).where(Dossier.code == second)).one()
    assert docs[1]["digitised"] is True and docs[1]["reused"] is True and docs[1]["pages"] == 1
    with pytest.raises(InvalidInput):
        attachments.reuse(store, scans_home, second, card.id + 999)


def test_digitisation_figures_for_the_scorecard(store: Store, scans_home: Path) -> None:
    from counterdesk.services import digitisation

    full, half, untouched = _dossier(store), _dossier(store), _dossier(store)
    online = _dossier(store)
    with store.write() as s:
        s.scalars(select(Dossier).where(Dossier.code == online)).one().channel = 2
    attachments.attach(store, scans_home, full, [("p.png", text_page())])
    card = attachments.attach(store, scans_home, full, [("id.jpg", photo())])
    attachments.attach(store, scans_home, half, [("p.png", text_page())])
    attachments.reuse(store, scans_home, half, card.id)
    with store.write() as s:  # a third dossier of the citizen: no component scanned
        s.scalars(select(Dossier).where(Dossier.code == untouched)).one().documents = [dict(x) for x in DOCS]
    done = _dossier(store, st.DONE)
    with store.write() as s:
        s.scalars(select(Dossier).where(Dossier.code == done)).one().finished_at = vn("2026-11-18T10:00")
    attachments.attach(store, scans_home, done, [("r.png", text_page())], result=True)
    got = digitisation.period(store, vn("2026-11-16T00:00"), vn("2026-11-20T00:00"))
    assert (got.dossiers, got.dossiers_with_digitised, got.dossiers_fully_digitised) == (4, 2, 2)
    assert (got.components, got.components_digitised, got.components_reused) == (8, 4, 1)
    assert (got.results, got.results_digitised) == (1, 1)
    assert got.component_rate == 0.5 and got.result_rate == 1.0
    assert digitisation.period(store, vn("2026-11-20T00:00"), vn("2026-11-21T00:00")).component_rate is None


def test_scorecard_counts_a_dossier_with_a_scanned_paper_as_digitised(store: Store, scans_home: Path) -> None:
    from datetime import date

    from counterdesk.services import scorecard

    scanned, _plain = _dossier(store), _dossier(store)
    attachments.attach(store, scans_home, scanned, [("p1.png", text_page())])
    total = scorecard.to_json(scorecard.scorecard(store, date(2026, 11, 1), date(2026, 11, 30)))["total"]
    assert total["digitised"] == 1 and total["received"] == 2 and total["digitised_rate"] == 50.0
