"""On-screen keypad of the kiosk: a touch screen has no keyboard, and a citizen without the receipt
at hand types the code printed on it. Keys type into the kiosk's own code field (never taking
focus from it, so a scanner still works at any moment)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from counterdesk.ui.common.scaling import Scaler

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM.")
BACKSPACE, CLEAR, SEARCH = "⌫", "Xoá hết", "Tra cứu"
KEY_STYLE = ("QPushButton {background: white; color: #0b3d91; font-size: 30px; font-weight: 700;"
             " border-radius: 10px; padding: 4px;} QPushButton:pressed {background: #ffd54f;}")
WIDE_STYLE = KEY_STYLE.replace("font-size: 30px", "font-size: 26px")
SEARCH_STYLE = WIDE_STYLE.replace("background: white; color: #0b3d91", "background: #ffb300; color: #1a1a1a")


class Keypad(QWidget):
    """Letters, digits, '.', '-' (a dossier code: 000.00.01.H29-261116-0001), erase and search."""

    submitted = Signal()
    touched = Signal()

    def __init__(self, target: QLineEdit, scaler: Scaler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.target = target
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        scaler.layout(grid, (0, 0, 0, 0), 8)
        for row, keys in enumerate(ROWS):
            for column, key in enumerate(keys):
                self._key(grid, scaler, key, key, KEY_STYLE, row, column)
        last = len(ROWS) - 1
        self._key(grid, scaler, BACKSPACE, BACKSPACE, WIDE_STYLE, last, len(ROWS[last]), span=2)
        self._key(grid, scaler, CLEAR, CLEAR, WIDE_STYLE, last + 1, 0, span=4)
        self._key(grid, scaler, SEARCH, SEARCH, SEARCH_STYLE, last + 1, 4, span=6)

    def _key(self, grid: QGridLayout, scaler: Scaler, name: str, text: str, style: str,
             row: int, column: int, span: int = 1) -> None:
        button = QPushButton(text)
        button.setObjectName(f"key_{name}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the code field keeps the focus (and the scanner)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        scaler.minimum(button, 40, 64)
        scaler.maximum_height(button, 120)
        scaler.css(button, style)
        button.clicked.connect(lambda _=False, n=name: self.press(n))
        grid.addWidget(button, row, column, 1, span)
        self.keys[name] = button

    def press(self, name: str) -> None:
        """What a touch on key ``name`` does to the code field."""
        self.touched.emit()
        if name == SEARCH:
            self.submitted.emit()
        elif name == CLEAR:
            self.target.clear()
        elif name == BACKSPACE:
            self.target.backspace()
        else:
            self.target.insert(name)
        self.target.setFocus()
