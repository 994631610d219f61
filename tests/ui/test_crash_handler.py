from __future__ import annotations

import sys
import threading
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


def test_an_error_on_a_worker_thread_shows_its_message_on_the_gui_thread(qtbot, tmp_path: Path, monkeypatch) -> None:
    shown: list[tuple[str, bool]] = []

    def record(*args: object, **_: object) -> None:
        shown.append((str(args[2]), threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(QMessageBox, "critical", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_crash_handler(tmp_path)

    def boom() -> None:
        raise ZeroDivisionError("boom off the GUI thread")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    assert shown == []  # not shown from the worker thread: queued to the GUI thread

    def delivered() -> None:
        assert len(shown) == 1

    qtbot.waitUntil(delivered, timeout=5000)
    message, on_gui_thread = shown[0]
    assert on_gui_thread and "ZeroDivisionError" in message and "Báo cáo lỗi" in message
    assert len(list((tmp_path / "crash").glob("crash-*.log"))) == 1
