"""Route a chip ID card scan to the intake form wherever the keyboard focus is.

A scanner is a keyboard: it types the card's QR text into whatever has focus and ends with Enter.
The card's shape (``cccd_qr.looks_like_card``: 12 digits then '|', the same test the scan boxes
use) is known after 13 keys, long before Enter. From then on the router swallows the keys, puts
back what the 12 digits changed in the focused field, and hands the whole text over on Enter.
No timing is involved, so a clerk typing a 12-digit ID number by hand is never taken for a scan
(nobody types '|' after it).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget

from counterdesk.domain.cccd_qr import MAX_LEN, looks_like_card

_PREFIX = re.compile(r"\d{0,12}")  # what a scan can have typed before its shape is certain
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _snapshot(widget: QWidget | None) -> object:
    """What the first digits of a scan may change in ``widget``, to put it back."""
    if isinstance(widget, QLineEdit):
        return widget.text(), widget.cursorPosition()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


def _restore(widget: QWidget | None, saved: object) -> None:
    if saved is None or widget is None:
        return
    if isinstance(widget, QLineEdit) and isinstance(saved, tuple):
        widget.setText(str(saved[0]))
        widget.setCursorPosition(int(saved[1]))
    elif isinstance(widget, QAbstractSpinBox) and isinstance(saved, str):
        line = widget.findChild(QLineEdit)
        if line is not None:
            line.setText(saved)
        widget.interpretText()
    elif isinstance(widget, QComboBox) and isinstance(saved, int):
        widget.setCurrentIndex(saved)
    elif isinstance(widget, QAbstractButton) and isinstance(saved, bool):
        widget.setChecked(saved)


class CardScanRouter(QObject):
    """Application event filter for one window: ``card_scanned(text)`` when a whole card was typed."""

    card_scanned = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self._typed = ""
        self._capturing = False
        self._widget: QWidget | None = None
        self._saved: object = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _reset(self) -> None:
        self._typed, self._capturing, self._widget, self._saved = "", False, None, None

    def _in_window(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self.window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or not self._in_window(watched):
            return False
        if watched is not QApplication.focusWidget() and QApplication.focusWidget() is not None:
            return False  # the same key is offered to each parent: look at it once, at the focus
        return self.key(event)

    def key(self, event: QKeyEvent) -> bool:
        """True when the key belongs to a scan (swallowed); False lets it through."""
        text = event.text()
        if self._capturing:
            if event.key() in _ENTER:
                scanned = self._typed
                self._reset()
                self.card_scanned.emit(scanned)
            elif text and text.isprintable() and len(self._typed) < MAX_LEN:
                self._typed += text
            return True
        if not text or not text.isprintable() or event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            self._reset()
            return False
        typed = self._typed + text
        if not self._typed or QApplication.focusWidget() is not self._widget:
            typed = text
            self._widget = QApplication.focusWidget()
            self._saved = _snapshot(self._widget)
        if looks_like_card(typed):
            _restore(self._widget, self._saved)
            self._typed, self._capturing = typed, True
            return True
        self._typed = typed if _PREFIX.fullmatch(typed) else ""
        return False
