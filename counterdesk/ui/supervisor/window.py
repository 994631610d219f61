"""Supervisor mode: the day at a glance, daily log, statistics, day close."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.today import TodayPanel


class SupervisorWindow(ModeWindow):
    MODE = "supervisor"
    MODE_TITLE = "Lãnh đạo / phụ trách"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, actor, parent)
        self.tabs = QTabWidget()
        self.today = TodayPanel(store)
        self.tabs.addTab(self.today, "Tổng quan hôm nay")
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
