"""The services the desk's capture screen uses, on SQLite and PostgreSQL: earlier scans of a citizen
found by ID number before the dossier exists, the dossier's papers with their marks, the PDF made
before acceptance, the watched folder's pick-up, and start-up recovery of scan files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from counterdesk.domain import status as st
from counterdesk.domain.errors import InvalidInput
from counterdesk.services import attachments, watched_folder
from counterdesk.store.uow import Store
from tests.factories import make_applicant, make_dossier, vn
from tests.helpers.scans import photo, text_page

CARD_NAME = "Căn cước công dân"


def _dossier(store: Store, id_number: str = "001090123456") -> str:
    with store.write() as s:
        applicant = make_applicant(s, id_number=id_number)
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=st.RECEIVED,
                         applicant=applicant)
        d.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0}, {"name": CARD_NAME, "originals": 0, "copies": 1}]
        return str(d.code)


def test_earlier_scans_are_found_by_id_number_before_the_dossier_exists(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    card = attachments.attach(store, scans_home, code, [("cc.jpg", photo())], document=CARD_NAME)
    attachments.attach(store, scans_home, code, [("tk.png", text_page())], document="Tờ khai")
    found = attachments.reusable_for_citizen(store, "0010 9012 3456", ["căn cước công dân", "Giấy khai sinh"])
    assert [v.id for v in found] == [card.id]  # matched by folded name; the other paper is not asked for
    assert attachments.reusable_for_citizen(store, "079090000001", [CARD_NAME]) == []  # another citizen
    assert attachments.reusable_for_citizen(store, "12ab", [CARD_NAME]) == []  # not an ID number
    assert attachments.reusable_for_citizen(store, "001090123456", []) == []
    other = _dossier(store, "079090000001")
    assert attachments.reusable_for_citizen(store, "079090000001", [CARD_NAME]) == []
    assert attachments.list_files(store, other) == []


def test_components_and_pdf_made_before_acceptance(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    made = attachments.make_pdf([("1.png", text_page()), ("2.png", text_page())], "Tờ khai")
    assert made.pages == 2 and made.pdf.startswith(b"%PDF")
    with pytest.raises(InvalidInput):
        attachments.make_pdf([], "Tờ khai")
    view = attachments.attach(store, scans_home, code, [("Tờ khai", made.pdf)], document="Tờ khai")
    assert view.pages == 2 and view.size == len(made.pdf)  # the PDF made earlier passes through unchanged
    marks = attachments.components(store, code)
    assert [(c.name, c.digitised, c.pages) for c in marks] == [("Tờ khai", True, 2), (CARD_NAME, False, 0)]


def test_the_capture_screen_takes_settled_unnamed_and_own_files(store: Store, tmp_path: Path) -> None:
    code = _dossier(store)
    other = _dossier(store, "079090000001")
    folder = tmp_path / "watched"
    folder.mkdir()
    for name in ("b.jpg", "a.png", f"{code}_1.png", f"{other}_1.png", "note.txt"):
        (folder / name).write_bytes(text_page())
    old = time.time() - 60
    for path in folder.iterdir():
        os.utime(path, (old, old))
    (folder / "young.png").write_bytes(text_page())
    taken = watched_folder.take_pages(folder, code=code)
    assert [n for n, _ in taken] == [f"{code}_1.png", "a.png", "b.jpg"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{other}_1.png", "note.txt", "young.png"])
    assert watched_folder.take_pages(tmp_path / "missing") == []


def test_recover_files_restores_from_backup_and_collects_old_orphans(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    view = attachments.attach(store, scans_home, code, [("1.png", text_page())], document="Tờ khai")
    attachments.backup_files(store, scans_home)
    files = attachments.file_store(store, scans_home)
    files.path_of(view.sha256).write_bytes(b"altered")
    orphan = files.put(b"%PDF- a file whose row never committed")
    old = time.time() - 7200
    os.utime(orphan.path, (old, old))
    report = attachments.recover_files(store, scans_home)
    assert report == attachments.FileRecovery(restored=1, still_missing=0, orphans_removed=1)
    assert files.verify(view.sha256) is None and not orphan.path.exists()
