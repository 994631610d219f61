"""Tìm hồ sơ: one box for a citizen who came back without the receipt (staff screens only).

Code, receipt QR, ID-card number, phone or name (no accents needed, any word order); newest first.
The chosen dossier's code goes back to the panel that asked (return, process, supervisor); the
selected dossier's scans can be opened in the viewer from here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import search
from counterdesk.store.uow import Store
from counterdesk.ui.common.scan_list import ScanList

HEADERS = ("Mã hồ sơ", "Ngày nhận", "Người nộp", "Số định danh", "Thủ tục", "Trạng thái")


class DossierSearchDialog(QDialog):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.chosen_code = ""
        self.setWindowTitle("Tìm hồ sơ")
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        self.box = QLineEdit(text)
        self.box.setObjectName("dossierSearchBox")
        self.box.setMaxLength(search.MAX_QUERY)
        self.box.setPlaceholderText("Mã hồ sơ, họ tên (không dấu cũng được), số định danh, số điện thoại — Enter")
        self.box.setStyleSheet("font-size: 16px; padding: 5px;")
        self.box.returnPressed.connect(self.run)
        layout.addWidget(self.box)
        self.message = QLabel("")
        self.message.setObjectName("dossierSearchMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("dossierSearchTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.choose())
        layout.addWidget(self.table, 1)
        self.scans = ScanList(store, compact=True)  # the chosen dossier's scans, opened in the viewer
        self.table.currentCellChanged.connect(lambda row, *_: self._show_scans(row))
        layout.addWidget(self.scans)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Open).setText("Mở hồ sơ")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if text:
            self.run()

    def run(self) -> None:
        try:
            result = search.find_dossiers(self.store, self.box.text(), self.actor)
        except DomainError as exc:
            self.message.setText(str(exc))
            self.table.setRowCount(0)
            return
        self.table.setRowCount(len(result.items))
        for row, f in enumerate(result.items):
            values = (f.code, f"{f.received_at:%d/%m/%Y %H:%M}", f.applicant_name, f.id_number, f.procedure_name,
                      f.status_name)
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.message.setText(result.message)
        if result.items:
            self.table.selectRow(0)
            self.table.setFocus()

    def _show_scans(self, row: int) -> None:
        item = self.table.item(row, 0)
        self.scans.show_code(item.text() if item is not None else "")

    def choose(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            self.message.setText("Chọn một hồ sơ trong danh sách.")
            return
        self.chosen_code = item.text()
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on the list opens the dossier (the search box keeps its own Enter: search)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.box.hasFocus():
            self.choose()
            return
        super().keyPressEvent(event)


def ask_code(store: Store, actor: Actor, parent: QWidget | None = None, text: str = "") -> str:
    """Open the search, return the chosen dossier's code ("" when closed without one)."""
    dialog = DossierSearchDialog(store, actor, parent, text)
    return dialog.chosen_code if dialog.exec() == QDialog.DialogCode.Accepted else ""
