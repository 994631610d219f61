"""Tables sorted in Vietnamese order: a cell item whose comparison is ``domain.text.sort_key``.

QTableWidgetItem compares text by code point, which puts "Đăng ký cư trú" after "T". Numbers keep
their numeric order through ``SORT_ROLE`` (set by the page that knows a cell is a number).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from counterdesk.domain.text import sort_key

SORT_ROLE = Qt.ItemDataRole.UserRole + 7


class CollatedItem(QTableWidgetItem):
    """A table cell that sorts by Vietnamese collation (or by its ``SORT_ROLE`` value when set)."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None:
            return bool(mine < theirs)
        return sort_key(self.text()) < sort_key(other.text())


def fill_sorted(table: QTableWidget, rows: list[tuple[CollatedItem, ...]]) -> None:
    """Put ``rows`` in ``table`` and keep the column order the user chose (sorting paused while filling)."""
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, item in enumerate(cells):
            table.setItem(r, c, item)
    table.setSortingEnabled(sorting)
