"""Desk, supervisor and admin windows lay out on the screens offices have: every tab at 1280×720,
1366×768 and 1920×1080 keeps its controls inside the window (scrolling forms scroll, nothing is cut)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from counterdesk.domain.roles import Actor
from counterdesk.models import User
from counterdesk.store.uow import Store
from counterdesk.ui.app import build_window
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.lazy_page import LazyPage

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
USERS = {"desk": "canbo1", "supervisor": "lanhdao", "admin": "admin"}
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def _actor(store: Store, username: str) -> Actor:
    with store.read() as s:
        u = s.scalars(select(User).where(User.username == username)).one()
        return Actor(u.id, u.username, u.role, u.counter_id)


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport (a form that scrolls): its own place is not on screen by design."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def outside(window: QWidget, page: QWidget) -> list[str]:
    """Visible controls of ``page`` that stick out of the window."""
    frame = window.rect()
    found = []
    for w in page.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible() or _scrolled(w, window):
            continue
        if isinstance(w.parentWidget(), QAbstractItemView | QComboBox):
            continue  # a view's own scroll bar buttons and editors
        box = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if not frame.contains(box):
            label = getattr(w, "text", lambda: "")() if hasattr(w, "text") else ""
            found.append(f"{type(w).__name__} {w.objectName()!r} {label!r} at {box.getRect()}")
    return found


@pytest.mark.parametrize("mode", sorted(USERS))
def test_every_tab_fits_each_office_screen(qtbot: Any, sqlite_store: Store, mode: str) -> None:
    window = build_window(mode, sqlite_store, _actor(sqlite_store, USERS[mode]))
    qtbot.addWidget(window)
    window.show()
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    for width, height in SIZES:
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height - 40  # title bar and taskbar too
        window.resize(width, height)
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            page = tabs.widget(index)
            if isinstance(page, LazyPage):
                page = page.content()
            assert page.isVisible()
            assert outside(window, page) == [], f"{mode} {width}×{height} «{tabs.tabText(index)}»"
        assert outside(window, window.statusBar()) == []


def test_the_essential_desk_controls_are_on_screen_at_720p(qtbot: Any, sqlite_store: Store) -> None:
    window = build_window("desk", sqlite_store, _actor(sqlite_store, "canbo1"))
    qtbot.addWidget(window)
    window.show()
    window.resize(1280, 720)
    window.show_intake()
    QApplication.processEvents()
    form = window.intake
    frame = window.rect()
    for w in (form.search, form.card, form.name, form.phone, form.accept_button, form.reprint_button,
              form.supplement_button, form.refuse_button):
        assert w.isVisible() and frame.contains(QRect(w.mapTo(window, QPoint(0, 0)), w.size())), w.objectName()


def test_a_window_larger_than_the_screen_starts_maximized(qtbot: Any, sqlite_store: Store) -> None:
    window = build_window("admin", sqlite_store, _actor(sqlite_store, "admin"))
    qtbot.addWidget(window)
    assert isinstance(window, ModeWindow)
    screen = window.screen().availableGeometry()
    window.resize(screen.width() + 100, screen.height() + 100)
    window.show_fitted()
    assert window.isMaximized()
