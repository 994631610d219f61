"""Dialogs of the accounts page: add an account, reset a password. The service decides; each
refusal is shown under the field it names and the dialog stays open with nothing changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import ROLE_NAMES, Actor
from counterdesk.services import users
from counterdesk.services.queue import CounterInfo
from counterdesk.store.uow import Store

ERROR_STYLE = "color: #b3261e;"
MISMATCH = "Mật khẩu nhập lại không khớp."


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


class FormDialog(QDialog):
    """A form whose rows each carry an error line, plus one line for errors of no particular field."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self.form)
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Huỷ")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        outer.addLayout(buttons)

    def add_new_password(self, label: str) -> None:
        """The new password and its confirmation, checked against each other before the service."""
        self.password = password_edit()
        self.password.setPlaceholderText(f"ít nhất {users.MIN_PASSWORD} ký tự")
        self.confirm = password_edit()
        self.add_field(label, self.password, "password")
        self.add_field("Nhập &lại mật khẩu:", self.confirm, "confirm")

    def passwords_match(self) -> bool:
        if self.password.text() == self.confirm.text():
            return True
        self.show_error(MISMATCH, "confirm")
        return False

    def add_field(self, label: str, widget: QWidget, key: str) -> None:
        error = QLabel()
        error.setObjectName(f"{key}Error")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.setVisible(False)
        cell = QVBoxLayout()
        cell.setSpacing(2)
        cell.addWidget(widget)
        cell.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)  # the row is a layout, so QFormLayout would not link the mnemonic
        self.form.addRow(caption, cell)
        self.errors[key], self.fields[key] = error, widget

    def show_error(self, text: str, key: str | None = None) -> None:
        label = self.errors.get(key or "", self.message)
        label.setText(text)
        label.setVisible(True)
        if key in self.fields:
            self.fields[key].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.message):
            label.clear()
            label.setVisible(False)

    def error_text(self, key: str | None = None) -> str:
        return (self.errors[key] if key else self.message).text()

    def run(self, action: Callable[[], bool]) -> None:
        """Run the dialog's action (True: the service accepted it, close); a refusal keeps it open."""
        self.clear_errors()
        self.ok_button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # argon2: a fraction of a second
        try:
            ok = action()
        except DomainError as exc:
            self.show_error(exc.message, exc.field)
            ok = False
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.ok_button.setEnabled(True)
        if ok:
            self.accept()


class AddAccountDialog(FormDialog):
    """Username, full name, role, counter (optional), password typed twice."""

    def __init__(self, store: Store, actor: Actor, counters: list[CounterInfo], parent: QWidget | None = None) -> None:
        super().__init__("Thêm tài khoản", "&Tạo tài khoản", parent)
        self.store, self.actor = store, actor
        self.created: users.UserInfo | None = None
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(60)
        self.username.setPlaceholderText("chữ thường không dấu, ví dụ: canbo3")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.full_name.setMaxLength(150)
        self.full_name.setPlaceholderText("ví dụ: Nguyễn Thị Hoa")
        self.role = QComboBox()
        for role in users.ROLES:
            self.role.addItem(ROLE_NAMES[role], role)
        self.counter = QComboBox()
        self.counter.addItem("— Không gắn quầy —", None)
        for c in counters:
            self.counter.addItem(c.name, c.number)
        self.add_field("Tên đăng &nhập:", self.username, "username")
        self.add_field("&Họ và tên:", self.full_name, "full_name")
        self.add_field("&Vai trò:", self.role, "role")
        self.add_field("&Quầy:", self.counter, "counter")
        self.add_new_password("&Mật khẩu:")
        self.ok_button.clicked.connect(self.submit)

    def submit(self) -> None:
        self.run(self._create)

    def _create(self) -> bool:
        if not self.passwords_match():
            return False
        self.created = users.create_user(
            self.store, self.actor, self.username.text(), self.full_name.text(), str(self.role.currentData()),
            self.password.text(), counter_number=self.counter.currentData(),
        )
        return True


class ResetPasswordDialog(FormDialog):
    """A new password for someone; for the administrator's own account the current one is asked too."""

    def __init__(self, store: Store, actor: Actor, account: users.UserInfo, parent: QWidget | None = None) -> None:
        super().__init__("Đặt lại mật khẩu", "&Đặt mật khẩu", parent)
        self.store, self.actor, self.account = store, actor, account
        self.own = account.id == actor.user_id
        self.intro.setText(f"Tài khoản <b>{account.username}</b> — {account.full_name}. "
                           "Sau khi đặt lại, tài khoản được gỡ tạm khoá (nếu có).")
        self.intro.setVisible(True)
        self.old_password = password_edit()
        if self.own:
            self.add_field("Mật khẩu &hiện tại:", self.old_password, "old_password")
        self.add_new_password("Mật khẩu &mới:")
        self.ok_button.clicked.connect(self.submit)

    def submit(self) -> None:
        self.run(self._reset)

    def _reset(self) -> bool:
        if not self.passwords_match():
            return False
        users.change_password(self.store, self.actor, self.account.username, self.password.text(),
                              old_password=self.old_password.text() if self.own else None)
        return True
