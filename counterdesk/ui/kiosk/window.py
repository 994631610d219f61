"""Tra cứu hồ sơ: the citizens' lookup kiosk (unattended, full screen, locked down).

A scanner types the receipt's code and presses Enter into an always-focused, length-capped input;
the lookup runs off the GUI thread and shows only the public view (services.lookup). Any page
goes back to the idle invitation after ``idle_ms``. The window cannot be closed, has no menu, and
ignores Escape and Alt+F4; Ctrl+Alt+Shift+Q asks for the administrator PIN (kiosk.pin_hash).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import status as st
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import kiosk, lookup, ratings, settings
from counterdesk.services.lookup import PublicView
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.fullscreen import UnattendedWindow

log = logging.getLogger("counterdesk.ui.kiosk")

STATUS_COLOURS = {
    st.DONE: "#2e7d32", st.RETURNED: "#455a64", st.SUPPLEMENT: "#ef6c00", st.FINANCIAL: "#ef6c00",
    st.REFUSED: "#c62828", st.STOPPED: "#c62828", st.WITHDRAWN: "#6d4c41",
}
UNHAPPY_REASONS = ("Phải chờ lâu", "Hướng dẫn chưa rõ ràng", "Thái độ phục vụ chưa tốt", "Trả kết quả trễ hẹn")
BUSY = "Hệ thống đang bận. Xin ông/bà vui lòng thử lại sau ít phút."

BUTTON = ("QPushButton {background: white; color: #0b3d91; font-size: 30px; font-weight: 700;"
          " border-radius: 14px; padding: 18px 28px;} QPushButton:pressed {background: #cfd8dc;}")


def _label(text: str = "", size: int = 30, bold: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"font-size: {size}px; font-weight: {700 if bold else 400}; background: transparent;")
    if name:
        label.setObjectName(name)
    return label


class _ScanFilter(QObject):
    """Keeps Escape and Alt+F4 from doing anything in the scan box."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and KioskWindow.is_blocked_key(event)


class PinDialog(QDialog):
    """Asks the administrator PIN; the kiosk checks it (argon2) when accepted."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mã PIN quản trị")
        self.setModal(True)
        self.setStyleSheet("background: #eceff1; color: #102027; font-size: 24px;")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nhập mã PIN quản trị để thoát chế độ ki-ốt:"))
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(12)
        self.edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        layout.addWidget(self.edit)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        row = QHBoxLayout()
        ok, cancel = QPushButton("Xác nhận"), QPushButton("Huỷ")
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        row.addWidget(ok)
        row.addWidget(cancel)
        layout.addLayout(row)


class KioskWindow(UnattendedWindow):
    TITLE = "Tra cứu hồ sơ"
    unlocked = Signal()

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *, idle_ms: int = 30_000) -> None:
        super().__init__(store, parent)
        self.actor = actor
        self.idle_ms = idle_ms
        self.view: PublicView | None = None
        self._may_close = False
        self._request = 0
        self.pin_gate = kiosk.PinGate(store)
        self._unhappy_reason = ""
        self.pin_dialog: PinDialog | None = None
        self.jobs = BackgroundJobs()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.office_name = settings.office_name(store)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(50, 16, 50, 16)
        layout.addWidget(_label(self.office_name.upper(), 26, True))
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.idle_page = self._build_idle()
        self.result_page = self._build_result()
        self.message_page = self._build_message()
        for page in (self.idle_page, self.result_page, self.message_page):
            self.stack.addWidget(page)

        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setMaxLength(lookup.MAX_SCAN)
        self.scan.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.scan.setPlaceholderText("Quét mã hoặc nhập mã hồ sơ rồi nhấn Enter")
        self.scan.setStyleSheet("font-size: 26px; padding: 10px; background: white; color: #102027; border-radius: 8px;")
        self.scan.returnPressed.connect(self.submit)
        self._filter = _ScanFilter(self)
        self.scan.installEventFilter(self._filter)
        layout.addWidget(self.scan)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.show_idle)
        self.exit_shortcut = QShortcut(QKeySequence("Ctrl+Alt+Shift+Q"), self)
        self.exit_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.exit_shortcut.activated.connect(self.ask_pin)
        self.show_idle()

    # ------------------------------------------------------------------ pages

    def _build_idle(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        v.addWidget(_label("TRA CỨU HỒ SƠ", 64, True))
        v.addSpacing(30)
        v.addWidget(_label("Mời ông/bà đưa MÃ VẠCH hoặc MÃ QR trên\nGiấy tiếp nhận hồ sơ và hẹn trả kết quả\nvào máy quét bên dưới", 36))
        v.addSpacing(30)
        v.addWidget(_label("Kết quả tra cứu chỉ hiển thị thông tin công khai của hồ sơ.", 22))
        v.addStretch(2)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.status_label = _label("", 44, True, "kioskStatus")
        v.addWidget(self.status_label)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(30)
        self.grid.setVerticalSpacing(8)
        v.addWidget(self.grid_host)
        self.rating_box = QWidget()
        r = QVBoxLayout(self.rating_box)
        r.addWidget(_label("Ông/bà có hài lòng với việc giải quyết hồ sơ không?", 28, True))
        row = QHBoxLayout()
        self.rate_buttons: dict[int, QPushButton] = {}
        for score in (ratings.VERY_SATISFIED, ratings.SATISFIED, ratings.DISSATISFIED):
            button = QPushButton(ratings.SCORES[score])
            button.setStyleSheet(BUTTON)
            button.setMinimumHeight(80)
            button.clicked.connect(lambda _=False, s=score: self.choose_score(s))
            row.addWidget(button)
            self.rate_buttons[score] = button
        r.addLayout(row)
        self.reason_box = QWidget()
        rv = QVBoxLayout(self.reason_box)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(_label("Xin cho biết lý do:", 26))
        reasons = QHBoxLayout()
        self.reason_buttons: list[QPushButton] = []
        for text in UNHAPPY_REASONS:
            b = QPushButton(text)
            b.setCheckable(True)
            b.setStyleSheet(BUTTON.replace("30px", "22px").replace("padding: 18px 28px", "padding: 14px 12px")
                           + " QPushButton:checked {background: #ffcc80;}")
            b.clicked.connect(lambda _=False, t=text: self.choose_reason(t))
            reasons.addWidget(b)
            self.reason_buttons.append(b)
        rv.addLayout(reasons)
        send = QPushButton("Gửi đánh giá")
        send.setStyleSheet(BUTTON)
        send.clicked.connect(lambda: self.submit_rating(ratings.DISSATISFIED))
        self.send_reason = send
        rv.addWidget(send)
        r.addWidget(self.reason_box)
        self.rating_error = _label("", 24, False, "ratingError")
        r.addWidget(self.rating_error)
        v.addWidget(self.rating_box)
        v.addStretch(1)
        back = QPushButton("Tra cứu hồ sơ khác")
        back.setStyleSheet(BUTTON.replace("padding: 18px 28px", "padding: 10px 28px"))
        back.clicked.connect(self.show_idle)
        self.back_button = back
        v.addWidget(back, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _build_message(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        self.message_title = _label("", 44, True, "kioskMessageTitle")
        self.message = _label("", 32, False, "kioskMessage")
        v.addWidget(self.message_title)
        v.addSpacing(20)
        v.addWidget(self.message)
        v.addStretch(1)
        back = QPushButton("Quay lại")
        back.setStyleSheet(BUTTON)
        back.clicked.connect(self.show_idle)
        v.addWidget(back, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    # ------------------------------------------------------------------ flow

    def show_idle(self) -> None:
        self.idle_timer.stop()
        self.view = None
        self.scan.clear()
        self.stack.setCurrentWidget(self.idle_page)
        self.scan.setFocus()

    def _touch(self) -> None:
        """Restart the countdown back to the idle screen."""
        self.idle_timer.start(self.idle_ms)
        self.scan.setFocus()

    def submit(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if not text.strip():
            return
        self._request += 1
        request = self._request
        self.jobs.start(lookup.public_view, self.store, text, self.actor,
                        on_done=lambda view: self._shown(request, view),
                        on_failed=lambda exc: self._failed(request, exc))

    def _shown(self, request: int, view: PublicView) -> None:
        if request == self._request:
            self.show_view(view)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        if isinstance(exc, DomainError):
            self.show_message("Không tra cứu được", exc.message)
        else:
            log.error("kiosk lookup failed", exc_info=exc)
            self.show_message("Xin lỗi", BUSY)

    def show_message(self, title: str, text: str) -> None:
        self.message_title.setText(title)
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message_page)
        self._touch()

    def show_view(self, view: PublicView) -> None:
        self.view = view
        colour = STATUS_COLOURS.get(view.status, "#1565c0")
        self.status_label.setText(view.status_text)
        self.status_label.setStyleSheet(
            f"font-size: 40px; font-weight: 700; background: {colour}; border-radius: 16px; padding: 12px;")
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        lines = [(label, value) for label, value in view.lines() if label != "Tình trạng"]  # it is the banner
        for row, (label, value) in enumerate(lines):
            left = QLabel(label)
            left.setStyleSheet("font-size: 26px; color: #bbdefb; background: transparent;")
            right = QLabel(value)
            right.setWordWrap(True)
            right.setObjectName(f"kioskValue{row}")
            right.setStyleSheet("font-size: 28px; font-weight: 700; background: transparent;")
            self.grid.addWidget(left, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(right, row, 1)
        self.grid.setColumnStretch(1, 1)
        self.rating_box.setVisible(view.can_rate)
        self.reason_box.setVisible(False)
        self.back_button.setVisible(True)
        self.rating_error.setText("")
        self._unhappy_reason = ""
        for b in self.reason_buttons:
            b.setChecked(False)
        self.stack.setCurrentWidget(self.result_page)
        self._touch()

    def shown_text(self) -> str:
        """Every text currently on screen (privacy tests read this)."""
        page = self.stack.currentWidget()
        if page is None:
            return ""
        texts = [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(self)]
        return "\n".join(texts)

    # ------------------------------------------------------------------ rating

    def choose_score(self, score: int) -> None:
        self._touch()
        if score == ratings.DISSATISFIED:
            self.reason_box.setVisible(True)
            self.back_button.setVisible(False)  # room for the reasons; the idle timer still returns
            return
        self.submit_rating(score)

    def choose_reason(self, text: str) -> None:
        self._touch()
        self._unhappy_reason = text
        for b in self.reason_buttons:
            b.setChecked(b.text() == text)

    def submit_rating(self, score: int) -> None:
        if self.view is None:
            return
        reason = self._unhappy_reason if score == ratings.DISSATISFIED else ""
        try:
            ratings.rate(self.store, self.view.code, score, reason, actor=self.actor)
        except DomainError as exc:
            self.rating_error.setText(exc.message)
            self._touch()
            return
        self.show_message("Xin cảm ơn ông/bà!", "Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.")

    # ------------------------------------------------------------------ lock-down

    @staticmethod
    def is_blocked_key(event: QKeyEvent) -> bool:
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        return key == Qt.Key.Key_Escape or (alt and key == Qt.Key.Key_F4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.is_blocked_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()
            self.scan.setFocus()

    def ask_pin(self) -> None:
        """Open the PIN dialog (non-blocking); a correct PIN unlocks and closes the kiosk."""
        if self.pin_dialog is not None:
            return
        self.pin_dialog = PinDialog(self)
        if self.pin_gate.locked():
            self.pin_dialog.error.setText("Nhập sai quá nhiều lần; vui lòng thử lại sau.")
        self.pin_dialog.accepted.connect(self._pin_entered)
        self.pin_dialog.finished.connect(self._pin_closed)
        self.pin_dialog.open()

    def _pin_entered(self) -> None:
        dialog = self.pin_dialog
        if dialog is None:
            return
        if self.pin_gate.try_pin(dialog.edit.text()):
            self._may_close = True
            self.unlocked.emit()
            self.close()

    def _pin_closed(self, *_: Any) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
        self.pin_dialog = None
        self.scan.setFocus()

    def pin_locked(self) -> bool:
        return self.pin_gate.locked()
