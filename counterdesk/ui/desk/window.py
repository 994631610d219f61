"""Desk mode: the clerk's main window (queue panel, intake, return of results).

Only the queue panel, the tab in view at start-up, is built with the window; the other pages
(and their modules: forms, PDF preview, printing) are built the first time they are shown or
used, which keeps the cold start well under the 2 s target (bench/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton, QTabWidget, QWidget

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.lazy_page import LazyPage
from counterdesk.ui.common.scan_router import CardScanRouter
from counterdesk.ui.desk.queue_panel import QueuePanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from counterdesk.services.queue import TicketInfo
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
        self.queue_panel = QueuePanel(store, actor)
        self.tabs.addTab(self.queue_panel, "Gọi số (F5)")
        self.queue_panel.install_shortcuts(self)
        # the last return-line ticket called here, for a return page built after the call
        self._return_ticket: object = None
        self.queue_panel.ticket_changed.connect(self._remember_return_ticket)
        self._today_page = self._add_page(self._build_today, "Tổng quan hôm nay")
        self._intake_page = self._add_page(self._build_intake, "Tiếp nhận hồ sơ (F2)")
        self._return_page = self._add_page(self._build_return_panel, "Trả kết quả (F3)")
        self._process_page = self._add_page(self._build_process_panel, "Luân chuyển hồ sơ")
        self._late_page = self._add_page(self._build_late_panel, "Hồ sơ trễ hạn")
        self.setCentralWidget(self.tabs)
        self.add_standard_menus()
        view = self.menuBar().addMenu("&Xem")
        refresh = QAction("&Làm mới", self)
        refresh.setShortcut(QKeySequence("Ctrl+R"))  # F5 is "call next" (queue panel)
        refresh.triggered.connect(self.refresh_today)
        view.addAction(refresh)
        to_intake = QAction("&Tiếp nhận hồ sơ", self)
        to_intake.setShortcut(QKeySequence("F2"))
        to_intake.triggered.connect(self.show_intake)
        view.addAction(to_intake)
        to_return = QAction("&Trả kết quả", self)
        to_return.setShortcut(QKeySequence("F3"))  # F5–F9 belong to the queue panel, F2 to intake
        to_return.triggered.connect(self.show_return_panel)
        view.addAction(to_return)
        find = QAction("Tìm &hồ sơ theo tên, số định danh…", self)
        find.setShortcut(QKeySequence("Ctrl+Shift+F"))  # Ctrl+F searches procedures on the intake form
        find.triggered.connect(self.find_dossier)
        view.addAction(find)
        # a chip ID card scanned into any field goes to the intake form
        self.scan_router = CardScanRouter(self)
        self.scan_router.card_scanned.connect(self.route_card)
        # quitting with a ticket at the counter asks first (may_close)
        self.quit_box: QMessageBox | None = None
        self.quit_buttons: dict[str, QPushButton] = {}
        self._quit_settled = False

    def _add_page(self, build: Callable[[], QWidget], title: str) -> LazyPage:
        page = LazyPage(build)
        self.tabs.addTab(page, title)
        return page

    # ---------------------------------------------------------------- pages, built on first use

    @property
    def today(self) -> TodayPanel:
        return cast("TodayPanel", self._today_page.content())

    @property
    def intake(self) -> IntakeForm:
        return cast("IntakeForm", self._intake_page.content())

    @property
    def return_panel(self) -> ReturnPanel:
        return cast("ReturnPanel", self._return_page.content())

    @property
    def process_panel(self) -> ProcessPanel:
        return cast("ProcessPanel", self._process_page.content())

    @property
    def late_panel(self) -> LatePanel:
        return cast("LatePanel", self._late_page.content())

    def _build_today(self) -> QWidget:
        from counterdesk.ui.common.today import TodayPanel

        return TodayPanel(self.store)

    def _build_intake(self) -> QWidget:
        from counterdesk.ui.desk.intake_form import IntakeForm

        form = IntakeForm(self.store, self.actor)
        # the ticket being served is linked to the dossiers taken for it
        form.follow_ticket(self.queue_panel.current)
        self.queue_panel.serving_started.connect(form.link_ticket)
        self.queue_panel.ticket_changed.connect(form.follow_ticket)
        return form

    def _build_return_panel(self) -> QWidget:
        from counterdesk.ui.desk.return_panel import ReturnPanel

        panel = ReturnPanel(self.store, self.actor)
        panel.follow_ticket(self._return_ticket)
        self.queue_panel.ticket_changed.connect(panel.follow_ticket)
        return panel

    def _build_process_panel(self) -> QWidget:
        from counterdesk.ui.desk.process_panel import ProcessPanel

        return ProcessPanel(self.store, self.actor)

    def _build_late_panel(self) -> QWidget:
        from counterdesk.ui.desk.late_panel import LatePanel

        return LatePanel(self.store, self.actor)

    def find_dossier(self) -> None:
        """Find a dossier without its receipt and open it where it can be handed over, paid or resumed."""
        self.tabs.setCurrentWidget(self._process_page)
        self.process_panel.find_dossier()

    def _remember_return_ticket(self, info: object) -> None:
        if getattr(info, "dossier_code", None) and getattr(info, "state", "") in ts.ACTIVE:
            self._return_ticket = info

    # ---------------------------------------------------------------- actions

    def refresh_today(self) -> None:
        """Ctrl+R: today's figures again (a page not built yet reads them when first shown)."""
        if self._today_page.is_built:
            self.today.refresh()

    def show_intake(self) -> None:
        """F2: the intake tab, cursor in the procedure search."""
        self.tabs.setCurrentWidget(self._intake_page)
        self.intake.search.setFocus()

    def route_card(self, text: str) -> None:
        """A card scanned anywhere in the window fills the applicant on the intake tab."""
        self.tabs.setCurrentWidget(self._intake_page)
        self.intake.scan_card_text(text)

    def may_close(self) -> bool:
        """Never leave a ticket called or served here dangling: ask to finish it or put it back in the queue.

        The question is a window-modal box opened without a nested event loop; the answer closes
        the window itself once the ticket is settled.
        """
        if self._quit_settled:
            return True
        self.queue_panel.refresh()
        ticket = self.queue_panel.current
        if ticket is None or ticket.state not in ("called", "serving"):
            return True
        self._ask_before_quit(ticket)
        return False

    def _ask_before_quit(self, ticket: TicketInfo) -> None:
        if self.quit_box is not None and self.quit_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Thoát chương trình",
                          f"Số {ticket.number} ({ticket.state_name.lower()}) vẫn đang ở quầy này.\n"
                          "Kết thúc phục vụ số này, hay trả số về hàng đợi để quầy khác gọi?", parent=self)
        box.setObjectName("quitBox")
        self.quit_buttons = {
            "finish": box.addButton(f"Kết thúc số {ticket.number}", QMessageBox.ButtonRole.AcceptRole),
            "requeue": box.addButton("Trả về hàng đợi", QMessageBox.ButtonRole.DestructiveRole),
            "stay": box.addButton("Không thoát", QMessageBox.ButtonRole.RejectRole),
        }
        box.setDefaultButton(self.quit_buttons["stay"])
        box.setEscapeButton(self.quit_buttons["stay"])
        box.buttonClicked.connect(self._quit_answered)
        self.quit_box = box
        box.open()

    def _quit_answered(self, button: object) -> None:
        choice = next((k for k, b in self.quit_buttons.items() if b is button), "stay")
        if choice == "finish":
            settled = self.queue_panel.finish() is not None
        elif choice == "requeue":
            settled = self.queue_panel.return_to_queue() is not None
        else:
            return
        if settled:
            self._quit_settled = True
            self.close()

    def show_return_panel(self) -> None:
        """F3: the return tab, cursor in the scan box."""
        self.tabs.setCurrentWidget(self._return_page)
        self.return_panel.scan.setFocus()
