from __future__ import annotations

from counterdesk import __version__
from counterdesk.domain.roles import SUPERVISOR, Actor
from counterdesk.store import migrate


def test_about_box_shows_versions_and_schema(qtbot, sqlite_store) -> None:
    from counterdesk.ui.supervisor.window import SupervisorWindow

    window = SupervisorWindow(sqlite_store, Actor(user_id=None, username="t", role=SUPERVISOR))
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Trợ &giúp")
    about = next(a for a in help_menu.actions() if a.text() == "&Giới thiệu")
    about.trigger()
    box = window.findChild(object, "aboutBox")
    assert box is not None
    text = box.text()
    assert f"CounterDesk: {__version__}" in text
    assert f"Lược đồ CSDL đang mở: {migrate.head_revision()}" in text
    assert "Qt" in text and "Python" in text
    box.close()
