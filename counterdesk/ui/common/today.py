"""The day at a glance: tickets and dossiers of today, read from the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from counterdesk.services import overview
from counterdesk.store.uow import Store

_ACCENTS = {"dossiers_overdue": "#c53030", "outbox_pending": "#b7791f", "tickets_waiting": "#2b6cb0"}


class TodayPanel(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        layout.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(overview.LABELS.items()):
            card = QFrame()
            card.setObjectName("card")
            card.setStyleSheet(
                "#card { background: white; border: 1px solid #d0d7e2; border-radius: 8px; }"
                f"#card {{ border-left: 6px solid {_ACCENTS.get(key, '#0b3d91')}; }}"
            )
            box = QVBoxLayout(card)
            name = QLabel(label)
            name.setStyleSheet("color: #4a5568; font-size: 14px;")
            value = QLabel("–")
            value.setObjectName(f"today_{key}")
            value.setStyleSheet("font-size: 34px; font-weight: 700; color: #1a202c;")
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            box.addWidget(name)
            box.addWidget(value)
            grid.addWidget(card, i // 3, i % 3)
            self.values[key] = value
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        day = overview.today(self.store)
        self.title.setText(f"{day.office_name} — ngày {day.day:%d/%m/%Y}")
        for key, label in self.values.items():
            label.setText(str(getattr(day, key)))
