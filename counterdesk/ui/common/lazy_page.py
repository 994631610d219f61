"""A tab page built the first time it is shown: start-up pays only for the tab in view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds the place of a page in a QTabWidget and builds it on first show or first use."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._content is not None

    def content(self) -> QWidget:
        """The page itself, built now if it was not yet."""
        if self._content is None:
            self._content = self._build()
            self._layout.addWidget(self._content)
            self._content.show()  # now, not at the next event-loop turn: it is being shown
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
