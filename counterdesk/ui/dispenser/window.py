"""Lấy số thứ tự: the unattended touch dispenser (full screen).

One large button per open service line and a priority toggle. The ticket is committed first
(in the GUI thread: one short transaction), then printed by a worker; a printer failure shows
"Máy in hết giấy/mất kết nối" with the number on screen, and the ticket stays stored and
waiting — a clerk reprints it from the desk (or `counterdesk ticket reprint A012`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.paths import data_home
from counterdesk.printing.ticket import TicketPrinter
from counterdesk.services import opening_hours, queue, returns, settings
from counterdesk.services.lookup import MAX_SCAN
from counterdesk.store.uow import Store
from counterdesk.ui.common.fullscreen import UnattendedWindow
from counterdesk.ui.common.marks import MarkSafeLabel
from counterdesk.ui.common.scaling import Scaler, scale_css
from counterdesk.ui.common.workers import run_in_background

log = logging.getLogger("counterdesk.ui.dispenser")

RESULT_SECONDS = 10
BUTTON_STYLE = """
QPushButton { background: white; color: #0b3d91; border: none; border-radius: 18px; padding: 0px; }
QPushButton:pressed { background: #ffd54f; }
QPushButton:disabled { background: #c5cae9; color: #5c6bc0; }
"""
PRIORITY_STYLE = """
QPushButton { background: #1e56b5; border: 3px solid white; border-radius: 18px; }
QPushButton:checked { background: #ffb300; border-color: #ffb300; }
"""
PRIORITY_TEXT_STYLE = "font-size: 26px; color: white; background: transparent;"
RESULT_HEIGHT = 210  # design px: the ticket number and two lines of text
PORTRAIT_RESULT = 1.4


DESIGN_SIZE = (1600, 1040)  # the screen the px values below are drawn for; others scale (ui.common.scaling)


def _inner_label(button: QPushButton, scaler: Scaler, css: str) -> QLabel:
    """A wrapping label inside a touch button (a QPushButton's own text never wraps)."""
    label = MarkSafeLabel()
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    scaler.css(label, css)
    button.layout().addWidget(label)  # type: ignore[union-attr]
    return label


class LineButton(QPushButton):
    """A big touch target: the line's letter, its name and how many people wait."""

    def __init__(self, line: queue.LineInfo, scaler: Scaler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = line.prefix
        self.setObjectName(f"line_{line.prefix}")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        scaler.minimum(self, 300, 112)
        scaler.css(self, BUTTON_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        scaler.layout(QVBoxLayout(self), (20, 8, 20, 8), 4)
        self.title = _inner_label(self, scaler, "font-size: 34px; font-weight: 700; color: #0b3d91; background: transparent;")
        self.title.setText(f"{line.prefix}  ·  {line.name}")
        self.count = _inner_label(self, scaler, "font-size: 22px; color: #37474f; background: transparent;")
        self.update_count(line)

    def update_count(self, line: queue.LineInfo) -> None:
        self.count.setText(f"Đang chờ: {line.waiting} người")


class DispenserWindow(UnattendedWindow):
    TITLE = "Lấy số thứ tự"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *,
                 printer: TicketPrinter | None = None) -> None:
        super().__init__(store, parent)
        self.actor = actor
        self._printer = printer
        self.last_issued: queue.IssuedTicket | None = None
        self.scaler = Scaler(DESIGN_SIZE, self)
        self._result_html = ""
        self._portrait = False
        name = settings.office_name(store)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # small screens shrink the type instead
        self.scaler.layout(layout, (48, 20, 48, 20), 14)
        self.header = MarkSafeLabel(name.upper())
        self.header.setObjectName("officeName")
        self.header.setWordWrap(True)
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scaler.css(self.header, "font-size: 30px; font-weight: 700;")
        self.title = MarkSafeLabel("Mời chọn lĩnh vực để lấy số thứ tự")
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scaler.css(self.title, "font-size: 40px; font-weight: 300;")
        layout.addWidget(self.header)
        layout.addWidget(self.title)

        self.grid = QGridLayout()
        self.scaler.layout(self.grid, (0, 0, 0, 0), 18)
        layout.addLayout(self.grid, 1)
        self.buttons: dict[str, LineButton] = {}

        self.priority = QPushButton()
        self.priority.setObjectName("priority")
        self.priority.setCheckable(True)
        self.priority.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.scaler.minimum(self.priority, 300, 76)
        self.scaler.css(self.priority, PRIORITY_STYLE)
        self.scaler.layout(QVBoxLayout(self.priority), (24, 6, 24, 6), 0)
        self.priority_text = _inner_label(self.priority, self.scaler, PRIORITY_TEXT_STYLE)
        self.priority_text.setText("Ưu tiên: người cao tuổi, khuyết tật, phụ nữ mang thai, người có công…")
        self.priority.toggled.connect(self._priority_style)
        layout.addWidget(self.priority)
        # Receipt scanner: scanning the receipt gives a ticket on the return-of-results line.
        self.scan = QLineEdit()
        self.scan.setObjectName("returnScan")
        self.scan.setMaxLength(MAX_SCAN)
        self.scan.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.scan.setPlaceholderText("Nhận kết quả: quét mã trên Giấy tiếp nhận hồ sơ")
        self.scaler.css(self.scan, "font-size: 24px; padding: 6px; background: white; color: #102027; border-radius: 8px;")
        self.scan.returnPressed.connect(self.take_return)
        layout.addWidget(self.scan)

        # The result keeps one height whatever it says, so the buttons never jump when a ticket shows.
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.setWordWrap(True)
        self.result.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.result.setMinimumWidth(300)
        layout.addWidget(self.result)
        self._clear_result()

        self.clear_timer = QTimer(self)
        self.clear_timer.setSingleShot(True)
        self.clear_timer.timeout.connect(self._clear_result)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start(5000)
        self.closed = QLabel(self)  # outside opening hours: covers the window until the office opens
        self.closed.setObjectName("closedScreen")
        self.closed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.closed.setWordWrap(True)
        self.closed.setStyleSheet("background: #0b3d91; color: white; font-size: 44px; font-weight: 700; padding: 60px;")
        self.closed.hide()
        self.refresh()
        screen = self.screen().availableGeometry()
        self._fit(screen.width(), screen.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit(event.size().width(), event.size().height())
        super().resizeEvent(event)
        self.closed.setGeometry(self.rect())

    def _place_buttons(self) -> None:
        """Two columns on a landscape screen (three for many lines), one column standing up."""
        columns = (1 if self._portrait else 2) + (len(self.buttons) > 6)
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for i, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, i // columns, i % columns)

    def _fit(self, width: int, height: int) -> None:
        portrait = height > width
        if portrait != self._portrait:
            self._portrait = portrait
            self._place_buttons()
        if self.scaler.fit(width, height):
            self.result.setText(scale_css(self._result_html, self.scaler.scale))
        tall = self.scaler.px(RESULT_HEIGHT * (PORTRAIT_RESULT if portrait else 1))  # narrow: text wraps more
        self.result.setFixedHeight(tall)

    def _priority_style(self, checked: bool) -> None:
        self.scaler.css(self.priority_text, PRIORITY_TEXT_STYLE + (" color: #1a1a1a; font-weight: 700;" if checked else ""))

    @property
    def printer(self) -> TicketPrinter:
        if self._printer is None:
            self._printer = queue.ticket_printer(self.store, data_home())
        return self._printer

    def refresh(self) -> None:
        """Buttons for the open lines and their waiting counts (another dispenser may be busy too);
        the closed screen outside opening hours."""
        try:
            hours = opening_hours.status(self.store)
            lines = queue.lines(self.store)
        except DomainError as exc:
            self._show_error(exc.message)
            return
        if [x.prefix for x in lines] != list(self.buttons):
            for button in self.buttons.values():
                for widget in (button, button.title, button.count):
                    self.scaler.forget(widget)
                button.setParent(None)
                button.deleteLater()
            self.buttons = {}
            for line in lines:
                button = LineButton(line, self.scaler)
                button.clicked.connect(lambda _=False, p=line.prefix: self.take(p))
                self.buttons[line.prefix] = button
            self._place_buttons()
        for line in lines:
            self.buttons[line.prefix].update_count(line)
        self.closed.setText(hours.message)
        self.closed.setGeometry(self.rect())
        self.closed.setVisible(not hours.allowed)
        if not hours.allowed:
            self.closed.raise_()

    def take(self, prefix: str) -> queue.IssuedTicket | None:
        """Issue (committed here), then print in the background."""
        priority = self.priority.isChecked()
        try:
            opening_hours.check(self.store)
            issued = queue.issue_ticket(self.store, self.actor, prefix, priority=priority)
        except DomainError as exc:
            self._show_error(exc.message)
            return None
        self.priority.setChecked(False)
        return self._issued(issued)

    def take_return(self) -> queue.IssuedTicket | None:
        """A receipt scanned at the dispenser: a return-line ticket carrying its dossier code."""
        text = self.scan.text()
        self.scan.clear()
        if not text.strip():
            return None
        try:
            opening_hours.check(self.store)
            issued = returns.issue_return_ticket(self.store, text, actor=self.actor,
                                                 priority=self.priority.isChecked())
        except DomainError as exc:
            self._show_error(exc.message)
            return None
        self.priority.setChecked(False)
        return self._issued(issued)

    def _issued(self, issued: queue.IssuedTicket) -> queue.IssuedTicket:
        """Show the committed ticket and print it in the background."""
        self.last_issued = issued
        self._show(
            f"<div style='font-size:30px'>Số thứ tự của bạn</div>"
            f"<div style='font-size:104px; font-weight:800; line-height:100%'>{issued.ticket.number}</div>"
            f"<div style='font-size:24px'>{issued.ticket.line_name} · {issued.ahead} người chờ trước · Đang in phiếu…</div>",
            "#ffffff", "#0b3d91",
        )
        self._set_buttons_enabled(False)
        def done(_where: object) -> None:
            self._printed(issued)

        def failed(exc: BaseException) -> None:
            self._print_failed(issued, exc)

        run_in_background(queue.print_ticket, self.store, issued.ticket.id, self.printer,
                          on_done=done, on_failed=failed, owner=self)
        self.refresh()
        return issued

    def _printed(self, issued: queue.IssuedTicket) -> None:
        self._set_buttons_enabled(True)
        self._show(
            f"<div style='font-size:30px'>Mời nhận phiếu</div>"
            f"<div style='font-size:104px; font-weight:800; line-height:100%'>{issued.ticket.number}</div>"
            f"<div style='font-size:24px'>{issued.ticket.line_name} · {issued.ahead} người chờ trước. "
            "Vui lòng theo dõi màn hình gọi số.</div>",
            "#ffffff", "#0b3d91",
        )

    def _print_failed(self, issued: queue.IssuedTicket, exc: BaseException) -> None:
        self._set_buttons_enabled(True)
        log.warning("ticket %s not printed: %s", issued.ticket.number, exc)
        self._show(
            "<div style='font-size:30px; font-weight:700'>Máy in hết giấy/mất kết nối</div>"
            f"<div style='font-size:104px; font-weight:800; line-height:100%'>{issued.ticket.number}</div>"
            "<div style='font-size:24px'>Số của bạn đã được ghi nhận. Xin ghi nhớ số này; "
            "cán bộ tại quầy sẽ in lại phiếu.</div>",
            "#1a1a1a", "#ffb300", seconds=RESULT_SECONDS * 2,
        )

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _show(self, html: str, fg: str, bg: str, *, seconds: int = RESULT_SECONDS) -> None:
        self._result_html = html
        self.result.setText(scale_css(html, self.scaler.scale))
        self.scaler.css(self.result, f"background: {bg}; color: {fg}; border-radius: 18px; padding: 6px;")
        self.clear_timer.start(seconds * 1000)

    def _show_error(self, message: str) -> None:
        self._show(f"<div style='font-size:28px'>{message}</div>", "#ffffff", "#c62828")

    def _clear_result(self) -> None:
        self._result_html = ("<div style='font-size:24px'>Chạm vào lĩnh vực cần giải quyết. "
                             "Người ưu tiên xin chạm nút vàng trước.</div>")
        self.result.setText(scale_css(self._result_html, self.scaler.scale))
        self.scaler.css(self.result, "background: transparent; color: #c5cae9;")
