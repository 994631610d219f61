"""Supervisor mode: the day at a glance, daily log, statistics with charts, day close."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.today import TodayPanel
from counterdesk.ui.desk.late_panel import LatePanel
from counterdesk.ui.supervisor.notice_ledger import NoticeLedger
from counterdesk.ui.supervisor.panels import DailyLogPanel, DayClosePanel, StatisticsPanel
from counterdesk.ui.supervisor.scans_page import ScansPage
from counterdesk.ui.supervisor.scorecard_panel import ScorecardPanel

REFRESH_MS = 30_000


class SupervisorWindow(ModeWindow):
    MODE = "supervisor"
    MODE_TITLE = "Lãnh đạo / phụ trách"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, actor, parent)
        self.tabs = QTabWidget()
        self.today = TodayPanel(store)
        self.daily_log = DailyLogPanel(store)
        self.statistics = StatisticsPanel(store)
        self.day_close = DayClosePanel(store, actor)
        self.tabs.addTab(self.today, "Tổng quan hôm nay")
        self.tabs.addTab(self.statistics, "Thống kê theo kỳ")
        self.scorecard = ScorecardPanel(store)
        self.tabs.addTab(self.scorecard, "Chỉ số 766")
        self.tabs.addTab(self.daily_log, "Sổ theo dõi hồ sơ")
        self.late_panel = LatePanel(store, actor)  # supervisors sign the apologies (Mẫu 04)
        self.tabs.addTab(self.late_panel, "Hồ sơ trễ hạn")
        self.tabs.addTab(self.day_close, "Chốt sổ cuối ngày")
        self.notices = NoticeLedger(store, actor)
        self.tabs.addTab(self.notices, "Tin nhắn công dân")
        self.scans = ScansPage(store, actor)
        self.tabs.addTab(self.scans, "Xem bản số hoá")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.today.refresh)
        self._timer.start(REFRESH_MS)

    def _tab_changed(self, index: int) -> None:
        """Statistics for the current month are computed the first time the tab is opened."""
        if self.tabs.widget(index) is self.statistics and self.statistics.report is None and not self.statistics.job.running:
            self.statistics.run()
        elif self.tabs.widget(index) is self.today:
            self.today.refresh()
        elif self.tabs.widget(index) is self.notices:
            self.notices.refresh()
