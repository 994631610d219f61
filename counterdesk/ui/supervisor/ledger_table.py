"""The pieces both delivery ledgers (portal sync, citizen notices) share: the state filter, the
entry table (refused rows in red) and the selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableWidget, QTableWidgetItem


def state_filter(labels: dict[str, str], on_change: Callable[[], None]) -> QComboBox:
    """"Tất cả" and one choice per state; the current data is the state (None: all)."""
    combo = QComboBox()
    combo.addItem("Tất cả", None)
    for state, label in labels.items():
        combo.addItem(label, state)
    combo.currentIndexChanged.connect(on_change)
    return combo


def entry_table(columns: Sequence[str], on_select: Callable[[], None]) -> QTableWidget:
    """Read-only rows selected whole; the last column (the reason) takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
    table.itemSelectionChanged.connect(on_select)
    return table


def fill(table: QTableWidget, rows: Sequence[tuple[Sequence[str], bool]]) -> None:
    """One table row per (cells, refused); refused rows are shown in dark red."""
    table.setRowCount(len(rows))
    for row, (cells, refused) in enumerate(rows):
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if refused:
                item.setForeground(Qt.GlobalColor.darkRed)
            table.setItem(row, col, item)
    table.resizeColumnsToContents()


def selected(table: QTableWidget, entries: Sequence[Any]) -> list[Any]:
    """The entries behind the selected rows, in table order."""
    rows = sorted({i.row() for i in table.selectedIndexes()})
    return [entries[r] for r in rows if r < len(entries)]
