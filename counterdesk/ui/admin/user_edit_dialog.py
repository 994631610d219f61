"""Sửa tài khoản: name, role and counter of a staff account (services.users.update_user)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import ROLE_NAMES, Actor
from counterdesk.services import users
from counterdesk.services.users import UserInfo
from counterdesk.store.uow import Store
from counterdesk.ui.common.dialog_parts import add_message_and_buttons


class UserEditDialog(QDialog):
    def __init__(self, store: Store, actor: Actor, user: UserInfo, counter_number: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.user = store, actor, user
        self.saved: UserInfo | None = None
        self.setWindowTitle(f"Sửa tài khoản {user.username}")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(user.full_name)
        self.name.setObjectName("editName")
        self.name.setMaxLength(150)
        self.role = QComboBox()
        self.role.setObjectName("editRole")
        for role in users.ROLES:
            self.role.addItem(ROLE_NAMES[role], role)
        self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
        self.counter = QSpinBox()
        self.counter.setObjectName("editCounter")
        self.counter.setRange(0, 99)
        self.counter.setSpecialValueText("Không gắn quầy")
        self.counter.setValue(counter_number or 0)
        form.addRow("Họ tên", self.name)
        form.addRow("Vai trò", self.role)
        form.addRow("Quầy", self.counter)
        layout.addLayout(form)
        self.message = add_message_and_buttons(self, layout, "editMessage", "Lưu", self.save, "Huỷ")

    def save(self) -> None:
        try:
            self.saved = users.update_user(self.store, self.actor, self.user.username, full_name=self.name.text(),
                                           role=str(self.role.currentData()),
                                           counter_number=self.counter.value() or None)
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
