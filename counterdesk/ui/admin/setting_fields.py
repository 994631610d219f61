"""One editor per kind of setting: dropdowns for codes, a checkbox for yes/no, time pickers for hours.

Each editor reads and writes the stored text form (``value``/``set_value``), so the settings service
stays the one place that validates; the admin never types "same_time", "true" or "07:30-11:30".
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QTimeEdit, QWidget

from counterdesk.domain.labels import SETTING_CHOICES, YES_NO

TIME_FORMAT = "HH:mm"
MAX_SESSIONS = 3


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat(TIME_FORMAT)
    return edit


class TextField(QLineEdit):
    """Free text (names, addresses, printer specs) and numbers."""

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        self.setText(value)


class ChoiceField(QComboBox):
    """One of a few codes, shown by its Vietnamese label."""

    def __init__(self, choices: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code, label in choices:
            self.addItem(label, code)

    def value(self) -> str:
        return str(self.currentData())

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0:  # a value written before this list knew it: shown as is, still selectable
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(index)


class BoolField(QCheckBox):
    """Yes/no, stored as "true"/"false"."""

    def value(self) -> str:
        return YES_NO[0][0] if self.isChecked() else YES_NO[1][0]

    def set_value(self, value: str) -> None:
        self.setChecked(value == YES_NO[0][0])


class CutoffField(QWidget):
    """An hour after which dossiers count as received the next working day, or none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox("Có giờ chốt:")
        self.time = _time_edit("cutoffTime")
        self.enabled.toggled.connect(self.time.setEnabled)
        row.addWidget(self.enabled)
        row.addWidget(self.time)
        row.addStretch(1)

    def value(self) -> str:
        return self.time.time().toString(TIME_FORMAT) if self.enabled.isChecked() else ""

    def set_value(self, value: str) -> None:
        parsed = QTime.fromString(value, TIME_FORMAT)
        self.enabled.setChecked(parsed.isValid())
        self.time.setEnabled(parsed.isValid())
        self.time.setTime(parsed if parsed.isValid() else QTime(15, 0))


class SessionsField(QWidget):
    """Up to three working sessions a day, each from–to, picked as times."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for i in range(MAX_SESSIONS):
            use = QCheckBox(f"Buổi {i + 1}:")
            start, end = _time_edit(f"session{i}Start"), _time_edit(f"session{i}End")
            use.toggled.connect(start.setEnabled)
            use.toggled.connect(end.setEnabled)
            row.addWidget(use)
            row.addWidget(start)
            row.addWidget(QLabel("–"))
            row.addWidget(end)
            row.addSpacing(10)
            self.rows.append((use, start, end))
        row.addStretch(1)

    def value(self) -> str:
        return ",".join(f"{a.time().toString(TIME_FORMAT)}-{b.time().toString(TIME_FORMAT)}"
                        for use, a, b in self.rows if use.isChecked())

    def set_value(self, value: str) -> None:
        parts = [p.split("-") for p in value.replace(" ", "").split(",") if "-" in p]
        for i, (use, start, end) in enumerate(self.rows):
            pair = parts[i] if i < len(parts) else None
            use.setChecked(pair is not None)
            start.setEnabled(pair is not None)
            end.setEnabled(pair is not None)
            start.setTime(QTime.fromString(pair[0], TIME_FORMAT) if pair else QTime(13, 30))
            end.setTime(QTime.fromString(pair[1], TIME_FORMAT) if pair else QTime(17, 0))


SettingField = TextField | ChoiceField | BoolField | CutoffField | SessionsField


def field_for(key: str) -> SettingField:
    """The editor that fits ``key``."""
    field: SettingField
    if key == "office.cutoff":
        field = CutoffField()
    elif key == "office.sessions":
        field = SessionsField()
    elif key == "portal.verify_tls":
        field = BoolField("Có")
    elif key in SETTING_CHOICES:
        field = ChoiceField(SETTING_CHOICES[key])
    else:
        field = TextField()
    field.setObjectName(key)
    return field
