"""Start-up: QApplication, crash handling, opening the store, and the window of the chosen mode."""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import ADMIN, CLERK, DEVICE, SUPERVISOR, Actor
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.ui")

WINDOWS: dict[str, tuple[str, str, str]] = {
    # mode: (module, class, role of the default actor until login exists)
    "desk": ("counterdesk.ui.desk.window", "DeskWindow", CLERK),
    "supervisor": ("counterdesk.ui.supervisor.window", "SupervisorWindow", SUPERVISOR),
    "admin": ("counterdesk.ui.admin.window", "AdminWindow", ADMIN),
    "dispenser": ("counterdesk.ui.dispenser.window", "DispenserWindow", DEVICE),
    "display": ("counterdesk.ui.display.window", "DisplayWindow", DEVICE),
    "kiosk": ("counterdesk.ui.kiosk.window", "KioskWindow", DEVICE),
}
UNATTENDED = ("dispenser", "display", "kiosk")


def build_window(mode: str, store: Store, actor: Actor | None = None) -> QWidget:
    module_name, class_name, role = WINDOWS[mode]
    cls: Any = getattr(importlib.import_module(module_name), class_name)
    return cls(store, actor or Actor(user_id=None, username=f"{mode}", role=role))  # type: ignore[no-any-return]


def install_crash_handler(home: Path) -> None:
    """Unexpected errors: a crash log in the data directory and a message box, never a silent exit."""
    from counterdesk.crash import write_crash_report

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, DomainError):
            QMessageBox.warning(QApplication.activeWindow(), "CounterDesk", exc.message)
            return
        path = write_crash_report(exc.with_traceback(tb), home)
        log.error("unexpected error, report at %s", path)
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(), "CounterDesk — lỗi",
                f"Đã xảy ra lỗi không mong đợi ({exc_type.__name__}).\n"
                f"Dữ liệu đã lưu không bị mất. Báo cáo lỗi: {path}",
            )

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value or Exception(), args.exc_traceback)


def run(mode: str, db: str | None, home: Path, *, smoke_test: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    install_crash_handler(home)
    from counterdesk.services.setup import open_store

    try:
        store = open_store(db, home)
    except DomainError as exc:
        QMessageBox.critical(None, "CounterDesk — không mở được CSDL", exc.message)
        return 2
    window = build_window(mode, store)
    if mode in UNATTENDED and not smoke_test:
        window.showFullScreen()
    else:
        window.show()
    if smoke_test:
        QTimer.singleShot(200, app.quit)
    code = app.exec()
    store.dispose()
    return int(code)
