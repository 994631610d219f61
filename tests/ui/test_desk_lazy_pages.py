"""The desk window builds only the queue panel at start; other tabs come up intact when first shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.services import queue, returns
from counterdesk.store.uow import Store
from counterdesk.ui.common.lazy_page import LazyPage
from counterdesk.ui.desk.window import DeskWindow
from tests.factories import open_all_hours
from tests.ui.test_intake_form import clerk
from tests.ui.test_return_and_late_panels import _ready

TITLES = ["Gọi số (F5)", "Tổng quan hôm nay", "Tiếp nhận hồ sơ (F2)", "Trả kết quả (F3)", "Luân chuyển hồ sơ",
          "Hồ sơ trễ hạn"]


def _window(qtbot: Any, store: Store) -> DeskWindow:
    win = DeskWindow(store, clerk(store))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_only_the_visible_tab_is_built_and_each_tab_builds_when_shown(qtbot: Any, sqlite_store: Store) -> None:
    win = _window(qtbot, sqlite_store)
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == TITLES
    pages = [win.tabs.widget(i) for i in range(1, win.tabs.count())]
    assert all(isinstance(p, LazyPage) and not p.is_built for p in pages)
    win.refresh_today()  # Ctrl+R before the overview was ever shown: nothing to refresh yet
    assert not pages[0].is_built
    for index, page in enumerate(pages, start=1):
        win.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert isinstance(page, LazyPage) and page.is_built
        content = page.content()
        assert content.isVisible() and content.geometry() == page.rect()  # fills the tab as before
    assert "ngày" in win.today.title.text()  # the overview read the day when it was built
    assert win.late_panel.table.columnCount() == 7


def test_f2_and_f3_build_and_focus_their_pages(qtbot: Any, sqlite_store: Store) -> None:
    win = _window(qtbot, sqlite_store)
    win.activateWindow()
    qtbot.waitActive(win)
    qtbot.wait(50)  # let activation settle before typing, as a person would
    qtbot.keyClick(win, Qt.Key.Key_F2)
    QApplication.processEvents()
    assert win.tabs.currentIndex() == 2 and win.intake.search.hasFocus()
    qtbot.keyClick(win, Qt.Key.Key_F3)
    QApplication.processEvents()
    assert win.tabs.currentIndex() == 3 and win.return_panel.scan.hasFocus()


def test_pages_built_late_pick_up_the_ticket_at_the_counter(qtbot: Any, sqlite_store: Store) -> None:
    open_all_hours(sqlite_store)  # issued and called at wall-clock time
    code = _ready(sqlite_store)
    returns.issue_return_ticket(sqlite_store, code)
    served = queue.issue_ticket(sqlite_store, SYSTEM_ACTOR, "A")
    win = _window(qtbot, sqlite_store)
    assert win.queue_panel.call_next() is not None  # the return ticket (R) is called here
    assert win.queue_panel.finish() is not None
    assert win.queue_panel.call_next() is not None and win.queue_panel.start_serving() is not None
    # neither page existed during the calls: the intake form links the ticket being served, the
    # return page shows the dossier of the return ticket called earlier
    assert win.intake.ticket_id == served.ticket.id and win.intake.ticket_badge.text().endswith(served.ticket.number)
    assert win.return_panel.state is not None and win.return_panel.state.code == code


def test_desk_start_up_leaves_the_heavy_modules_for_later(tmp_path: Path) -> None:
    """Guards the cold-start budget (bench_startup) without timing: what start-up must not import."""
    heavy = ("alembic", "httpx", "tenacity", "reportlab", "PIL", "barcode", "escpos",
             "counterdesk.services.sync_admin", "counterdesk.ui.desk.intake_form")
    code = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.services.setup import open_store
from counterdesk.ui.app import build_window
from counterdesk.ui.common.login import LoginDialog
store = open_store(None, Path({str(tmp_path)!r}))
LoginDialog(store, "desk").show()
build_window("desk", store, Actor(user_id=3, username="canbo1", role=CLERK)).show()
app.processEvents()
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""
    def start() -> str:
        return subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2], capture_output=True,
                              text=True, check=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).stdout
    start()  # the first run creates the store (migrating it loads alembic); later starts are the cold starts
    assert start().strip() == ""
