"""Base main window: Vietnamese menus, status bar with store, user and sync state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import settings
from counterdesk.store.uow import Store
from counterdesk.ui.common import printer_choice
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.login import IdleWatcher, LoginDialog
from counterdesk.ui.common.sync_worker import SyncWorker, describe

if TYPE_CHECKING:
    from counterdesk.services.sync_admin import SyncView


class ModeWindow(QMainWindow):
    """Shared frame for the staff modes."""

    MODE_TITLE = "CounterDesk"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.setWindowTitle(f"CounterDesk — {self.MODE_TITLE}")
        self.resize(1200, 760)
        self._build_status_bar()
        self._lock_dialog: LoginDialog | None = None
        self._help_jobs = BackgroundJobs()
        printer_choice.remember(settings.get(store, "printer.receipt") or "")
        self.idle = IdleWatcher(self._idle_minutes() * 60_000, self)
        self.idle.idle.connect(lambda: self.lock_screen(idle=True))
        self.sync_worker = SyncWorker(store, self)
        self.sync_worker.updated.connect(self._show_sync)
        self.sync_worker.failed.connect(self._sync_failed)
        self.sync_worker.start()

    def show_fitted(self) -> None:
        """Show at the usual size, or maximized when the screen is smaller (a 1280×720 or 1366×768
        counter PC): the window never starts taller or wider than the screen."""
        screen = self.screen()
        area = screen.availableGeometry() if screen is not None else None
        if area is not None and (self.width() > area.width() or self.height() > area.height()):
            self.showMaximized()
        else:
            self.show()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.store_label = QLabel(f"CSDL: {self.store.url}")
        self.user_label = QLabel(f"Người dùng: {self.actor.username}")
        self.sync_label = QLabel("Đồng bộ: chưa kết nối cổng")
        self.sync_label.setObjectName("syncState")
        for w in (self.store_label, self.user_label, self.sync_label):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            bar.addPermanentWidget(w)

    def add_standard_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        switch = QAction("Đổi &người dùng…", self)
        switch.setObjectName("switchUser")
        switch.setShortcut(QKeySequence("Ctrl+Shift+U"))
        switch.triggered.connect(self.switch_user)
        file_menu.addAction(switch)
        lock = QAction("&Khoá màn hình", self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.setObjectName("lockScreen")
        lock.triggered.connect(lambda: self.lock_screen())
        file_menu.addAction(lock)
        file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setObjectName("quit")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the same on every platform (Quit is unbound on Windows)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        sync_menu = self.menuBar().addMenu("Đồng &bộ")
        ledger = QAction("&Sổ đồng bộ với cổng…", self)
        ledger.triggered.connect(self.open_sync_ledger)
        sync_menu.addAction(ledger)
        sync_now = QAction("Đồng bộ &ngay", self)
        sync_now.triggered.connect(self.sync_worker.sync_now)
        sync_menu.addAction(sync_now)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        guide = QAction("&Hướng dẫn sử dụng", self)
        guide.setObjectName("openGuide")
        guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
        guide.triggered.connect(self.open_guide)
        help_menu.addAction(guide)
        report = QAction("Gửi &báo cáo lỗi…", self)
        report.setObjectName("sendErrorReport")
        report.triggered.connect(lambda: self.send_error_report())
        help_menu.addAction(report)
        help_menu.addSeparator()
        about = QAction("&Giới thiệu", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _show_sync(self, view: SyncView) -> None:
        text, tooltip = describe(view)
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tooltip)

    def _sync_failed(self, message: str) -> None:
        self.sync_label.setText("Đồng bộ: lỗi, sẽ thử lại")
        self.sync_label.setToolTip(message)

    def open_sync_ledger(self) -> QWidget:
        from counterdesk.ui.supervisor.sync_ledger import SyncLedger

        ledger = SyncLedger(self.store, self.actor, self, resend=self.sync_worker.sync_now)
        ledger.show()
        return ledger

    def may_close(self) -> bool:
        """Asked before the window closes (File → Thoát, Ctrl+Q, the title bar): False keeps it open."""
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        self.sync_worker.stop()
        super().closeEvent(event)

    GUIDE_SECTION = ""  # a window may name its own section of the guide; else its mode's chapter
    home: Path | None = None  # the data directory (set by ui/app.run)

    def open_guide(self) -> QWidget | None:
        from counterdesk.ui.common.guide import MODE_SECTIONS, open_guide

        return open_guide(self, self.GUIDE_SECTION or MODE_SECTIONS.get(self.MODE, "gioi-thieu"))

    def send_error_report(self, out: Path | None = None) -> None:
        """Help → Gửi báo cáo lỗi: the support zip (services/support.py), written off the GUI thread."""
        from counterdesk.paths import data_home
        from counterdesk.services import support
        home = self.home or data_home()
        if out is None:
            from PySide6.QtWidgets import QFileDialog

            chosen, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo lỗi", str(support.default_name(Path.home())),
                                                    "Tệp zip (*.zip)")
            if not chosen:
                return
            out = Path(chosen)

        def done(path: Path) -> None:
            self.statusBar().showMessage(f"Đã tạo báo cáo lỗi: {path}", 30_000)
            QMessageBox.information(self, "Gửi báo cáo lỗi",
                                    f"Đã tạo {path}.\nGửi tệp này cho bộ phận kỹ thuật (đã che dữ liệu cá nhân).")

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, "Gửi báo cáo lỗi", exc.message if isinstance(exc, DomainError) else str(exc))

        self._help_jobs.start(support.bundle, out, home, self.store, on_done=done, on_failed=failed)

    def _about(self) -> QMessageBox:
        from counterdesk.about import versions

        lines = "\n".join(f"{k}: {v}" for k, v in versions(self.store).items())
        box = QMessageBox(QMessageBox.Icon.Information, "Giới thiệu",
                          f"Phần mềm quầy một cửa.\n\n{lines}", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.open()
        return box

    # ---------------------------------------------------------------- users: switch and idle lock

    MODE = "desk"

    def _idle_minutes(self) -> int:
        try:
            return int(settings.get(self.store, "security.idle_lock_minutes"))
        except (DomainError, ValueError):
            return 10

    def apply_actor(self, actor: Actor) -> None:
        """Make ``actor`` the one every page acts as, without closing anything."""
        self.actor = actor
        for child in self.findChildren(QWidget):
            if isinstance(getattr(child, "actor", None), Actor):
                child.actor = actor  # type: ignore[attr-defined]
        self.user_label.setText(f"Người dùng: {actor.username}")

    def switch_user(self) -> LoginDialog:
        """Another clerk takes over the counter: log in over the open window."""
        dialog = LoginDialog(self.store, self.MODE, self, reason="Đổi người dùng: đăng nhập bằng tài khoản khác.")
        dialog.accepted.connect(lambda: self._switched(dialog))
        dialog.open()
        return dialog

    def _switched(self, dialog: LoginDialog) -> None:
        if dialog.actor is not None:
            self.apply_actor(dialog.actor)

    def lock_screen(self, *, idle: bool = False) -> LoginDialog:
        """Hide the work (it may show citizens' data) until someone logs in again.

        ``idle``: the idle timer locked it (the message says after how long); Ctrl+L just locks.
        """
        if self._lock_dialog is not None and self._lock_dialog.isVisible():
            return self._lock_dialog
        self.idle.pause()
        central = self.centralWidget()
        if central is not None:
            central.setVisible(False)
        minutes = max(1, self.idle.timeout_ms // 60_000) if idle and self.idle.timeout_ms >= 60_000 else 0
        reason = (f"Màn hình đã khoá sau {minutes} phút không thao tác." if minutes
                  else "Màn hình đã khoá.") + " Đăng nhập để tiếp tục (có thể bằng tài khoản khác)."
        dialog = LoginDialog(self.store, self.MODE, self, reason=reason, username=self.actor.username, locked=True)
        dialog.setObjectName("lockDialog")
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        self._lock_dialog = dialog
        dialog.open()
        return dialog

    def _unlocked(self, dialog: LoginDialog) -> None:
        if dialog.actor is not None:
            self.apply_actor(dialog.actor)
        central = self.centralWidget()
        if central is not None:
            central.setVisible(True)
        self._lock_dialog = None
        self.idle.resume()

    @property
    def locked(self) -> bool:
        return self._lock_dialog is not None
