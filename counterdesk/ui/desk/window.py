"""Desk mode: the clerk's main window (queue panel, intake, return of results)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.today import TodayPanel
from counterdesk.ui.desk.intake_form import IntakeForm
from counterdesk.ui.desk.queue_panel import QueuePanel


class DeskWindow(ModeWindow):
    MODE_TITLE = "Quầy tiếp nhận và trả kết quả"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, actor, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deskTabs")
        self.queue_panel = QueuePanel(store, actor)
        self.tabs.addTab(self.queue_panel, "Gọi số (F5)")
        self.queue_panel.install_shortcuts(self)
        self.today = TodayPanel(store)
        self.tabs.addTab(self.today, "Tổng quan hôm nay")
        self.intake = IntakeForm(store, actor)
        self.tabs.addTab(self.intake, "Tiếp nhận hồ sơ (F2)")
        queue_panel = getattr(self, "queue_panel", None)
        if queue_panel is not None:  # the ticket being served is linked to the dossiers taken for it
            queue_panel.serving_started.connect(self.intake.link_ticket)
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
        view = self.menuBar().addMenu("&Xem")
        refresh = QAction("&Làm mới", self)
        refresh.setShortcut(QKeySequence("Ctrl+R"))  # F5 is "call next" (queue panel)
        refresh.triggered.connect(self.today.refresh)
        view.addAction(refresh)
        to_intake = QAction("&Tiếp nhận hồ sơ", self)
        to_intake.setShortcut(QKeySequence("F2"))  # F4–F9 belong to the queue panel
        to_intake.triggered.connect(self.show_intake)
        view.addAction(to_intake)

    def show_intake(self) -> None:
        self.tabs.setCurrentWidget(self.intake)
        self.intake.search.setFocus()
