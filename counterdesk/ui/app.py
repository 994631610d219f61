"""Start-up: QApplication, crash handling, opening the store, and the window of the chosen mode."""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import ADMIN, CLERK, DEVICE, SUPERVISOR, Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.signals import emit

log = logging.getLogger("counterdesk.ui")

WINDOWS: dict[str, tuple[str, str, str]] = {
    # mode: (module, class, role the mode is meant for)
    "desk": ("counterdesk.ui.desk.window", "DeskWindow", CLERK),
    "supervisor": ("counterdesk.ui.supervisor.window", "SupervisorWindow", SUPERVISOR),
    "admin": ("counterdesk.ui.admin.window", "AdminWindow", ADMIN),
    "dispenser": ("counterdesk.ui.dispenser.window", "DispenserWindow", DEVICE),
    "display": ("counterdesk.ui.display.window", "DisplayWindow", DEVICE),
    "kiosk": ("counterdesk.ui.kiosk.window", "KioskWindow", DEVICE),
}
UNATTENDED = ("dispenser", "display", "kiosk")


BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily backup timer looks once an hour


def build_window(mode: str, store: Store, actor: Actor | None = None) -> QWidget:
    """The mode's window acting as ``actor``: a logged-in user, or the device account (unattended)."""
    module_name, class_name, _role = WINDOWS[mode]
    if actor is None:
        if mode not in UNATTENDED:
            raise ValueError(f"mode {mode} needs a logged-in user")
        from counterdesk.services.users import device_actor

        actor = device_actor(store, mode)
    cls: Any = getattr(importlib.import_module(module_name), class_name)
    return cls(store, actor)  # type: ignore[no-any-return]


def ask_login(store: Store, mode: str) -> Actor | None:
    """The login dialog of a staff mode; None when the user chose to leave."""
    from counterdesk.ui.common.login import LoginDialog

    dialog = LoginDialog(store, mode)
    if dialog.exec() != LoginDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def recovery_question(db_file: Path, problem: str, backup_time: str) -> str:
    return (
        f"Kiểm tra CSDL khi khởi động phát hiện lỗi:\n{problem}\n\n"
        f"Có bản sao lưu tốt gần nhất lúc {backup_time}. Phục hồi từ bản này?\n\n"
        f"Dữ liệu nhập sau thời điểm đó sẽ không có trong bản phục hồi. "
        f"Tệp hỏng được giữ lại cạnh tệp CSDL ({db_file.name}.before-restore…) để kỹ thuật viên xem xét."
    )


def open_with_recovery(db: str | None, home: Path, confirm: Callable[[str], bool]) -> Store:
    """open_store; if the SQLite file fails its check, offer the newest good backup via ``confirm``."""
    from counterdesk.domain.errors import StoreError
    from counterdesk.services import database
    from counterdesk.services.setup import open_store

    try:
        return open_store(db, home, seed=False)
    except StoreError as exc:
        found = database.recovery_candidate(db, home)
        if found is None:
            raise
        db_file, candidate = found
        question = recovery_question(db_file, exc.message, f"{candidate.taken_at:%H:%M ngày %d/%m/%Y}")
        if not confirm(question):
            raise
        database.restore_file(candidate.path, db_file)
        log.warning("store restored from backup %s after a failed start-up check", candidate.path.name)
        return open_store(db, home, seed=False)


def start_backup_timer(store: Store, home: Path, parent: QWidget) -> QTimer:
    """Today's automatic backup now (in the background) and then hourly if the day changed."""
    from counterdesk.services import backups
    from counterdesk.ui.common.workers import run_in_background

    def report(result: Any) -> None:
        for warning in getattr(result, "warnings", ()) or ():
            bar = getattr(parent, "statusBar", None)
            if bar is not None:
                bar().showMessage(warning, 30_000)
            log.warning("%s", warning)

    def failed(exc: BaseException) -> None:
        log.error("automatic backup failed: %s", exc)

    def check() -> None:
        run_in_background(backups.daily_backup, store, home, on_done=report, on_failed=failed)

    timer = QTimer(parent)
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()
    check()
    return timer


def start_file_recovery(store: Store, home: Path, window: QWidget,
                        on_done: Callable[[Any], None] | None = None) -> None:
    """Scans left behind by an interrupted run, off the GUI thread: referenced files missing from
    the scan folder (a database restored from backup, a lost file) come back from the backup
    folders; half-written temporary files and old unreferenced files are removed
    (services/attachments.recover_files). A scan still missing is said in the status bar."""
    from counterdesk.services import attachments
    from counterdesk.ui.common.workers import run_in_background

    def report(result: Any) -> None:
        if result.still_missing:
            bar = getattr(window, "statusBar", None)
            message = (f"{result.still_missing} bản số hoá bị mất hoặc bị sửa và không có trong bản sao lưu; "
                       "chạy `counterdesk attachments check` để xem danh sách.")
            if bar is not None:
                bar().showMessage(message, 60_000)
            log.warning("%d scan file(s) missing with no backup copy", result.still_missing)
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:  # no shared scan folder yet (PostgreSQL): nothing to recover
        log.warning("scan file recovery skipped: %s", exc.message if isinstance(exc, DomainError) else exc)

    run_in_background(attachments.recover_files, store, home, on_done=report, on_failed=failed, owner=window)


def start_background_check(store: Store, home: Path, window: QWidget,
                           on_damaged: Callable[[str], None] | None = None) -> bool:
    """Walk the pages of a store too big to check before the window showed; if they are damaged,
    say so and close (writing on would spread the damage). The next start checks in full and
    offers the newest good backup. Returns whether a check was started."""
    from counterdesk.services import setup
    from counterdesk.ui.common.workers import run_in_background

    path = setup.needs_background_check(store)
    if path is None:
        return False

    def damaged(exc: BaseException) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        log.error("background store check failed: %s", message)
        if on_damaged is not None:
            on_damaged(message)
            return
        QMessageBox.critical(
            window, "CounterDesk — CSDL bị hỏng",
            f"Kiểm tra CSDL phát hiện lỗi:\n{message}\n\nChương trình sẽ đóng để không ghi thêm vào tệp hỏng. "
            "Khi mở lại, chương trình sẽ đề nghị phục hồi từ bản sao lưu tốt gần nhất.",
        )
        QApplication.exit(2)

    run_in_background(setup.background_check, path, home, on_failed=damaged)
    return True


class _GuiThreadRelay(QObject):
    """Carries an exception raised on any thread to the GUI thread (queued signal), where a
    message box may be shown; Qt widgets must never be touched from another thread."""

    raised = Signal(object, object, object)  # type, exception, traceback


def install_crash_handler(home: Path) -> _GuiThreadRelay:
    """Unexpected errors: a crash log in the data directory and a message box, never a silent exit.

    Both ``sys.excepthook`` and ``threading.excepthook`` hand the error to a relay living on the
    GUI thread, so the message box always opens there (a worker thread's error arrives queued).
    """
    from counterdesk.crash import write_crash_report

    def show(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, DomainError):
            QMessageBox.warning(QApplication.activeWindow(), "CounterDesk", exc.message)
            return
        path = write_crash_report(exc.with_traceback(tb), home)
        log.error("unexpected error, report at %s", path)
        QMessageBox.critical(
            QApplication.activeWindow(), "CounterDesk — lỗi",
            f"Đã xảy ra lỗi không mong đợi ({exc_type.__name__}).\n"
            f"Dữ liệu đã lưu không bị mất. Báo cáo lỗi: {path}",
        )

    relay = _GuiThreadRelay(QApplication.instance())
    relay.raised.connect(show)  # queued when emitted from another thread

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if QApplication.instance() is None:
            write_crash_report(exc.with_traceback(tb), home)
            sys.__excepthook__(exc_type, exc, tb)
            return
        emit(relay.raised, exc_type, exc, tb)

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value or Exception(), args.exc_traceback)
    return relay


def first_run(store: Store, home: Path, *, smoke_test: bool = False) -> bool:
    """A store without an office: the setup wizard (a real office, or the demo chosen explicitly).
    False when the wizard was closed without finishing. The smoke test of an installation gets the
    demo office (random password, nobody logs in)."""
    from counterdesk.services import office_setup, setup

    if office_setup.has_office(store):
        return True
    if smoke_test:
        setup.seed_demo_office(store)
        return True
    from counterdesk.ui.setup.wizard import SetupWizard

    wizard = SetupWizard(store, home)
    return wizard.exec() == SetupWizard.DialogCode.Accepted


def run(mode: str, db: str | None, home: Path, *, smoke_test: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    from counterdesk.ui.common.translation import install_vietnamese

    install_vietnamese(app)  # Qt's own buttons and dialogs in Vietnamese, in every mode
    install_crash_handler(home)
    from counterdesk.logging_setup import install as install_logging

    install_logging(logging.INFO, log_file=home / "logs" / "counterdesk.log", stream=False)

    def confirm(question: str) -> bool:
        answer = QMessageBox.question(
            None, "CounterDesk — CSDL bị hỏng", question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    try:
        store = open_with_recovery(db, home, confirm)
    except DomainError as exc:
        QMessageBox.critical(None, "CounterDesk — không mở được CSDL", exc.message)
        return 2
    if not first_run(store, home, smoke_test=smoke_test):
        store.dispose()
        return 0
    if mode in UNATTENDED:
        actor = None
    elif smoke_test:  # the installed window, no session: nothing is written in its name
        actor = Actor(user_id=None, username="kiểm tra cài đặt", role=WINDOWS[mode][2])
    else:
        actor = ask_login(store, mode)
        if actor is None:
            store.dispose()
            return 0
    window: QWidget = build_window(mode, store, actor)  # smoke test: the mode's window, no session
    window.home = home  # type: ignore[attr-defined]  # Help → Gửi báo cáo lỗi collects from it
    if not smoke_test:
        start_backup_timer(store, home, window)
        start_background_check(store, home, window)
        if mode not in UNATTENDED:  # scans never reach the kiosk or the queue screens
            start_file_recovery(store, home, window)
    from counterdesk.ui.common.fullscreen import UnattendedWindow

    if isinstance(window, UnattendedWindow) and not smoke_test:
        window.show_for_real()
    else:
        getattr(window, "show_fitted", window.show)()  # staff windows fit small screens
    if smoke_test:
        # exit(), not quit(): Qt 6's quit() asks every window to close first, and the kiosk refuses.
        QTimer.singleShot(300, lambda: app.exit(0))
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(60_000)  # a backup in progress finishes before we close
    store.dispose()
    return int(code)
