from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from counterdesk.domain.errors import InvalidInput
from counterdesk.ui.app import install_crash_handler


def test_unexpected_error_writes_report_and_shows_message(qtbot, tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    old = sys.excepthook
    install_crash_handler(tmp_path)
    try:
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        reports = list((tmp_path / "crash").glob("crash-*.log"))
        assert len(reports) == 1
        assert "ZeroDivisionError" in reports[0].read_text(encoding="utf-8")
        assert "Báo cáo lỗi" in shown[0]
        # A user-actionable error is a warning with its own message, not a crash report.
        err = InvalidInput("Số định danh không hợp lệ.")
        sys.excepthook(InvalidInput, err, None)
        assert shown[1] == "Số định danh không hợp lệ."
        assert len(list((tmp_path / "crash").glob("crash-*.log"))) == 1
    finally:
        sys.excepthook = old
