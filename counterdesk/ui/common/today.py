"""The day at a glance: tickets and dossiers of today, read from the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from counterdesk.services import overview
from counterdesk.store.uow import Store


class TodayPanel(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        layout.addWidget(self.title)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(overview.LABELS.items()):
            name = QLabel(label)
            value = QLabel("–")
            value.setObjectName(f"today_{key}")
            value.setStyleSheet("font-size: 28px; font-weight: 700;")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, i // 3 * 2, i % 3)
            grid.addWidget(value, i // 3 * 2 + 1, i % 3)
            self.values[key] = value
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        day = overview.today(self.store)
        self.title.setText(f"{day.office_name} — ngày {day.day:%d/%m/%Y}")
        for key, label in self.values.items():
            label.setText(str(getattr(day, key)))
