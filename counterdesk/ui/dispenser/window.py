"""Lấy số thứ tự: the unattended touch dispenser (full screen).

One large button per open service line and a priority toggle. The ticket is committed first
(in the GUI thread: one short transaction), then printed by a worker; a printer failure shows
"Máy in hết giấy/mất kết nối" with the number on screen, and the ticket stays stored and
waiting — a clerk reprints it from the desk (or `counterdesk ticket reprint A012`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.paths import data_home
from counterdesk.printing.ticket import TicketPrinter
from counterdesk.services import queue, returns, settings
from counterdesk.services.lookup import MAX_SCAN
from counterdesk.store.uow import Store
from counterdesk.ui.common.fullscreen import UnattendedWindow
from counterdesk.ui.common.workers import Worker, run_in_background

log = logging.getLogger("counterdesk.ui.dispenser")

RESULT_SECONDS = 10
BUTTON_STYLE = """
QPushButton { background: white; color: #0b3d91; border: none; border-radius: 18px; padding: 18px;
              text-align: center; }
QPushButton:pressed { background: #ffd54f; }
QPushButton:disabled { background: #c5cae9; color: #5c6bc0; }
"""
PRIORITY_STYLE = """
QPushButton { background: #1e56b5; color: white; border: 3px solid white; border-radius: 18px;
              font-size: 26px; padding: 14px 28px; }
QPushButton:checked { background: #ffb300; color: #1a1a1a; border-color: #ffb300; font-weight: 700; }
"""


class LineButton(QPushButton):
    """A big touch target: the line's letter, its name and how many people wait."""

    def __init__(self, line: queue.LineInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = line.prefix
        self.setObjectName(f"line_{line.prefix}")
        self.setMinimumSize(360, 140)
        self.setStyleSheet(BUTTON_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        inner = QVBoxLayout(self)
        inner.setContentsMargins(20, 12, 20, 12)
        self.title = QLabel(f"{line.prefix}  ·  {line.name}")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 34px; font-weight: 700; color: #0b3d91; background: transparent;")
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setStyleSheet("font-size: 22px; color: #37474f; background: transparent;")
        for label in (self.title, self.count):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inner.addWidget(label)
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
        self._workers: list[Worker] = []
        self.last_issued: queue.IssuedTicket | None = None
        name = settings.office_name(store)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(18)
        header = QLabel(name.upper())
        header.setWordWrap(True)
        header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStyleSheet("font-size: 30px; font-weight: 700;")
        title = QLabel("Mời chọn lĩnh vực để lấy số thứ tự")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 40px; font-weight: 300;")
        layout.addWidget(header)
        layout.addWidget(title)

        self.grid = QGridLayout()
        self.grid.setSpacing(22)
        layout.addLayout(self.grid, 1)
        self.buttons: dict[str, LineButton] = {}

        bottom = QHBoxLayout()
        self.priority = QPushButton("Ưu tiên: người cao tuổi, khuyết tật, phụ nữ mang thai, người có công…")
        self.priority.setObjectName("priority")
        self.priority.setCheckable(True)
        self.priority.setMinimumHeight(80)
        self.priority.setStyleSheet(PRIORITY_STYLE)
        bottom.addWidget(self.priority, 1)
        layout.addLayout(bottom)
        # Receipt scanner: scanning the receipt gives a ticket on the return-of-results line.
        self.scan = QLineEdit()
        self.scan.setObjectName("returnScan")
        self.scan.setMaxLength(MAX_SCAN)
        self.scan.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.scan.setPlaceholderText("Nhận kết quả: quét mã trên Giấy tiếp nhận hồ sơ")
        self.scan.setStyleSheet("font-size: 24px; padding: 8px; background: white; color: #102027; border-radius: 8px;")
        self.scan.returnPressed.connect(self.take_return)
        layout.addWidget(self.scan)

        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(120)
        layout.addWidget(self.result)
        self._clear_result()

        self.clear_timer = QTimer(self)
        self.clear_timer.setSingleShot(True)
        self.clear_timer.timeout.connect(self._clear_result)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start(5000)
        self.refresh()

    @property
    def printer(self) -> TicketPrinter:
        if self._printer is None:
            self._printer = queue.ticket_printer(self.store, data_home())
        return self._printer

    def refresh(self) -> None:
        """Buttons for the open lines and their waiting counts (another dispenser may be busy too)."""
        try:
            lines = queue.lines(self.store)
        except DomainError as exc:
            self._show_error(exc.message)
            return
        if [x.prefix for x in lines] != list(self.buttons):
            for button in self.buttons.values():
                button.setParent(None)
                button.deleteLater()
            self.buttons = {}
            columns = 2 if len(lines) <= 6 else 3
            for i, line in enumerate(lines):
                button = LineButton(line)
                button.clicked.connect(lambda _=False, p=line.prefix: self.take(p))
                self.grid.addWidget(button, i // columns, i % columns)
                self.buttons[line.prefix] = button
        for line in lines:
            self.buttons[line.prefix].update_count(line)

    def take(self, prefix: str) -> queue.IssuedTicket | None:
        """Issue (committed here), then print in the background."""
        priority = self.priority.isChecked()
        try:
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
            f"<div style='font-size:80px; font-weight:800'>{issued.ticket.number}</div>"
            f"<div style='font-size:24px'>{issued.ticket.line_name} · {issued.ahead} người chờ trước · Đang in phiếu…</div>",
            "#ffffff", "#0b3d91",
        )
        self._set_buttons_enabled(False)
        def done(_where: object) -> None:
            self._printed(issued)

        def failed(exc: BaseException) -> None:
            self._print_failed(issued, exc)

        worker = run_in_background(queue.print_ticket, self.store, issued.ticket.id, self.printer,
                                   on_done=done, on_failed=failed)
        self._workers.append(worker)
        self.refresh()
        return issued

    def _printed(self, issued: queue.IssuedTicket) -> None:
        self._set_buttons_enabled(True)
        self._show(
            f"<div style='font-size:30px'>Mời nhận phiếu</div>"
            f"<div style='font-size:80px; font-weight:800'>{issued.ticket.number}</div>"
            f"<div style='font-size:24px'>{issued.ticket.line_name} · {issued.ahead} người chờ trước. "
            "Vui lòng theo dõi màn hình gọi số.</div>",
            "#ffffff", "#0b3d91",
        )

    def _print_failed(self, issued: queue.IssuedTicket, exc: BaseException) -> None:
        self._set_buttons_enabled(True)
        log.warning("ticket %s not printed: %s", issued.ticket.number, exc)
        self._show(
            "<div style='font-size:30px; font-weight:700'>Máy in hết giấy/mất kết nối</div>"
            f"<div style='font-size:80px; font-weight:800'>{issued.ticket.number}</div>"
            "<div style='font-size:24px'>Số của bạn đã được ghi nhận. Xin ghi nhớ số này; "
            "cán bộ tại quầy sẽ in lại phiếu.</div>",
            "#1a1a1a", "#ffb300", seconds=RESULT_SECONDS * 2,
        )

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _show(self, html: str, fg: str, bg: str, *, seconds: int = RESULT_SECONDS) -> None:
        self.result.setText(html)
        self.result.setStyleSheet(f"background: {bg}; color: {fg}; border-radius: 18px; padding: 12px;")
        self.clear_timer.start(seconds * 1000)

    def _show_error(self, message: str) -> None:
        self._show(f"<div style='font-size:28px'>{message}</div>", "#ffffff", "#c62828")

    def _clear_result(self) -> None:
        self.result.setText("<div style='font-size:24px'>Chạm vào lĩnh vực cần giải quyết. "
                            "Người ưu tiên xin chạm nút vàng trước.</div>")
        self.result.setStyleSheet("background: transparent; color: #c5cae9;")
