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
        """Full screen on the screen it is on. The geometry is set first: a kiosk PC running bare X
        (no window manager) ignores the full-screen request and kept the 1280×800 default, so a
        720p TV showed the lobby display cut off at the bottom."""
        self.setGeometry(self.screen().geometry())
        self.showFullScreen()
