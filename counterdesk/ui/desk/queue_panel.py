"""The clerk's calling panel (first tab of the desk window).

F5 gọi tiếp · F6 gọi lại · F7 vắng mặt · F8 chuyển · F9 kết thúc · F4 bắt đầu phục vụ.
The shortcuts live on the desk window, so they work while the clerk types in another tab.
``serving_started(ticket_id, number)`` tells the intake form which ticket it is serving.
Errors (nobody waiting, recall limit…) appear in a line under the buttons, never as a modal box
that would steal the keyboard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import ticket_state as ts
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.paths import data_home
from counterdesk.services import queue
from counterdesk.store.uow import Store
from counterdesk.ui.common.signals import emit
from counterdesk.ui.common.workers import Worker, run_in_background

if TYPE_CHECKING:
    from counterdesk.printing.ticket import TicketPrinter  # reportlab, barcodes: loaded on first print

log = logging.getLogger("counterdesk.ui.desk.queue")

STATE_COLOURS = {ts.CALLED: "#ef6c00", ts.SERVING: "#2e7d32"}


class QueuePanel(QWidget):
    serving_started = Signal(int, str)  # ticket id, number ("A012")
    ticket_changed = Signal(object)  # queue.TicketInfo | None

    ACTIONS: tuple[tuple[str, str, Qt.Key], ...] = (
        ("call_next", "Gọi tiếp", Qt.Key.Key_F5),
        ("recall", "Gọi lại", Qt.Key.Key_F6),
        ("no_show", "Vắng mặt", Qt.Key.Key_F7),
        ("transfer", "Chuyển…", Qt.Key.Key_F8),
        ("finish", "Kết thúc", Qt.Key.Key_F9),
        ("start_serving", "Bắt đầu phục vụ", Qt.Key.Key_F4),
    )

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None, *,
                 printer: TicketPrinter | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self._printer = printer
        self.current: queue.TicketInfo | None = None
        self.shortcuts: list[QShortcut] = []

        root = QHBoxLayout(self)
        root.setContentsMargins(16, 16, 16, 16)
        root.setSpacing(18)

        # ---- left: counter, current ticket, buttons, message
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel("Quầy:"))
        self.counter_box = QComboBox()
        self.counter_box.setObjectName("counter")
        self.counter_box.setMinimumWidth(220)
        for c in queue.counters(store):
            self.counter_box.addItem(f"{c.name} ({', '.join(c.lines)})", c.number)
        own = queue.counter_number(store, actor.counter_id) if actor.counter_id else None
        if own is not None and (index := self.counter_box.findData(own)) >= 0:
            self.counter_box.setCurrentIndex(index)
        self.counter_box.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.counter_box)
        top.addStretch(1)
        left.addLayout(top)

        card = self.card = QFrame()
        card.setObjectName("currentCard")
        card.setStyleSheet("#currentCard { background: #0b3d91; border-radius: 16px; }"
                           "#currentCard QLabel { color: white; }")
        card_layout = QVBoxLayout(card)
        caption = QLabel("Số đang phục vụ")
        caption.setStyleSheet("font-size: 18px;")
        self.number_label = QLabel("—")
        self.number_label.setObjectName("currentNumber")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_label.setStyleSheet("font-size: 96px; font-weight: 800;")
        self.state_label = QLabel()
        self.state_label.setObjectName("currentState")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label.setStyleSheet("font-size: 20px;")
        for w in (caption, self.number_label, self.state_label):
            card_layout.addWidget(w)
        left.addWidget(card)

        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, label, key) in enumerate(self.ACTIONS):
            button = QPushButton(f"{label}\n{QKeySequence(key).toString()}")
            button.setObjectName(f"btn_{name}")
            button.setMinimumHeight(72)
            button.setStyleSheet("font-size: 18px; font-weight: 600;")
            button.clicked.connect(getattr(self, name))
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[name] = button
        self.buttons["call_next"].setStyleSheet(
            "font-size: 18px; font-weight: 700; background: #2e7d32; color: white; border-radius: 6px;")
        left.addLayout(grid)

        extra = QHBoxLayout()
        self.call_chosen_btn = QPushButton("Gọi số đã chọn")
        self.call_chosen_btn.clicked.connect(self.call_selected)
        self.reprint_btn = QPushButton("In lại phiếu…")
        self.reprint_btn.clicked.connect(self.ask_reprint)
        self.cancel_btn = QPushButton("Huỷ số đã chọn")
        self.cancel_btn.clicked.connect(self.cancel_selected)
        for b in (self.call_chosen_btn, self.reprint_btn, self.cancel_btn):
            b.setMinimumHeight(40)
            extra.addWidget(b)
        left.addLayout(extra)

        self.message = QLabel()
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(48)
        left.addWidget(self.message)
        left.addStretch(1)
        root.addLayout(left, 3)

        # ---- right: counts per line, the waiting list, today's no-shows
        right = QVBoxLayout()
        right.addWidget(self._heading("Đang chờ theo dãy"))
        self.counts = QTableWidget(0, 3)
        self.counts.setObjectName("waitingCounts")
        self.counts.setHorizontalHeaderLabels(["Dãy", "Lĩnh vực", "Đang chờ"])
        self.counts.verticalHeader().setVisible(False)
        self.counts.horizontalHeader().setStretchLastSection(True)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.setMaximumHeight(190)
        right.addWidget(self.counts)
        right.addWidget(self._heading("Thứ tự gọi của quầy (nhấp đúp để gọi)"))
        self.waiting = QListWidget()
        self.waiting.setObjectName("waitingList")
        self.waiting.setStyleSheet("font-size: 16px;")
        self.waiting.itemDoubleClicked.connect(lambda _item: self.call_selected())
        right.addWidget(self.waiting, 2)
        right.addWidget(self._heading("Vắng mặt hôm nay (nhấp đúp để gọi lại)"))
        self.absent = QListWidget()
        self.absent.setObjectName("noShowList")
        self.absent.itemDoubleClicked.connect(lambda item: self._call_id(int(item.data(Qt.ItemDataRole.UserRole))))
        right.addWidget(self.absent, 1)
        root.addLayout(right, 2)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(2000)
        self.install_shortcuts(self)
        self.refresh()

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-size: 15px; font-weight: 700; margin-top: 6px;")
        return label

    def install_shortcuts(self, target: QWidget) -> None:
        """(Re)create F4–F9 on ``target`` (the desk window) so they work from every tab."""
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
            shortcut.setParent(None)  # gone now, not at the next event loop turn: no ambiguous key
        self.shortcuts = []
        for name, _label, key in self.ACTIONS:
            shortcut = QShortcut(QKeySequence(key), target)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(getattr(self, name))
            self.shortcuts.append(shortcut)

    @property
    def counter(self) -> int:
        return int(self.counter_box.currentData())

    @property
    def printer(self) -> TicketPrinter:
        if self._printer is None:
            self._printer = queue.ticket_printer(self.store, data_home())
        return self._printer

    # ---------------------------------------------------------------- actions

    def _run(self, action: Callable[[], queue.TicketInfo], done: str) -> queue.TicketInfo | None:
        try:
            info = action()
        except DomainError as exc:
            self._say(exc.message, error=True)
            self.refresh()
            return None
        self._say(done.format(n=info.number, c=self.counter))
        self.refresh()
        return info

    def call_next(self) -> queue.TicketInfo | None:
        return self._run(lambda: queue.call_next(self.store, self.actor, self.counter), "Đã gọi số {n} đến quầy {c}.")

    def recall(self) -> queue.TicketInfo | None:
        return self._run(lambda: queue.recall(self.store, self.actor, self.counter), "Đã gọi lại số {n}.")

    def no_show(self) -> queue.TicketInfo | None:
        return self._run(lambda: queue.no_show(self.store, self.actor, self.counter), "Số {n}: vắng mặt.")

    def start_serving(self) -> queue.TicketInfo | None:
        info = self._run(lambda: queue.start_serving(self.store, self.actor, self.counter), "Đang phục vụ số {n}.")
        if info is not None:
            emit(self.serving_started, info.id, info.number)
        return info

    def finish(self) -> queue.TicketInfo | None:
        return self._run(lambda: queue.finish(self.store, self.actor, self.counter), "Đã kết thúc số {n}.")

    def transfer(self) -> queue.TicketInfo | None:
        """F8: choose a line or a counter, then transfer."""
        if self.current is None:
            self._say(f"Quầy số {self.counter} chưa gọi số nào.", error=True)
            return None
        options: list[tuple[str, str | None, int | None]] = [
            (f"Dãy {x.prefix} – {x.name}", x.prefix, None) for x in queue.lines(self.store)
            if x.prefix != self.current.line  # the line it already waits in is no transfer
        ]
        options += [(f"{c.name}", None, c.number) for c in queue.counters(self.store) if c.number != self.counter]
        choice, ok = QInputDialog.getItem(self, "Chuyển số", f"Chuyển số {self.current.number} sang:",
                                          [o[0] for o in options], 0, False)
        if not ok:
            return None
        _, line, counter = next(o for o in options if o[0] == choice)
        return self.transfer_to(line=line, counter=counter)

    def transfer_to(self, *, line: str | None = None, counter: int | None = None) -> queue.TicketInfo | None:
        return self._run(
            lambda: queue.transfer(self.store, self.actor, self.counter, to_line=line, to_counter=counter),
            "Đã chuyển số {n}.",
        )

    def return_to_queue(self) -> queue.TicketInfo | None:
        """The counter stops now: the ticket called or served here waits again in its line."""
        if self.current is None:
            return None
        line = self.current.line
        return self._run(
            lambda: queue.transfer(self.store, self.actor, self.counter, to_line=line, note="quầy đóng"),
            "Đã trả số {n} về hàng đợi.",
        )

    def call_selected(self) -> queue.TicketInfo | None:
        item = self.waiting.currentItem()
        if item is None:
            self._say("Hãy chọn một số trong danh sách chờ.", error=True)
            return None
        return self._call_id(int(item.data(Qt.ItemDataRole.UserRole)))

    def _call_id(self, ticket_id: int) -> queue.TicketInfo | None:
        return self._run(lambda: queue.call_ticket(self.store, self.actor, self.counter, ticket_id),
                         "Đã gọi số {n} đến quầy {c}.")

    def cancel_selected(self) -> queue.TicketInfo | None:
        item = self.waiting.currentItem()
        if item is None:
            self._say("Hãy chọn số cần huỷ trong danh sách chờ.", error=True)
            return None
        ticket_id = int(item.data(Qt.ItemDataRole.UserRole))
        return self._run(lambda: queue.cancel(self.store, self.actor, ticket_id, note="huỷ tại quầy"), "Đã huỷ số {n}.")

    def ask_reprint(self) -> None:
        number, ok = QInputDialog.getText(self, "In lại phiếu", "Số cần in lại (ví dụ A012):")
        if ok and number.strip():
            self.reprint(number)

    def reprint(self, number: str) -> Worker | None:
        """Reprint a slip the dispenser could not print (in the background)."""
        try:
            found = queue.find_ticket(self.store, number)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return None
        self._say(f"Đang in lại phiếu {found.number}…")
        worker = run_in_background(
            queue.print_ticket, self.store, found.id, self.printer,
            on_done=lambda where: self._say(f"Đã in lại phiếu {found.number} ({where})."),
            on_failed=lambda exc: self._say(str(exc), error=True), owner=self,
        )
        return worker

    # ---------------------------------------------------------------- view

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        colour = "#b71c1c" if error else "#1b5e20"
        self.message.setStyleSheet(f"font-size: 16px; color: {colour}; font-weight: 600;")

    def refresh(self) -> None:
        if self.counter_box.currentIndex() < 0:
            return
        try:
            current = queue.current_ticket(self.store, self.counter)
            lines = queue.lines(self.store, counter=self.counter)
            waiting = queue.waiting_list(self.store, self.counter, limit=100)
            absent = queue.no_show_list(self.store)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        if current != self.current:
            self.current = current
            emit(self.ticket_changed, current)
        if current is None:
            self.number_label.setText("—")
            self.state_label.setText("Chưa gọi số nào · F5 để gọi số tiếp theo")
        else:
            self.number_label.setText(current.number)
            extra = f" · đã gọi lại {current.recall_count} lần" if current.recall_count else ""
            prio = " · ƯU TIÊN" if current.priority else ""
            self.state_label.setText(f"{current.state_name} · {current.line_name}{prio}{extra}")
        colour = STATE_COLOURS.get(current.state, "#0b3d91") if current else "#0b3d91"
        self.card.setStyleSheet(
            f"#currentCard {{ background: {colour}; border-radius: 16px; }} #currentCard QLabel {{ color: white; }}")
        self.counts.setRowCount(len(lines))
        for row, line in enumerate(lines):
            count = f"{line.waiting}" + (f" ({line.priority_waiting} ưu tiên)" if line.priority_waiting else "")
            for col, text in enumerate((line.prefix, line.name, count)):
                self.counts.setItem(row, col, QTableWidgetItem(text))
        self.counts.resizeColumnsToContents()
        selected = self.waiting.currentItem().data(Qt.ItemDataRole.UserRole) if self.waiting.currentItem() else None
        self.waiting.clear()
        for t in waiting:
            tags = [t.line_name]
            if t.priority:
                tags.insert(0, "ƯU TIÊN")
            if t.target_counter:
                tags.insert(0, f"chuyển đến quầy {t.target_counter}")
            item = QListWidgetItem(f"{t.number}   {t.issued_at:%H:%M}   {' · '.join(tags)}")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.waiting.addItem(item)
            if t.id == selected:
                self.waiting.setCurrentItem(item)
        self.absent.clear()
        for t in absent:
            item = QListWidgetItem(f"{t.number}   vắng lúc {t.finished_at:%H:%M}" if t.finished_at else t.number)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.absent.addItem(item)
