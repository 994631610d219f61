"""Admin mode: office settings, calendar, catalogue, users, printers, portal."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.admin.calendar_page import CalendarPage
from counterdesk.ui.admin.catalog_page import CatalogPage
from counterdesk.ui.admin.counters_page import CountersPage
from counterdesk.ui.admin.settings_page import SettingsPage
from counterdesk.ui.admin.users_page import UsersPage
from counterdesk.ui.common.base import ModeWindow


class AdminWindow(ModeWindow):
    MODE = "admin"
    MODE_TITLE = "Quản trị"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(store, actor, parent)
        self.tabs = QTabWidget()
        self.settings_page = SettingsPage(store, actor)
        self.tabs.addTab(self.settings_page, "Thiết lập cơ quan")
        self.tabs.addTab(CalendarPage(store, actor), "Lịch làm việc")
        self.catalog_page = CatalogPage(store, actor)
        self.tabs.addTab(self.catalog_page, "Danh mục thủ tục")
        self.users_page = UsersPage(store, actor)
        self.tabs.addTab(self.users_page, "Tài khoản")
        self.counters_page = CountersPage(store, actor)
        self.tabs.addTab(self.counters_page, "Quầy và dãy số")
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
