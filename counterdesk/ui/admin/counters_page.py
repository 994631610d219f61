"""Admin: "Quầy và dãy số" — add, rename and retire counters and service lines, and choose which
lines each counter calls from.

Thin over services.counters, which validates and audits; its refusal names the field it is about
(``DomainError.field``) and is shown in red under that field, nothing else changing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import counters
from counterdesk.store.uow import Store

COUNTER_COLUMNS = ("Số", "Tên quầy", "Trạng thái", "Gọi các dãy")
LINE_COLUMNS = ("Mã", "Lĩnh vực", "Số", "Tối đa/ngày", "Trạng thái", "Các quầy gọi")
ERROR_STYLE = "color: #b3261e;"


def _table(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    for col in range(len(columns)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class _Form:
    """Fields of one form, each with the red line that shows a refusal about it."""

    def __init__(self, layout: QFormLayout) -> None:
        self.layout = layout
        self.errors: dict[str, QLabel] = {}

    def add(self, label: str, field: str, widget: QWidget) -> None:
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.layout.addRow(label, box)
        self.errors[field] = error

    def clear(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()

    def show(self, exc: DomainError) -> bool:
        """Show the refusal under its field; False when it is about no field of this form."""
        error = self.errors.get(exc.field or "")
        if error is None:
            return False
        error.setText(exc.message)
        error.show()
        return True


class CountersPage(QWidget):
    """Counters on the left, service lines on the right, each with its form and actions."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        self.message = QLabel()
        self.message.setObjectName("countersMessage")
        self.message.setWordWrap(True)
        columns = QHBoxLayout()
        columns.addWidget(self._counter_box(), 2)
        columns.addWidget(self._line_box(), 3)
        outer.addLayout(columns, 1)
        outer.addWidget(self.message)
        self.reload()

    # ----- building ---------------------------------------------------------------------------

    def _counter_box(self) -> QGroupBox:
        box = QGroupBox("Quầy giao dịch")
        layout = QVBoxLayout(box)
        self.counter_table = _table(COUNTER_COLUMNS)
        self.counter_table.itemSelectionChanged.connect(self._counter_chosen)
        layout.addWidget(self.counter_table, 1)
        form = QFormLayout()
        self.counter_form = _Form(form)
        self.counter_number = QSpinBox()
        self.counter_number.setRange(1, counters.MAX_COUNTER)
        self.counter_name = QLineEdit()
        self.counter_name.setMaxLength(100)
        self.counter_name.setPlaceholderText("Mặc định: Quầy N")
        self.counter_form.add("Số quầy", "number", self.counter_number)
        self.counter_form.add("Tên quầy", "name", self.counter_name)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_counter_button = QPushButton("Thêm quầy")
        self.rename_counter_button = QPushButton("Đổi tên quầy")
        self.retire_counter_button = QPushButton("Ngừng quầy")
        self.retire_counter_button.setToolTip("Quầy ngừng không gọi số được nữa; lịch sử và thống kê được giữ")
        for button in (self.add_counter_button, self.rename_counter_button, self.retire_counter_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        n, name = self.counter_number.value, self.counter_name.text
        self.add_counter_button.clicked.connect(lambda: self._run(
            self.counter_form, lambda: counters.add_counter(self.store, self.actor, n(), name()),
            lambda: f"Đã thêm quầy số {n()}."))
        self.rename_counter_button.clicked.connect(lambda: self._run(
            self.counter_form, lambda: counters.rename_counter(self.store, self.actor, n(), name()),
            lambda: f"Đã đổi tên quầy số {n()}."))
        self.retire_counter_button.clicked.connect(lambda: self._run(
            self.counter_form, lambda: counters.retire_counter(self.store, self.actor, n()),
            lambda: f"Quầy số {n()} đã ngừng hoạt động; lịch sử được giữ."))
        return box

    def _line_box(self) -> QGroupBox:
        box = QGroupBox("Dãy số thứ tự")
        layout = QVBoxLayout(box)
        self.line_table = _table(LINE_COLUMNS)
        self.line_table.itemSelectionChanged.connect(self._line_chosen)
        layout.addWidget(self.line_table, 1)
        form = QFormLayout()
        self.line_form = _Form(form)
        self.line_prefix = QLineEdit()
        self.line_prefix.setMaxLength(3)
        self.line_prefix.setPlaceholderText("1–3 chữ cái, ví dụ E")
        self.line_name = QLineEdit()
        self.line_name.setMaxLength(150)
        self.line_first = QSpinBox()
        self.line_first.setRange(1, counters.MAX_NUMBER)
        self.line_last = QSpinBox()
        self.line_last.setRange(1, counters.MAX_NUMBER)
        self.line_last.setValue(999)
        self.line_cap = QSpinBox()
        self.line_cap.setRange(0, counters.MAX_NUMBER)
        self.line_cap.setSpecialValueText("không giới hạn")
        self.line_return = QCheckBox("Dãy trả kết quả")
        self.line_counter = QComboBox()
        for label, field, widget in (("Mã dãy", "prefix", self.line_prefix), ("Lĩnh vực", "name", self.line_name),
                                     ("Số đầu", "first_number", self.line_first), ("Số cuối", "last_number", self.line_last),
                                     ("Tối đa mỗi ngày", "daily_cap", self.line_cap), ("", "is_return_line", self.line_return),
                                     ("Quầy gọi số", "counter", self.line_counter)):
            self.line_form.add(label, field, widget)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_line_button = QPushButton("Thêm dãy")
        self.rename_line_button = QPushButton("Đổi tên dãy")
        self.retire_line_button = QPushButton("Ngừng cấp số")
        self.map_button = QPushButton("Gán cho quầy")
        self.unmap_button = QPushButton("Bỏ gán")
        for button in (self.add_line_button, self.rename_line_button, self.retire_line_button, self.map_button,
                       self.unmap_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        prefix = self.line_prefix.text

        def counter_no() -> int:
            return int(self.line_counter.currentData() or 0)

        self.add_line_button.clicked.connect(lambda: self._run(
            self.line_form, lambda: counters.add_line(
                self.store, self.actor, prefix(), self.line_name.text(), first_number=self.line_first.value(),
                last_number=self.line_last.value(), daily_cap=self.line_cap.value() or None,
                is_return_line=self.line_return.isChecked()),
            lambda: f"Đã thêm dãy số {prefix().upper()}."))
        self.rename_line_button.clicked.connect(lambda: self._run(
            self.line_form, lambda: counters.rename_line(self.store, self.actor, prefix(), self.line_name.text()),
            lambda: f"Đã đổi tên dãy số {prefix().upper()}."))
        self.retire_line_button.clicked.connect(lambda: self._run(
            self.line_form, lambda: counters.retire_line(self.store, self.actor, prefix()),
            lambda: f"Dãy số {prefix().upper()} đã ngừng cấp số."))
        self.map_button.clicked.connect(lambda: self._run(
            self.line_form, lambda: counters.map_line(self.store, self.actor, prefix(), counter_no()),
            lambda: f"Quầy số {counter_no()} gọi số dãy {prefix().upper()}."))
        self.unmap_button.clicked.connect(lambda: self._run(
            self.line_form, lambda: counters.unmap_line(self.store, self.actor, prefix(), counter_no()),
            lambda: f"Quầy số {counter_no()} thôi gọi số dãy {prefix().upper()}."))
        return box

    # ----- behaviour --------------------------------------------------------------------------

    def _run(self, form: _Form, change: Callable[[], object], done: Callable[[], str]) -> bool:
        """One change: refusals under their field (or below the page), success reloads the tables."""
        self.counter_form.clear()
        self.line_form.clear()
        try:
            change()
        except DomainError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText("" if form.show(exc) else exc.message)
            return False
        self.message.setStyleSheet("color: #1e6b34;")
        self.message.setText(done())
        self.reload()
        return True

    def reload(self) -> None:
        self.counter_rows = counters.list_counters(self.store)
        self.line_rows = counters.list_lines(self.store)
        _fill(self.counter_table, [
            (str(c.number), c.name, "Hoạt động" if c.active else "Đã ngừng", ", ".join(c.lines) or "—")
            for c in self.counter_rows])
        _fill(self.line_table, [
            (x.prefix, x.name, f"{x.first_number}–{x.last_number}", str(x.daily_cap or "—"),
             "Đang cấp số" if x.active else "Đã ngừng", ", ".join(map(str, x.counters)) or "—")
            for x in self.line_rows])
        chosen = self.line_counter.currentData()
        self.line_counter.clear()
        for c in self.counter_rows:
            if c.active:
                self.line_counter.addItem(f"{c.number} · {c.name}", c.number)
        if chosen is not None and self.line_counter.findData(chosen) >= 0:
            self.line_counter.setCurrentIndex(self.line_counter.findData(chosen))

    def _counter_chosen(self) -> None:
        rows = self.counter_table.selectionModel().selectedRows()
        if rows:
            row = self.counter_rows[rows[0].row()]
            self.counter_number.setValue(row.number)
            self.counter_name.setText(row.name)

    def _line_chosen(self) -> None:
        rows = self.line_table.selectionModel().selectedRows()
        if rows:
            row = self.line_rows[rows[0].row()]
            self.line_prefix.setText(row.prefix)
            self.line_name.setText(row.name)
            self.line_first.setValue(row.first_number)
            self.line_last.setValue(row.last_number)
            self.line_cap.setValue(row.daily_cap or 0)
            self.line_return.setChecked(row.is_return_line)
