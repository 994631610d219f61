"""Hồ sơ trễ hạn: overdue and due-within-one-working-day dossiers at a glance, and the apology.

Red rows are overdue, amber rows are due by the end of the next working day. A supervisor can
issue the apology with a new return date (Mẫu 04) for a dossier not yet past its deadline; the
form is rendered off the GUI thread and opened in the print preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import VN_TZ, now_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import PERMISSIONS, Actor
from counterdesk.services import dossier_forms, lateness
from counterdesk.services.lateness import LateItem
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.print_pdf import preview_and_print

OVERDUE_BG, SOON_BG = QColor("#ffcdd2"), QColor("#ffe0b2")
COLUMNS = ("Mã hồ sơ", "Thủ tục", "Người nộp", "Trạng thái", "Hẹn trả", "Tình hình", "Đơn vị giải quyết")


class ApologyDialog(QDialog):
    """Reason and new return moment for Mẫu 04."""

    def __init__(self, item: LateItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Phiếu xin lỗi và hẹn lại — {item.code}")
        form = QFormLayout(self)
        form.addRow("Hồ sơ", QLabel(f"{item.code}\n{item.procedure_name}"))
        form.addRow("Hẹn trả cũ", QLabel(dossier_forms.moment(item.due_at)))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do chưa trả kết quả đúng hạn")
        self.new_due = QDateTimeEdit()
        self.new_due.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.new_due.setCalendarPopup(True)
        due = item.due_at
        start = QDateTime(QDate(due.year, due.month, due.day), QTime(due.hour, due.minute)).addDays(2)
        self.new_due.setDateTime(start)
        form.addRow("Lý do", self.reason)
        form.addRow("Hẹn trả mới", self.new_due)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def new_due_at(self) -> datetime:
        value = self.new_due.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.replace(tzinfo=VN_TZ)


class LatePanel(QWidget):
    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 show_pdf: Callable[[QWidget, bytes, str], object] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.items: list[LateItem] = []
        self._show_pdf = show_pdf or preview_and_print
        self.jobs = BackgroundJobs()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel("")
        self.summary.setObjectName("lateSummary")
        self.summary.setStyleSheet("font-size: 18px; font-weight: 700;")
        top.addWidget(self.summary, 1)
        refresh = QPushButton("Làm mới")
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        layout.addLayout(top)
        legend = QLabel("<span style='background:#ffcdd2'>&nbsp;Đỏ: đã quá hạn&nbsp;</span>&nbsp;&nbsp;"
                        "<span style='background:#ffe0b2'>&nbsp;Cam: đến hạn trong 1 ngày làm việc&nbsp;</span>")
        layout.addWidget(legend)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("lateTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.apology = QPushButton("Xin lỗi và hẹn lại ngày trả (Mẫu 04)…")
        self.apology.clicked.connect(self.ask_apology)
        self.may_apologise = actor.role in PERMISSIONS["dossier.apology"]
        self.apology.setEnabled(self.may_apologise)
        if not self.may_apologise:
            self.apology.setToolTip("Phiếu xin lỗi do lãnh đạo (thủ trưởng) ký; đăng nhập chế độ lãnh đạo.")
        bottom.addWidget(self.apology)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        bottom.addWidget(self.message, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        now = now_vn()
        try:
            self.items = lateness.late_dossiers(self.store, now=now)
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        overdue = sum(1 for i in self.items if i.overdue)
        soon = len(self.items) - overdue
        self.summary.setText(f"{overdue} hồ sơ quá hạn · {soon} hồ sơ đến hạn trong 1 ngày làm việc")
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            values = (item.code, item.procedure_name, item.applicant_name, item.status_name,
                      dossier_forms.moment(item.due_at) + (" (đã hẹn lại)" if item.rescheduled else ""),
                      item.due_text(now), item.handling_unit)
            brush = QBrush(OVERDUE_BG if item.overdue else SOON_BG)
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setBackground(brush)
                cell.setForeground(QBrush(QColor("#000000")))
                if col == 5:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, cell)

    def selected(self) -> LateItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def ask_apology(self) -> None:
        item = self.selected()
        if item is None:
            self.message.setText("Chọn một hồ sơ trong danh sách trước.")
            return
        dialog = ApologyDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apologise(item.code, dialog.reason.toPlainText(), dialog.new_due_at())

    def apologise(self, code: str, reason: str, new_due_at: datetime) -> bool:
        try:
            lateness.apologise(self.store, self.actor, code, reason=reason, new_due_at=new_due_at)
        except DomainError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText(f"Đã hẹn lại hồ sơ {code}; đang chuẩn bị phiếu xin lỗi…")
        self.refresh()
        self.jobs.start(
            lambda: dossier_forms.render(dossier_forms.apology_data(self.store, code)),
            on_done=lambda pdf: self._pdf_ready(code, pdf),
            on_failed=lambda exc: self.message.setText(str(exc)),
        )
        return True

    def _pdf_ready(self, code: str, pdf: bytes) -> None:
        self.message.setText(f"Đã hẹn lại hồ sơ {code}. Phiếu xin lỗi (Mẫu 04) sẵn sàng để in và trình ký.")
        try:
            self._show_pdf(self, pdf, f"Phiếu xin lỗi {code}")
        except DomainError as exc:
            self.message.setText(exc.message)
