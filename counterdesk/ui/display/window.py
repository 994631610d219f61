"""Màn hình gọi số: the lobby TV (unattended, full screen).

Every 500 ms a worker asks the shared store for call events newer than the last one seen (an
indexed primary-key range: cheap on PostgreSQL or on the same SQLite file) and for the waiting
counts. A new call is shown at once — newest highlighted — and announced with a chime and the
offline Vietnamese voice, so a call from any counter appears within a second.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import queue, settings
from counterdesk.store.uow import Store
from counterdesk.ui.common.fullscreen import UnattendedWindow
from counterdesk.ui.common.workers import Worker, run_in_background
from counterdesk.ui.display.voice import Announcer

log = logging.getLogger("counterdesk.ui.display")

POLL_MS = 500
HISTORY_ROWS = 6
FLASH_TICKS = 12  # 12 × 500 ms of blinking for a new call
DESIGN_SIZE = (1920, 1080)  # the screen the type sizes are drawn for
_PX = re.compile(r"(\d+)px")


def _scale_css(css: str, scale: float) -> str:
    return _PX.sub(lambda m: f"{max(1, round(int(m.group(1)) * scale))}px", css)


@dataclass(frozen=True)
class Snapshot:
    calls: list[queue.CallInfo]
    lines: list[queue.LineInfo]


def fetch(store: Store, after_event_id: int) -> Snapshot:
    """What the screen needs since its last look (runs in a worker thread)."""
    return Snapshot(calls=queue.calls_since(store, after_event_id), lines=queue.lines(store))


class DisplayWindow(UnattendedWindow):
    TITLE = "Màn hình gọi số"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *,
                 announcer: Announcer | None = None) -> None:
        super().__init__(store, parent)
        self.actor = actor
        name = settings.office_name(store)
        style = settings.get(store, "display.voice")
        self.announcer = announcer or Announcer(style, self)
        self.last_event_id = queue.last_event_id(store)
        self.history: list[queue.CallInfo] = []
        for call in reversed(queue.recent_calls(store, limit=3 * HISTORY_ROWS)):
            self._remember(call)
        self._worker: Worker | None = None
        self._flash = 0
        # Type sizes are designed for a 1920×1080 TV and follow the window's size, so that a
        # 1280×720 or 1366×768 screen shows the whole layout instead of cutting it off.
        self._sized: list[tuple[QWidget, str]] = []
        self._scale = 1.0
        self.setStyleSheet("background: #0b2e6b; color: white;")

        root = self._root = QVBoxLayout(self)
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # small screens shrink the type instead
        root.setContentsMargins(32, 20, 32, 20)
        root.setSpacing(16)
        header = QHBoxLayout()
        title = QLabel(name.upper())
        title.setWordWrap(True)
        self._scaled(title, "font-size: 30px; font-weight: 700;")
        self.clock = QLabel()
        self._scaled(self.clock, "font-size: 30px; font-weight: 600; color: #ffd54f;")
        header.addWidget(title, 1)
        header.addWidget(self.clock)
        root.addLayout(header)

        body = QHBoxLayout()
        body.setSpacing(24)
        self.card = QFrame()
        self.card.setObjectName("latest")
        card = QVBoxLayout(self.card)
        invite = QLabel("MỜI CÔNG DÂN CÓ SỐ")
        invite.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scaled(invite, "font-size: 40px; font-weight: 600; background: transparent;")
        self.latest_number = QLabel("—")
        self.latest_number.setObjectName("latestNumber")
        self.latest_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scaled(self.latest_number, "font-size: 210px; font-weight: 800; background: transparent;")
        self.latest_counter = QLabel("")
        self.latest_counter.setObjectName("latestCounter")
        self.latest_counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scaled(self.latest_counter, "font-size: 72px; font-weight: 700; background: transparent;")
        for w in (invite, self.latest_number, self.latest_counter):
            card.addWidget(w)
        body.addWidget(self.card, 3)

        side = QVBoxLayout()
        recent = QLabel("CÁC SỐ VỪA GỌI")
        self._scaled(recent, "font-size: 30px; font-weight: 700; color: #90caf9;")
        side.addWidget(recent)
        self.rows: list[QLabel] = []
        for i in range(HISTORY_ROWS):
            row = QLabel("")
            row.setObjectName(f"recent{i}")
            self._scaled(row, "font-size: 46px; font-weight: 600; padding: 6px 14px; border-bottom: 2px solid #1e4a94;")
            side.addWidget(row)
            self.rows.append(row)
        side.addStretch(1)
        body.addLayout(side, 2)
        root.addLayout(body, 1)

        waiting_title = QLabel("ĐANG CHỜ")
        self._scaled(waiting_title, "font-size: 24px; font-weight: 700; color: #90caf9;")
        root.addWidget(waiting_title)
        self.counts = QGridLayout()
        self.counts.setSpacing(12)
        root.addLayout(self.counts)
        self.status = QLabel("")
        self.status.setObjectName("status")
        self._scaled(self.status, "font-size: 20px; color: #ffab91;")
        root.addWidget(self.status)
        self.count_labels: dict[str, QLabel] = {}

        self._paint_calls()
        self._paint_lines(queue.lines(store))
        self._tick_clock()
        screen = self.screen().availableGeometry()
        self._rescale(screen.width(), screen.height())
        self.poll_timer = QTimer(self)
        self.poll_timer.timeout.connect(self.poll)
        self.poll_timer.start(POLL_MS)

    # ---------------------------------------------------------------- polling

    def poll(self) -> None:
        """Start one background look at the store unless the previous one is still running."""
        self._tick_clock()
        self._blink()
        if self._worker is not None:
            return
        self._worker = run_in_background(fetch, self.store, self.last_event_id,
                                         on_done=self._apply, on_failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._worker = None
        log.warning("display poll failed: %s", exc)
        message = exc.message if isinstance(exc, DomainError) else "Mất kết nối CSDL — đang thử lại…"
        self.status.setText(message)

    def _apply(self, snapshot: Snapshot) -> None:
        self._worker = None
        self.status.setText("")
        self.apply(snapshot)

    def apply(self, snapshot: Snapshot) -> None:
        """Show new calls (newest first, highlighted), announce them, update the counts."""
        if snapshot.calls:
            for call in snapshot.calls:
                self.last_event_id = max(self.last_event_id, call.event_id)
                self._remember(call)
                self.announcer.say(call.number, call.counter)
            self._flash = FLASH_TICKS
            self._paint_calls()
        self._paint_lines(snapshot.lines)

    def _remember(self, call: queue.CallInfo) -> None:
        """Newest first; a recall moves the number back to the top instead of listing it twice."""
        self.history = [call, *(c for c in self.history if c.ticket_id != call.ticket_id)][: HISTORY_ROWS + 1]

    # ---------------------------------------------------------------- sizing

    def _scaled(self, widget: QWidget, css: str) -> None:
        """Give ``widget`` its style with every ``NNpx`` scaled to the window (now and on resize)."""
        self._sized.append((widget, css))
        widget.setStyleSheet(_scale_css(css, self._scale))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._rescale(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def _rescale(self, width: int, height: int) -> None:
        scale = max(0.35, min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1]))
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale
        for widget, css in self._sized:
            widget.setStyleSheet(_scale_css(css, scale))
        self._root.setContentsMargins(*(round(v * scale) for v in (32, 20, 32, 20)))
        self._root.setSpacing(round(16 * scale))

    # ---------------------------------------------------------------- painting

    def _tick_clock(self) -> None:
        self.clock.setText(f"{now_vn():%H:%M:%S  ·  %d/%m/%Y}")

    def _blink(self) -> None:
        if self._flash > 0:
            self._flash -= 1
            self._card_style(highlight=self._flash % 2 == 0)

    def _card_style(self, *, highlight: bool) -> None:
        bg, fg = ("#ffd54f", "#0b2e6b") if highlight else ("#1e56b5", "white")
        self.card.setStyleSheet(f"#latest {{ background: {bg}; border-radius: 24px; }} #latest QLabel {{ color: {fg}; }}")

    def _paint_calls(self) -> None:
        if self.history:
            latest = self.history[0]
            self.latest_number.setText(latest.number)
            self.latest_counter.setText(f"→ {latest.counter_name.upper()}")
        self._card_style(highlight=bool(self.history))
        for row, call in zip(self.rows, [*self.history[1:], *([None] * HISTORY_ROWS)], strict=False):
            row.setText("" if call is None else f"{call.number}  →  {call.counter_name}")

    def _paint_lines(self, lines: list[queue.LineInfo]) -> None:
        for line in lines:
            label = self.count_labels.get(line.prefix)
            if label is None:
                label = QLabel()
                label.setObjectName(f"count_{line.prefix}")
                self._scaled(label, "font-size: 24px; background: #123f8a; border-radius: 10px; padding: 8px 14px;")
                index = len(self.count_labels)
                self.counts.addWidget(label, index // 3, index % 3)
                self.count_labels[line.prefix] = label
            label.setText(f"<b>{line.prefix}</b> · {line.name}: <b>{line.waiting}</b> người")
