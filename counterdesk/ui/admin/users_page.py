"""Admin: the accounts of the office — add one, reset a password, disable or re-enable, lift a lockout.

Thin over services.users, which checks permissions and refuses what must not happen (an
administrator disabling their own account); its Vietnamese message is shown as is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import queue, users
from counterdesk.store.uow import Store
from counterdesk.ui.admin.account_dialogs import AddAccountDialog, ResetPasswordDialog

COLUMNS = ("Tên đăng nhập", "Họ và tên", "Vai trò", "Quầy", "Trạng thái")
STATE_COLOURS = {"active": "#1e6b34", "disabled": "#b3261e", "locked": "#8a5300"}


def account_state(info: users.UserInfo, now: datetime) -> tuple[str, str]:
    """(key, Vietnamese text) of an account's state; a lockout whose time has passed no longer counts."""
    if not info.active:
        return "disabled", "Đã khoá"
    if info.locked_until is not None and info.locked_until > now:
        return "locked", f"Tạm khoá đến {to_vn(info.locked_until):%H:%M}"
    return "active", "Hoạt động"


class UsersPage(QWidget):
    """Table of accounts with the four actions an administrator needs; refreshed after each one."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.accounts: list[users.UserInfo] = []
        self.counter_names: dict[int, str] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(10)
        tools = QHBoxLayout()
        self.add_button = QPushButton("&Thêm tài khoản…")
        self.reset_button = QPushButton("Đặt &lại mật khẩu…")
        self.active_button = QPushButton("&Khoá tài khoản")
        self.active_button.setToolTip("Khoá: người này không đăng nhập được nữa cho đến khi mở khoá")
        self.unlock_button = QPushButton("&Gỡ tạm khoá")
        self.unlock_button.setToolTip("Cho đăng nhập lại ngay, không chờ hết thời gian tạm khoá do nhập sai mật khẩu")
        self.edit_button = QPushButton("&Sửa tài khoản…")
        self.edit_button.setToolTip("Họ tên, vai trò, quầy")
        self.edit_button.clicked.connect(self.open_edit_dialog)
        for b in (self.add_button, self.edit_button, self.reset_button, self.active_button, self.unlock_button):
            tools.addWidget(b)
        tools.addStretch(1)
        outer.addLayout(tools)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 1)

        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        self.add_button.clicked.connect(self.open_add_dialog)
        self.reset_button.clicked.connect(self.open_reset_dialog)
        self.active_button.clicked.connect(lambda: self.toggle_active(ask=True))
        self.unlock_button.clicked.connect(self.unlock)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_reset_dialog())
        self.refresh()

    # ----- table -------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Reload the accounts; keep (or move) the selection to ``select`` or the current account."""
        current = self.selected()
        keep = select or (current.username if current else None)
        self.counter_names = {c.id: c.name for c in queue.counters(self.store)}
        self.accounts = users.list_users(self.store)
        now = datetime.now(UTC)
        self.table.clearSelection()
        self.table.setRowCount(len(self.accounts))
        for row, info in enumerate(self.accounts):
            key, state = account_state(info, now)
            counter = self.counter_names.get(info.counter_id, "") if info.counter_id is not None else ""
            for col, text in enumerate((info.username, info.full_name, info.role_name, counter, state)):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setForeground(QBrush(QColor(STATE_COLOURS[key])))
                self.table.setItem(row, col, item)
        if keep:
            self.select(keep)
        self._update_buttons()

    def select(self, username: str) -> None:
        for row, info in enumerate(self.accounts):
            if info.username == username:
                self.table.selectRow(row)
                return

    def selected(self) -> users.UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.accounts[rows[0].row()] if rows and rows[0].row() < len(self.accounts) else None

    def _update_buttons(self) -> None:
        info = self.selected()
        for b in (self.edit_button, self.reset_button, self.active_button, self.unlock_button):
            b.setEnabled(info is not None)
        if info is None:
            return
        self.active_button.setText("&Mở khoá tài khoản" if not info.active else "&Khoá tài khoản")
        self.unlock_button.setEnabled(account_state(info, datetime.now(UTC))[0] == "locked")

    def showEvent(self, event: QShowEvent) -> None:
        """Lockouts end by themselves after 15 minutes: coming back to the page shows them gone."""
        super().showEvent(event)
        self.refresh()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b3261e;" if error else "color:#1e6b34;")
        self.message.setText(text)

    # ----- actions -----------------------------------------------------------------------------

    def add_dialog(self) -> AddAccountDialog:
        return AddAccountDialog(self.store, self.actor, queue.counters(self.store), self)

    def open_add_dialog(self) -> None:
        dialog = self.add_dialog()
        if dialog.exec() == AddAccountDialog.DialogCode.Accepted:
            self.account_added(dialog)

    def account_added(self, dialog: AddAccountDialog) -> None:
        if dialog.created is not None:
            self.refresh(select=dialog.created.username)
            self._say(f"Đã tạo tài khoản {dialog.created.username} ({dialog.created.role_name}).")

    def open_edit_dialog(self) -> None:
        from counterdesk.ui.admin.user_edit_dialog import UserEditDialog

        info = self.selected()
        if info is None:
            return
        dialog = UserEditDialog(self.store, self.actor, info, users.counter_number(self.store, info.counter_id), self)
        if dialog.exec() and dialog.saved is not None:
            self.refresh(select=info.username)
            self._say(f"Đã cập nhật tài khoản {info.username}.")

    def reset_dialog(self) -> ResetPasswordDialog | None:
        info = self.selected()
        if info is None:
            self._say("Chọn một tài khoản trong bảng trước.", error=True)
            return None
        return ResetPasswordDialog(self.store, self.actor, info, self)

    def open_reset_dialog(self) -> None:
        dialog = self.reset_dialog()
        if dialog is not None and dialog.exec() == ResetPasswordDialog.DialogCode.Accepted:
            self.password_reset(dialog)

    def password_reset(self, dialog: ResetPasswordDialog) -> None:
        self.refresh(select=dialog.account.username)
        self._say(f"Đã đặt mật khẩu mới cho {dialog.account.username}.")

    def toggle_active(self, *, ask: bool = False) -> bool:
        """Disable the selected account, or re-enable it when it is disabled."""
        info = self.selected()
        if info is None:
            self._say("Chọn một tài khoản trong bảng trước.", error=True)
            return False
        enable = not info.active
        if ask and not enable and QMessageBox.question(
            self, "Khoá tài khoản",
            f"Khoá tài khoản {info.username} ({info.full_name})? Người này sẽ không đăng nhập được "
            "cho đến khi quản trị mở khoá.",
        ) != QMessageBox.StandardButton.Yes:
            return False
        return self._apply(lambda: users.set_active(self.store, self.actor, info.username, enable), info.username,
                           f"Đã {'mở khoá' if enable else 'khoá'} tài khoản {info.username}.")

    def unlock(self) -> bool:
        info = self.selected()
        if info is None:
            self._say("Chọn một tài khoản trong bảng trước.", error=True)
            return False
        return self._apply(lambda: users.unlock(self.store, self.actor, info.username), info.username,
                           f"Đã gỡ tạm khoá tài khoản {info.username}: có thể đăng nhập lại ngay.")

    def _apply(self, change: Callable[[], object], username: str, done: str) -> bool:
        """Run one account change; its refusal is shown and changes nothing, its success reloads the table."""
        try:
            change()
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        self.refresh(select=username)
        self._say(done)
        return True
