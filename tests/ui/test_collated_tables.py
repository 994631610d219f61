"""Tables a user sorts show Vietnamese order (đ after every d), not code-point order."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counterdesk.domain.text import sort_key
from counterdesk.ui.common.collate import SORT_ROLE
from tests.ui.test_admin_catalog import make_page


def test_catalogue_table_sorts_in_vietnamese_order(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    table = page.table
    names = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert len(names) > 5 and names == sorted(names, key=sort_key)
    firsts = [n[0] for n in names]
    later = [i for i, c in enumerate(firsts) if c in "EGHKLMNOPQRSTUVXY"]
    assert "Đ" in firsts and later  # the bundled catalogue has "Đăng ký…" procedures
    assert max(i for i, c in enumerate(firsts) if c == "Đ") < min(later)  # code-point order put them after T
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    fields = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert fields == sorted(fields, key=sort_key)
    table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # fees by amount, not by their text
    fees = [table.item(r, 4).data(SORT_ROLE) for r in range(table.rowCount())]
    assert fees == sorted(fees, reverse=True)
    page.search_edit.setText("chung thuc")
    page.refresh()  # a refill keeps the order the user chose
    fees = [table.item(r, 4).data(SORT_ROLE) for r in range(table.rowCount())]
    assert fees and fees == sorted(fees, reverse=True)
