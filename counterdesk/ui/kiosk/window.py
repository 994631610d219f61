"""Tra cứu hồ sơ (unattended, full screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.services.settings import office
from counterdesk.store.uow import Store
from counterdesk.ui.common.fullscreen import UnattendedWindow


class KioskWindow(UnattendedWindow):
    TITLE = "Tra cứu hồ sơ"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.actor = actor
        with store.read() as session:
            name = office(session).name
        layout = QVBoxLayout(self)
        header = QLabel(name)
        header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStyleSheet("font-size: 32px; font-weight: 700;")
        title = QLabel(self.TITLE)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 48px;")
        layout.addWidget(header)
        layout.addWidget(title, 1)
