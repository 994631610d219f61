"""Base for unattended full-screen windows (dispenser, display, kiosk)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from counterdesk.store.uow import Store


class UnattendedWindow(QWidget):
    TITLE = "CounterDesk"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.TITLE)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setStyleSheet("background: #0b3d91; color: white;")
        self.resize(1280, 800)

    def show_for_real(self) -> None:
        self.showFullScreen()
