"""Login for the staff modes, also used to switch user and to unlock an idle-locked window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import MODE_ROLES, Actor
from counterdesk.services import users
from counterdesk.store.uow import Store

MODE_NAMES = {"desk": "Quầy tiếp nhận và trả kết quả", "supervisor": "Lãnh đạo / phụ trách", "admin": "Quản trị"}


class LoginDialog(QDialog):
    """Asks for username and password; on success ``actor`` is the logged-in user's Actor.

    ``reason`` says why it is shown (switch user, idle lock); with ``locked`` the dialog cannot be
    dismissed: the window behind it stays hidden until someone logs in.
    """

    def __init__(self, store: Store, mode: str, parent: QWidget | None = None, *, reason: str = "",
                 username: str = "", locked: bool = False) -> None:
        super().__init__(parent)
        self.store, self.mode, self.locked = store, mode, locked
        self.actor: Actor | None = None
        self.setWindowTitle("CounterDesk — Đăng nhập")
        self.setObjectName("loginDialog")
        self.setModal(True)
        self.setMinimumWidth(420)
        outer = QVBoxLayout(self)
        # the dialog grows with its content (a red message after a wrong password) instead of squashing it
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        title = QLabel("CounterDesk")
        title.setStyleSheet("font-size: 22px; font-weight: 700; color: #0b3d91;")
        subtitle = QLabel(MODE_NAMES.get(mode, mode))
        subtitle.setStyleSheet("font-size: 14px; color: #444;")
        outer.addWidget(title)
        outer.addWidget(subtitle)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(reason))
        self.reason_label.setStyleSheet("background: #fff4d6; padding: 6px; border-radius: 4px;")
        outer.addWidget(self.reason_label)
        form = QFormLayout()
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText("ví dụ: canbo1")
        self.username.setMaxLength(60)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        form.addRow("&Tên đăng nhập:", self.username)
        form.addRow("&Mật khẩu:", self.password)
        # Shown only for an account that must choose its own password (demo accounts): it works
        # only once it has one.
        from counterdesk.ui.admin.account_dialogs import password_edit

        self.new_password, self.repeat_password = password_edit(), password_edit()
        self.new_password.setObjectName("newPassword")
        self.repeat_password.setObjectName("repeatPassword")
        form.addRow("Mật khẩu &mới:", self.new_password)
        form.addRow("&Nhập lại mật khẩu mới:", self.repeat_password)
        self.form = form
        self._show_new_password(False)
        self._pending: Actor | None = None
        self._old_password = ""
        outer.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Thoát" if not reason else "Huỷ")
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setVisible(not locked)
        self.login_button = QPushButton("Đăng &nhập")
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.try_login)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.login_button)
        outer.addLayout(buttons)
        (self.password if username else self.username).setFocus()

    def _show_new_password(self, shown: bool) -> None:
        for edit in (self.new_password, self.repeat_password):
            self.form.setRowVisible(edit, shown)

    def try_login(self) -> bool:
        """Check the entered credentials through the users service; stay open on failure."""
        if self._pending is not None:
            return self._set_own_password()
        try:
            actor = users.login(self.store, self.username.text(), self.password.text(),
                                roles=MODE_ROLES.get(self.mode))
        except DomainError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            self.adjustSize()  # room for the message: it is read, not cut
            self.password.clear()
            self.password.setFocus()
            return False
        if users.must_change_password(self.store, actor.user_id):
            self._pending, self._old_password = actor, self.password.text()
            self.username.setEnabled(False)
            self.password.setEnabled(False)
            self._show_new_password(True)
            self.reason_label.setText("Tài khoản này đang dùng mật khẩu do người khác đặt (tài khoản mẫu). "
                                      "Hãy đặt mật khẩu riêng (ít nhất 10 ký tự, có chữ hoa, chữ thường, "
                                      "chữ số hoặc ký hiệu) để tiếp tục.")
            self.reason_label.setVisible(True)
            self.login_button.setText("Đổi mật khẩu và đăng &nhập")
            self.error.clear()
            self.new_password.setFocus()
            return False
        self.actor = actor
        self.password.clear()
        self.accept()
        return True

    def _set_own_password(self) -> bool:
        actor = self._pending
        assert actor is not None
        new = self.new_password.text()
        if new != self.repeat_password.text():
            self.error.setText("Hai lần nhập mật khẩu mới không khớp.")
            return False
        try:
            users.change_password(self.store, actor, actor.username, new, old_password=self._old_password, strong=True)
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.actor, self._pending, self._old_password = actor, None, ""
        for edit in (self.password, self.new_password, self.repeat_password):
            edit.clear()
        self.accept()
        return True

    def reject(self) -> None:
        if not self.locked:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.locked and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without keyboard or mouse input anywhere in the app."""

    idle = Signal()
    INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin})

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        """0 turns the lock off."""
        self.timeout_ms = timeout_ms
        self.timer.stop()
        if timeout_ms > 0:
            self.timer.start(timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT and self.timeout_ms > 0 and self.timer.isActive():
            self.timer.start(self.timeout_ms)
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.set_timeout(self.timeout_ms)
