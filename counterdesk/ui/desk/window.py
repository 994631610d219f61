"""Desk mode: the clerk's main window (queue panel, intake, return of results)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.today import TodayPanel
from counterdesk.ui.desk.intake_form import IntakeForm
from counterdesk.ui.desk.late_panel import LatePanel
from counterdesk.ui.desk.process_panel import ProcessPanel
from counterdesk.ui.desk.return_panel import ReturnPanel


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
        self.return_panel = ReturnPanel(store, actor)
        self.tabs.addTab(self.return_panel, "Trả kết quả (F7)")
        self.process_panel = ProcessPanel(store, actor)
        self.tabs.addTab(self.process_panel, "Luân chuyển hồ sơ")
        self.late_panel = LatePanel(store, actor)
        self.tabs.addTab(self.late_panel, "Hồ sơ trễ hạn")
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
        to_intake.triggered.connect(self.show_intake)
        view.addAction(to_intake)
        to_return = QAction("&Trả kết quả", self)
        to_return.setShortcut(QKeySequence("F7"))
        to_return.triggered.connect(self.show_return_panel)
        view.addAction(to_return)

    def show_intake(self) -> None:
        self.tabs.setCurrentWidget(self.intake)
        self.intake.search.setFocus()

    def show_return_panel(self) -> None:
        self.tabs.setCurrentWidget(self.return_panel)
        self.return_panel.scan.setFocus()
