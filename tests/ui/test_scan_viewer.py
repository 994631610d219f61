"""The scan viewer shows a stored scan (read off the GUI thread) and refuses a lost one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from counterdesk.domain import status as st
from counterdesk.services import attachments
from counterdesk.ui.common.scan_viewer import ScanViewer, open_scan
from tests.factories import make_dossier, vn
from tests.helpers.scans import text_page

SHOTS = Path("/tmp/digitise-shots")


def _scan(store: Any, home: Path) -> attachments.AttachmentView:
    with store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=st.RECEIVED)
        d.documents = [{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0}]
        code = d.code
    return attachments.attach(store, home, code, [("1.png", text_page(label="1")), ("2.png", text_page(label="2"))])


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768), (1920, 1080)])
def test_viewer_shows_every_page(qtbot: Any, sqlite_store: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    view = _scan(sqlite_store, tmp_path)
    viewer = ScanViewer(attachments.read_pdf(sqlite_store, tmp_path, view.id), "Tờ khai đăng ký khai sinh")
    qtbot.addWidget(viewer)
    viewer.resize(*size)
    viewer.show()
    qtbot.waitExposed(viewer)
    assert viewer.loaded.pages == 2 and "2 trang" in viewer.caption.text()
    qtbot.wait(800)  # QPdfView renders pages asynchronously
    SHOTS.mkdir(exist_ok=True)
    viewer.grab().save(str(SHOTS / f"viewer-{size[0]}x{size[1]}.png"))


def test_open_scan_reads_in_background_and_reports_a_lost_file(qtbot: Any, sqlite_store: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    view = _scan(sqlite_store, tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    open_scan(parent, sqlite_store, tmp_path, view.id, "Tờ khai")
    qtbot.waitUntil(lambda: any(isinstance(w, ScanViewer) for w in QApplication.topLevelWidgets()), timeout=10000)
    attachments.file_store(sqlite_store, tmp_path).path_of(view.sha256).unlink()
    failures: list[BaseException] = []
    open_scan(parent, sqlite_store, tmp_path, view.id, "Tờ khai", on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert "bị mất" in str(failures[0])
