"""Desk mode: the clerk's main window (queue panel, intake, return of results)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.today import TodayPanel
from counterdesk.ui.desk.intake_form import IntakeForm


class DeskWindow(ModeWindow):
    MODE_TITLE = "Quầy tiếp nhận và trả kết quả"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, actor, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deskTabs")
        self.today = TodayPanel(store)
        self.tabs.addTab(self.today, "Tổng quan hôm nay")
        self.intake = IntakeForm(store, actor)
        self.tabs.addTab(self.intake, "Tiếp nhận hồ sơ (F6)")
        queue_panel = getattr(self, "queue_panel", None)
        if queue_panel is not None:  # the ticket being served is linked to the dossiers taken for it
            queue_panel.serving_started.connect(self.intake.link_ticket)
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
        view = self.menuBar().addMenu("&Xem")
        refresh = QAction("&Làm mới", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.today.refresh)
        view.addAction(refresh)
        to_intake = QAction("&Tiếp nhận hồ sơ", self)
        to_intake.setShortcut(QKeySequence("F6"))
        to_intake.triggered.connect(lambda: (self.tabs.setCurrentWidget(self.intake), self.intake.search.setFocus()))
        view.addAction(to_intake)
