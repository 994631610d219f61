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
from counterdesk.ui.desk.queue_panel import QueuePanel
from counterdesk.ui.desk.return_panel import ReturnPanel


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
        # the ticket being served is linked to the dossiers taken for it
        self.queue_panel.serving_started.connect(self.intake.link_ticket)
        self.queue_panel.ticket_changed.connect(self.intake.follow_ticket)
        self.return_panel = ReturnPanel(store, actor)
        self.tabs.addTab(self.return_panel, "Trả kết quả (F3)")
        self.queue_panel.ticket_changed.connect(self.return_panel.follow_ticket)
        self.process_panel = ProcessPanel(store, actor)
        self.tabs.addTab(self.process_panel, "Luân chuyển hồ sơ")
        self.late_panel = LatePanel(store, actor)
        self.tabs.addTab(self.late_panel, "Hồ sơ trễ hạn")
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
        view = self.menuBar().addMenu("&Xem")
        refresh = QAction("&Làm mới", self)
        refresh.setShortcut(QKeySequence("Ctrl+R"))  # F5 is "call next" (queue panel)
        refresh.triggered.connect(self.today.refresh)
        view.addAction(refresh)
        to_intake = QAction("&Tiếp nhận hồ sơ", self)
        to_intake.setShortcut(QKeySequence("F2"))
        to_intake.triggered.connect(self.show_intake)
        view.addAction(to_intake)
        to_return = QAction("&Trả kết quả", self)
        to_return.setShortcut(QKeySequence("F3"))  # F5–F9 belong to the queue panel, F2 to intake
        to_return.triggered.connect(self.show_return_panel)
        view.addAction(to_return)

    def show_intake(self) -> None:
        """F2: the intake tab, cursor in the procedure search."""
        self.tabs.setCurrentWidget(self.intake)
        self.intake.search.setFocus()

    def show_return_panel(self) -> None:
        """F3: the return tab, cursor in the scan box."""
        self.tabs.setCurrentWidget(self.return_panel)
        self.return_panel.scan.setFocus()
