"""Help menu: F1 opens the guide at the current window's chapter; "Gửi báo cáo lỗi" writes the zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtGui import QAction

from counterdesk.domain.roles import SUPERVISOR, Actor
from counterdesk.printing.guide import build_guide

GUIDE = Path(__file__).parents[2] / "docs" / "guide"


def test_f1_opens_the_guide_at_the_windows_chapter(qtbot, sqlite_store, tmp_path: Path, monkeypatch) -> None:
    from counterdesk.ui.common import guide
    from counterdesk.ui.supervisor.window import SupervisorWindow

    result = build_guide(sorted(GUIDE.glob("*.md")), "1")
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / guide.GUIDE_FILE).write_bytes(result.pdf)
    (folder / "sections.json").write_text(json.dumps(result.sections), encoding="utf-8")
    monkeypatch.setattr(guide, "resource_path", lambda *parts: folder)
    window = SupervisorWindow(sqlite_store, Actor(user_id=None, username="t", role=SUPERVISOR))
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "openGuide")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    viewer = window.findChild(guide.GuideViewer, "guideViewer")
    assert viewer is not None
    qtbot.addWidget(viewer)
    assert viewer.document.pageCount() > 5
    qtbot.waitUntil(lambda: viewer.current_page == result.sections["lanh-dao"], timeout=5000)


def test_send_error_report_from_the_help_menu(qtbot, sqlite_store, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from counterdesk.ui.supervisor.window import SupervisorWindow

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append("warning: " + a[2]))
    window = SupervisorWindow(sqlite_store, Actor(user_id=None, username="t", role=SUPERVISOR))
    qtbot.addWidget(window)
    window.home = tmp_path
    out = tmp_path / "bao-cao.zip"
    window.send_error_report(out)
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert str(out) in shown[0]
    assert "phien-ban.txt" in zipfile.ZipFile(out).namelist()
