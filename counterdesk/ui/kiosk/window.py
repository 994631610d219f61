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
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import receipt_qr
from counterdesk.domain import status as st
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import kiosk, lookup, ratings, settings
from counterdesk.services.lookup import PublicView
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.fullscreen import UnattendedWindow
from counterdesk.ui.common.marks import MarkSafeLabel
from counterdesk.ui.common.scaling import Scaler
from counterdesk.ui.common.signals import emit
from counterdesk.ui.kiosk.keypad import Keypad

log = logging.getLogger("counterdesk.ui.kiosk")

STATUS_COLOURS = {
    st.DONE: "#2e7d32", st.RETURNED: "#455a64", st.SUPPLEMENT: "#ef6c00", st.FINANCIAL: "#ef6c00",
    st.REFUSED: "#c62828", st.STOPPED: "#c62828", st.WITHDRAWN: "#6d4c41",
}
UNHAPPY_REASONS = ("Phải chờ lâu", "Hướng dẫn chưa rõ ràng", "Thái độ phục vụ chưa tốt", "Trả kết quả trễ hẹn")
BUSY = "Hệ thống đang bận. Xin ông/bà vui lòng thử lại sau ít phút."

BUTTON = ("QPushButton {background: white; color: #0b3d91; font-size: 30px; font-weight: 700;"
          " border-radius: 14px; padding: 18px 28px;} QPushButton:pressed {background: #cfd8dc;}")
TOOL_BUTTON = ("QPushButton {background: #1e56b5; color: white; font-size: 24px; font-weight: 700;"
               " border: 2px solid white; border-radius: 10px; padding: 8px 16px;}"
               " QPushButton:checked {background: #ffb300; color: #1a1a1a; border-color: #ffb300;}")
DESIGN_SIZE = (1600, 1000)  # the screen the px values are drawn for; others scale (ui.common.scaling)
LARGE_TEXT = 1.3
HIGHLIGHTED = ("Giấy tờ cần bổ sung", "Hẹn trả mới", "Phí, lệ phí")  # what the citizen must act on


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
        self.jobs = BackgroundJobs(self)
        self.scaler = Scaler(DESIGN_SIZE, self)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.office_name = settings.office_name(store)
        self.agency_code = settings.get(store, "office.agency_code")

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # small screens shrink the type instead
        self.scaler.layout(layout, (50, 12, 50, 16), 10)
        layout.addWidget(self._label(self.office_name.upper(), 26, True, "officeName"))
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setMaxLength(lookup.MAX_SCAN)
        self.scan.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.scan.setPlaceholderText("Quét mã hoặc nhập mã hồ sơ rồi nhấn Enter")
        self.scan.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.scaler.css(self.scan, "font-size: 26px; padding: 8px; background: white; color: #102027; border-radius: 8px;")
        self.scan.returnPressed.connect(self.submit)
        self._filter = _ScanFilter(self)
        self.scan.installEventFilter(self._filter)

        self.idle_page = self._build_idle()
        self.result_page = self._build_result()
        self.message_page = self._build_message()
        self.keypad_page = self._build_keypad()
        for page in (self.idle_page, self.result_page, self.message_page, self.keypad_page):
            self.stack.addWidget(page)

        self.bottom = QGridLayout()
        self.scaler.layout(self.bottom, (0, 0, 0, 0), 12)
        self._portrait: bool | None = None
        self.keypad_button = self._tool_button("⌨  Nhập mã", "keypadButton")
        self.keypad_button.clicked.connect(self.show_keypad)
        self.large_text = self._tool_button("A+  Chữ lớn", "largeText")
        self.large_text.setCheckable(True)
        self.large_text.toggled.connect(self.set_large_text)
        layout.addLayout(self.bottom)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.show_idle)
        self.exit_shortcut = QShortcut(QKeySequence("Ctrl+Alt+Shift+Q"), self)
        self.exit_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.exit_shortcut.activated.connect(self.ask_pin)
        screen = self.screen().availableGeometry()
        self._fit(screen.width(), screen.height())
        self.show_idle()

    # ------------------------------------------------------------------ sizing

    def _label(self, text: str = "", size: int = 30, bold: bool = False, name: str = "") -> QLabel:
        """A centred, wrapping label whose type follows the screen and keeps room for stacked marks."""
        label = MarkSafeLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scaler.css(label, f"font-size: {size}px; font-weight: {700 if bold else 400}; background: transparent;")
        if name:
            label.setObjectName(name)
        return label

    def _tool_button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scaler.css(button, TOOL_BUTTON)
        return button

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def _fit(self, width: int, height: int) -> None:
        """Scale to the screen; standing up, the code field gets a row of its own above the buttons."""
        self.scaler.fit(width, height)
        portrait = height > width
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for widget in (self.scan, self.keypad_button, self.large_text):
            self.bottom.removeWidget(widget)
        if portrait:
            self.bottom.addWidget(self.scan, 0, 0, 1, 2)
            self.bottom.addWidget(self.keypad_button, 1, 0)
            self.bottom.addWidget(self.large_text, 1, 1)
            self.bottom.setColumnStretch(0, 1)
            self.bottom.setColumnStretch(1, 1)
        else:
            self.bottom.addWidget(self.scan, 0, 0)
            self.bottom.addWidget(self.keypad_button, 0, 1)
            self.bottom.addWidget(self.large_text, 0, 2)
            self.bottom.setColumnStretch(0, 1)
            self.bottom.setColumnStretch(1, 0)

    def set_large_text(self, on: bool) -> None:
        """The citizen's large-text toggle: everything a third bigger until the kiosk goes idle."""
        self.scaler.zoom = LARGE_TEXT if on else 1.0
        self.scaler.fit(self.width(), self.height())
        self._touch()

    # ------------------------------------------------------------------ pages

    def _build_idle(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        v.addWidget(self._label("TRA CỨU HỒ SƠ", 64, True, "heading"))
        v.addSpacing(20)
        v.addWidget(self._label("Mời ông/bà đưa MÃ VẠCH hoặc MÃ QR trên Giấy tiếp nhận hồ sơ và hẹn trả "
                                "kết quả vào máy quét bên dưới, hoặc chạm «Nhập mã» để gõ mã hồ sơ.", 34,
                                name="invitation"))
        v.addSpacing(20)
        v.addWidget(self._label("Kết quả tra cứu chỉ hiển thị thông tin công khai của hồ sơ.", 22))
        v.addStretch(2)
        return page

    def _build_keypad(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(self._label("NHẬP MÃ HỒ SƠ", 44, True, "keypadHeading"))
        v.addWidget(self._label("Mã in trên Giấy tiếp nhận, ví dụ " + f"{self.agency_code}-261116-0001", 24))
        self.keypad = Keypad(self.scan, self.scaler)
        self.keypad.submitted.connect(self.submit)
        self.keypad.touched.connect(self._touch)
        v.addWidget(self.keypad, 3)  # keys grow up to a finger-sized maximum, then the page has room
        v.addStretch(1)
        back = QPushButton("Quay lại")
        back.setObjectName("keypadBack")
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scaler.css(back, BUTTON.replace("padding: 18px 28px", "padding: 10px 28px"))
        back.clicked.connect(self.show_idle)
        v.addWidget(back, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.scaler.layout(v, (0, 0, 0, 0), 10)
        self.status_label = self._label("", 40, True, "kioskStatus")
        v.addWidget(self.status_label)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.scaler.layout(self.grid, (0, 0, 0, 0), 8)
        self.grid.setColumnStretch(1, 1)
        v.addWidget(self.grid_host)
        self.rating_box = QWidget()
        r = QVBoxLayout(self.rating_box)
        r.addWidget(self._label("Ông/bà có hài lòng với việc giải quyết hồ sơ không?", 28, True))
        row = QHBoxLayout()
        self.rate_buttons: dict[int, QPushButton] = {}
        for score in (ratings.VERY_SATISFIED, ratings.SATISFIED, ratings.DISSATISFIED):
            button = QPushButton(ratings.SCORES[score])
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.scaler.css(button, BUTTON)
            self.scaler.minimum(button, 100, 80)
            button.clicked.connect(lambda _=False, s=score: self.choose_score(s))
            row.addWidget(button)
            self.rate_buttons[score] = button
        r.addLayout(row)
        self.reason_box = QWidget()
        rv = QVBoxLayout(self.reason_box)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self._label("Xin cho biết lý do:", 26))
        reasons = QGridLayout()
        self.reason_buttons: list[QPushButton] = []
        for i, text in enumerate(UNHAPPY_REASONS):
            b = QPushButton(text)
            b.setCheckable(True)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.scaler.css(b, BUTTON.replace("30px", "22px").replace("padding: 18px 28px", "padding: 14px 12px")
                            + " QPushButton:checked {background: #ffcc80;}")
            b.clicked.connect(lambda _=False, t=text: self.choose_reason(t))
            reasons.addWidget(b, i // 2, i % 2)  # two by two: the reasons stay readable on a narrow screen
            self.reason_buttons.append(b)
        rv.addLayout(reasons)
        send = QPushButton("Gửi đánh giá")
        self.scaler.css(send, BUTTON)
        send.clicked.connect(lambda: self.submit_rating(ratings.DISSATISFIED))
        self.send_reason = send
        rv.addWidget(send)
        r.addWidget(self.reason_box)
        self.rating_error = self._label("", 24, False, "ratingError")
        r.addWidget(self.rating_error)
        v.addWidget(self.rating_box)
        v.addStretch(1)
        back = QPushButton("Tra cứu hồ sơ khác")
        self.scaler.css(back, BUTTON.replace("padding: 18px 28px", "padding: 10px 28px"))
        back.clicked.connect(self.show_idle)
        self.back_button = back
        v.addWidget(back, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _build_message(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        self.message_title = self._label("", 44, True, "kioskMessageTitle")
        self.message = self._label("", 32, False, "kioskMessage")
        v.addWidget(self.message_title)
        v.addSpacing(20)
        v.addWidget(self.message)
        v.addStretch(1)
        back = QPushButton("Quay lại")
        self.scaler.css(back, BUTTON)
        back.clicked.connect(self.show_idle)
        v.addWidget(back, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    # ------------------------------------------------------------------ flow

    def show_idle(self) -> None:
        self.idle_timer.stop()
        self.view = None
        self.scan.clear()
        if self.large_text.isChecked():
            self.large_text.setChecked(False)  # the next citizen starts with the usual size
        self.stack.setCurrentWidget(self.idle_page)
        self.scan.setFocus()

    def show_keypad(self) -> None:
        """The on-screen keypad, the field prefilled with this office's agency code."""
        if not self.scan.text():
            self.scan.setText(f"{self.agency_code}-")
        self.stack.setCurrentWidget(self.keypad_page)
        self._touch()

    def _touch(self) -> None:
        """Restart the countdown back to the idle screen."""
        self.idle_timer.start(self.idle_ms)
        self.scan.setFocus()

    def submit(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        prefix = f"{self.agency_code}-"
        if not text.strip() or text.strip() == prefix:
            return
        rest = text[len(prefix):] if text.startswith(prefix) else ""
        if rest.upper().startswith(receipt_qr.PREFIX) or rest.startswith(prefix):
            text = rest  # a receipt scanned while the keypad had prefilled the field

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
        self.scaler.css(self.status_label,
                        f"font-size: 40px; font-weight: 700; background: {colour}; border-radius: 16px; padding: 8px;")
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                self.scaler.forget(widget)
                widget.setParent(None)
                widget.deleteLater()
        lines = [(label, value) for label, value in view.lines() if label != "Tình trạng"]  # it is the banner
        for row, (label, value) in enumerate(lines):
            left = QLabel(label)
            left.setWordWrap(True)
            self.scaler.css(left, "font-size: 26px; color: #bbdefb; background: transparent;")
            right = QLabel(value)
            right.setWordWrap(True)
            right.setObjectName(f"kioskValue{row}")
            highlight = label in HIGHLIGHTED
            self.scaler.css(right, "font-size: 28px; font-weight: 700; background: transparent;"
                            + (" color: #ffd54f;" if highlight else ""))
            self.grid.addWidget(left, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(right, row, 1)
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
            emit(self.unlocked)
            self.close()

    def _pin_closed(self, *_: Any) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
        self.pin_dialog = None
        self.scan.setFocus()

    def pin_locked(self) -> bool:
        return self.pin_gate.locked()
