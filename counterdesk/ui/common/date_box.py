"""A date box that takes a full date typed in one go (04/12/2026, 4/12/2026, 04122026) or picked.

QDateEdit edits one section at a time and drops a date typed whole; this box reads the text with
``domain.typed_date`` when Enter is pressed or focus leaves, and keeps a calendar one click away.
Its API is QDateEdit's (``date``/``setDate``/``dateChanged`` with QDate), so pages swap it in.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.typed_date import parse_typed_date

FORMAT = "dd/MM/yyyy"


class DateBox(QWidget):
    dateChanged = Signal(QDate)

    def __init__(self, day: dt.date | QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.setPlaceholderText("ngày/tháng/năm")
        self.edit.setMaxLength(10)
        self.edit.editingFinished.connect(self._typed)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip("Chọn ngày trên lịch")
        self.pick.setMenu(menu)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        row.addWidget(self.edit)
        row.addWidget(self.pick)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 12)
        self._date = QDate()
        self.setDate(day)

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, day: dt.date | QDate) -> None:
        qday = day if isinstance(day, QDate) else QDate(day.year, day.month, day.day)
        self.edit.setText(qday.toString(FORMAT))
        self.edit.setToolTip("")
        self.edit.setStyleSheet("")
        self.calendar.setSelectedDate(qday)
        if qday != self._date:
            self._date = qday
            self.dateChanged.emit(QDate(qday))

    def _typed(self) -> None:
        try:
            day = parse_typed_date(self.edit.text())
        except DomainError as exc:
            self.edit.setStyleSheet("border: 1px solid #c62828;")
            self.edit.setToolTip(exc.message)
            return
        self.setDate(self._date if day is None else day)

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        menu = self.pick.menu()
        if menu is not None:
            menu.close()
