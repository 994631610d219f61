"""Office settings as a form: each key validated by the settings service, message beside the field."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import settings
from counterdesk.store.uow import Store


class SettingsPage(QWidget):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        with store.read() as session:
            for key, spec in settings.KEYS.items():
                if "hash" in key or "secret" in key:
                    continue
                edit = QLineEdit(settings.read(session, key))
                edit.setObjectName(key)
                if key == settings.TOKEN_KEY:  # typed, never shown back (kept in the OS keyring)
                    edit.setEchoMode(QLineEdit.EchoMode.Password)
                err = QLabel()
                err.setStyleSheet("color: #b00020;")
                row = QHBoxLayout()
                row.addWidget(edit, 3)
                row.addWidget(err, 2)
                form.addRow(spec.label, row)
                self.edits[key], self.errors[key] = edit, err
        outer.addLayout(form)
        self.save_button = QPushButton("&Lưu thiết lập")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        outer.addWidget(self.save_button)
        outer.addWidget(self.status)
        outer.addStretch(1)

    def save(self) -> int:
        """Save every changed field; returns how many were saved. Bad fields keep their message."""
        saved = 0
        with self.store.read() as session:
            current = {k: settings.read(session, k) for k in self.edits}
        for key, edit in self.edits.items():
            self.errors[key].clear()
            if edit.text() == current[key]:
                continue
            try:
                edit.setText(settings.set_value(self.store, key, edit.text(), self.actor))
                saved += 1
            except DomainError as exc:
                self.errors[key].setText(exc.message)
        self.status.setText(f"Đã lưu {saved} thiết lập.")
        return saved
