"""Base main window: Vietnamese menus, status bar with store, user and sync state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.services.sync_admin import SyncView
from counterdesk.store.uow import Store
from counterdesk.ui.common.sync_worker import SyncWorker, describe


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
        self.sync_worker = SyncWorker(store, self)
        self.sync_worker.updated.connect(self._show_sync)
        self.sync_worker.failed.connect(self._sync_failed)
        self.sync_worker.start()

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
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_worker.stop()
        super().closeEvent(event)

    def _about(self) -> None:
        from counterdesk import __version__

        QMessageBox.about(self, "Giới thiệu", f"CounterDesk {__version__}\nPhần mềm quầy một cửa.\nCSDL: {self.store.url}")
