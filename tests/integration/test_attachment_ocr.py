"""Searchable scans on SQLite and PostgreSQL: Tesseract (`vie`) reads a stored Vietnamese page in
its own pass after the scan is saved; without Tesseract nothing changes and the message says so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from counterdesk.domain import status as st
from counterdesk.scans import ocr
from counterdesk.services import attachment_ocr, attachments, settings
from counterdesk.store.uow import Store
from tests.factories import make_dossier, vn
from tests.helpers.scans import photo
from tests.helpers.vietnamese_page import vietnamese_page

DOCS = [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0},
        {"name": "Căn cước công dân", "originals": 0, "copies": 1}]
UNDER_CI = os.environ.get("CI", "").lower() == "true"
needs_tesseract = pytest.mark.skipif(ocr.available() is not None and not UNDER_CI,
                                     reason="Tesseract với gói tiếng Việt chưa cài trên máy này (CI phải có)")


def _dossier(store: Store) -> str:
    with store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=st.RECEIVED)
        d.documents = [dict(x) for x in DOCS]
        return d.code


@needs_tesseract
def test_ocr_reads_vietnamese_words_of_a_stored_scan(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    form = attachments.attach(store, scans_home, code, [("p1.png", vietnamese_page(angle=1.5))],
                              document=str(DOCS[0]["name"]))
    assert attachment_ocr.text_of(store, form.id) is None and attachment_ocr.pending(store) == 1
    report = attachment_ocr.run_once(store, scans_home)
    assert (report.read, report.failed, report.left) == (1, 0, 0)
    text = attachment_ocr.text_of(store, form.id) or ""
    for word in ("CỘNG", "VIỆT NAM", "Hạnh phúc", "KHAI SINH", "Nguyễn", "Hồ Chí Minh"):
        assert word in text, (word, text)
    again = attachment_ocr.run_once(store, scans_home)
    assert again.read == 0  # each file is read once


@needs_tesseract
def test_background_pass_reads_only_when_the_setting_is_on(store: Store, scans_home: Path) -> None:
    code = _dossier(store)
    card = attachments.attach(store, scans_home, code, [("cccd.jpg", photo())], document="Căn cước công dân")
    assert attachment_ocr.background_pass(store, scans_home) == ""  # off by default
    assert attachment_ocr.text_of(store, card.id) is None
    settings.set_value(store, attachment_ocr.ENABLED_KEY, "true")
    assert attachment_ocr.background_pass(store, scans_home) == ""
    assert attachment_ocr.text_of(store, card.id) is not None and attachment_ocr.pending(store) == 0


def test_without_tesseract_nothing_changes_and_the_message_is_vietnamese(
        store: Store, scans_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = _dossier(store)
    form = attachments.attach(store, scans_home, code, [("p1.png", vietnamese_page())], document=str(DOCS[0]["name"]))
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(ocr.OcrUnavailable, match="Chưa cài Tesseract"):
        attachment_ocr.run_once(store, scans_home)
    settings.set_value(store, attachment_ocr.ENABLED_KEY, "true")
    assert "tesseract-ocr-vie" in attachment_ocr.background_pass(store, scans_home)
    assert attachment_ocr.text_of(store, form.id) is None and attachment_ocr.pending(store) == 1


def test_missing_file_is_left_waiting(store: Store, scans_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = _dossier(store)
    form = attachments.attach(store, scans_home, code, [("p1.png", vietnamese_page())], document=str(DOCS[0]["name"]))
    attachments.file_store(store, scans_home).path_of(form.sha256).unlink()
    monkeypatch.setattr(ocr, "available", lambda: None)
    report = attachment_ocr.run_once(store, scans_home)
    assert (report.read, report.skipped, report.left) == (0, 1, 1)


@needs_tesseract
def test_the_apps_background_pass_reads_scans(store: Store, scans_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from counterdesk.services import sync_admin

    monkeypatch.setenv("COUNTERDESK_HOME", str(scans_home))  # the app's data home
    code = _dossier(store)
    form = attachments.attach(store, scans_home, code, [("p1.png", vietnamese_page())], document=str(DOCS[0]["name"]))
    settings.set_value(store, attachment_ocr.ENABLED_KEY, "true")
    sync_admin.background_pass(store)  # no portal configured: only SMS (off) and OCR run
    assert "VIỆT NAM" in (attachment_ocr.text_of(store, form.id) or "")
