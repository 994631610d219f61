"""Admin: the procedure catalogue — search it as clerks do (with or without diacritics) and import a CSV.

The import runs off the GUI thread. services.catalog checks every row before writing anything: a file
with a bad row changes nothing, and its bad rows are listed here by line number.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import catalog, intake
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.collate import SORT_ROLE, CollatedItem, fill_sorted

COLUMNS = ("Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn", "Phí", "Cơ quan giải quyết")
LIMIT = 500  # more than a commune's catalogue; beyond it the admin narrows the search
SEARCH_DELAY_MS = 250


def fee_text(fee: int) -> str:
    """12000 → "12.000 đ" (Vietnamese thousands separator)."""
    return f"{fee:,} đ".replace(",", ".")


class CatalogPage(QWidget):
    """Searchable table of procedures and the CSV import."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.jobs = BackgroundJobs(self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)
        tools = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("catalogSearch")
        self.search_edit.setPlaceholderText("Tìm theo tên hoặc mã thủ tục — gõ có dấu hay không dấu đều được")
        self.search_edit.setClearButtonEnabled(True)
        self.import_button = QPushButton("&Nhập danh mục từ tệp CSV…")
        self.import_button.setToolTip("Tệp cùng dạng với danh mục mẫu: mỗi dòng một thủ tục; "
                                      "thủ tục đã có (cùng mã) được cập nhật")
        self.can_import = actor.role in ("admin", "system")  # the service checks; the button mirrors it
        self.import_button.setEnabled(self.can_import)
        search_label = QLabel("&Tìm:")
        search_label.setBuddy(self.search_edit)
        tools.addWidget(search_label)
        tools.addWidget(self.search_edit, 1)
        tools.addSpacing(12)
        self.edit_button = QPushButton("&Sửa thủ tục…")
        self.edit_button.setToolTip("Giấy tờ, thời hạn, quy tắc phí, lĩnh vực, dãy số của thủ tục đang chọn")
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button = QPushButton("Thêm thủ tục…")
        self.new_button.clicked.connect(lambda: self.edit_procedure(""))
        for b in (self.edit_button, self.new_button):
            b.setEnabled(self.can_import)
            tools.addWidget(b)
        tools.addWidget(self.import_button)
        outer.addLayout(tools)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)  # Vietnamese order (CollatedItem); by name until a header is clicked
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # a long name is elided, whole in its tooltip
        outer.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.count_label.setObjectName("catalogCount")
        self.message = QLabel()
        self.message.setObjectName("catalogMessage")
        self.message.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("catalogProblems")
        self.problems.setMaximumHeight(140)
        self.problems.setVisible(False)
        outer.addWidget(self.count_label)
        outer.addWidget(self.message)
        outer.addWidget(self.problems)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.import_button.clicked.connect(self._choose_import)
        self.refresh()

    # ----- table -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show what the search box matches (everything when it is empty)."""
        self._search_timer.stop()
        found = catalog.search(self.store, self.search_edit.text(), limit=LIMIT)
        rows = []
        for p in found:
            cells = (p.code, p.name, p.field_name, intake.duration_text(p.duration, p.unit), fee_text(p.fee),
                     p.handling_unit)
            items = []
            for col, text in enumerate(cells):
                item = CollatedItem(text)
                item.setToolTip(p.fee_note if col == 4 and p.fee_note else text)
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setData(SORT_ROLE, p.fee)
                items.append(item)
            rows.append(tuple(items))
        fill_sorted(self.table, rows)
        if len(found) >= LIMIT:
            self.count_label.setText(f"Hiển thị {LIMIT} thủ tục đầu tiên — gõ thêm để thu hẹp.")
        elif self.search_edit.text().strip():
            self.count_label.setText(f"{len(found)} thủ tục khớp với «{self.search_edit.text().strip()}».")
        else:
            self.count_label.setText(f"Danh mục có {len(found)} thủ tục đang áp dụng.")

    def edit_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            self._say("Chọn một thủ tục trong bảng để sửa.", error=True)
            return
        self.edit_procedure(item.text())

    def edit_procedure(self, code: str) -> None:
        """The edit form, checked like an import; the table shows the change when saved."""
        from counterdesk.ui.admin.procedure_dialog import ProcedureDialog

        try:
            dialog = ProcedureDialog(self.store, self.actor, code, self)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self._say(f"Đã lưu thủ tục {dialog.saved['code']}.")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b3261e;" if error else "color:#1e6b34;")
        self.message.setText(text)

    # ----- import ------------------------------------------------------------------------------

    def _choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Nhập danh mục thủ tục", "", "Tệp CSV (*.csv);;Mọi tệp (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Start the import in the background; the result arrives in _imported or _import_failed."""
        self.import_button.setEnabled(False)
        self.problems.clear()
        self.problems.setVisible(False)
        self._say(f"Đang kiểm tra và nhập tệp {path.name}…")
        self.jobs.start(catalog.import_file, self.store, path, self.actor,
                        on_done=lambda result: self._imported(path, result), on_failed=self._import_failed)

    def _imported(self, path: Path, result: tuple[int, int]) -> None:
        added, updated = result
        self.import_button.setEnabled(self.can_import)
        self.refresh()
        self._say(f"Đã nhập tệp {path.name}: đã thêm {added}, cập nhật {updated} thủ tục.")

    def _import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(self.can_import)
        if isinstance(exc, catalog.BadRows):
            self._say(f"Tệp có {len(exc.problems)} dòng lỗi nên chưa nhập gì; danh mục giữ nguyên. "
                      "Sửa các dòng sau rồi nhập lại:", error=True)
            self.problems.addItems([f"Dòng {line}: {why}" for line, why in exc.problems])
            self.problems.setVisible(True)
        elif isinstance(exc, DomainError):
            self._say(f"{exc.message} Danh mục giữ nguyên.", error=True)
        else:
            self._say(f"Không nhập được danh mục ({exc.__class__.__name__}); danh mục giữ nguyên.", error=True)
