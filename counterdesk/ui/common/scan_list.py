"""A dossier's scans as a short table with "Xem bản số hoá": the desk's process and return panels
and the supervisor's page open any stored scan in the viewer (scan_viewer.py) from here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.services import attachments
from counterdesk.store.uow import Store
from counterdesk.ui.common.scan_viewer import open_scan

KINDS = {attachments.COMPONENT: "Thành phần", attachments.RESULT: "Kết quả"}


def home_of(widget: QWidget) -> Path:
    """The data directory: the one the window was started with (ui/app.run), else the default."""
    home = getattr(widget.window(), "home", None)
    if isinstance(home, Path):
        return home
    from counterdesk.paths import data_home

    return data_home()


class ScanList(QWidget):
    """The scans of the dossier shown (``show_code``); opening one reads it off the GUI thread."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, max_rows: int = 4,
                 compact: bool = False) -> None:
        """``compact``: one line (a drop-down of the scans) for a page without room for a table."""
        super().__init__(parent)
        self.compact = compact
        self.store = store
        self.code = ""
        self.views: list[attachments.AttachmentView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("scanTable")
        self.table.setHorizontalHeaderLabels(["Giấy tờ đã số hoá", "Loại", "Số trang", "Ngày số hoá"])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(32 + 26 * max_rows)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        layout.addWidget(self.table)
        if compact:
            self.table.hide()
        self.choice = QComboBox()
        self.choice.setObjectName("scanChoice")
        if not compact:
            self.choice.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.choice, 2)
        self.view_button = QPushButton("Xem bản số hoá")
        self.view_button.setObjectName("viewScan")
        self.view_button.clicked.connect(lambda: self.open_row(self.current_row()))
        bar.addWidget(self.view_button)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        bar.addWidget(self.message, 1)
        layout.addLayout(bar)
        self.show_code("")

    def show_code(self, code: str) -> None:
        self.code = code
        try:
            self.views = attachments.list_files(self.store, code) if code else []
        except DomainError as exc:
            self.views = []
            self.message.setText(exc.message)
        self.table.setRowCount(len(self.views))
        for r, v in enumerate(self.views):
            values = (v.document_name, KINDS.get(v.kind, v.kind), str(v.pages), f"{to_vn(v.created_at):%d/%m/%Y %H:%M}")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.choice.clear()
        for v in self.views:
            self.choice.addItem(f"{v.document_name} — {v.pages} trang ({KINDS.get(v.kind, v.kind).lower()})")
        if self.views:
            self.table.setCurrentCell(0, 0)
        self.view_button.setEnabled(bool(self.views))
        if code and not self.views:
            self.message.setText("Hồ sơ chưa có bản số hoá nào.")
        elif self.views:
            self.message.setText("")

    def current_row(self) -> int:
        return self.choice.currentIndex() if self.compact else self.table.currentRow()

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.views):
            return
        view = self.views[row]
        self.message.setText("Đang mở bản số hoá…")
        open_scan(self, self.store, home_of(self), view.id, f"{view.document_name} — {view.dossier_code}",
                  on_failed=self._failed, on_shown=lambda _viewer: self.message.setText(""))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(exc.message if isinstance(exc, DomainError) else "Không mở được bản số hoá.")
