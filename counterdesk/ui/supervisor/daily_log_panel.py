"""Sổ theo dõi hồ sơ: the day's tracking book on screen as a table, then printed or saved as PDF.

The table is read off the GUI thread each time the day or the field changes; the PDF (Mẫu số 07)
is built by the same job bar as before, so preview/print and save work as they did.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import now_vn
from counterdesk.services import reports
from counterdesk.services.reports import DailyLog
from counterdesk.store.uow import Store
from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.collate import SORT_ROLE, CollatedItem, fill_sorted
from counterdesk.ui.common.date_box import DateBox
from counterdesk.ui.common.print_pdf import preview_pdf, save_pdf
from counterdesk.ui.supervisor import jobs

COLUMNS = ("STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Địa chỉ, điện thoại", "Đơn vị giải quyết",
           "Tiếp nhận", "Hẹn trả", "Đã trả", "Hình thức trả", "Người nhận")


def _moment(value: datetime | None) -> str:
    return "" if value is None else f"{value:%H:%M %d/%m/%Y}"


class DailyLogPanel(QWidget):
    """Sổ theo dõi hồ sơ of a day, per field or all: on screen, then preview/print or save."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.last_pdf: bytes | None = None
        self.log: DailyLog | None = None
        self._then = "preview"
        self.reads = BackgroundJobs()  # each read lives until it reports; a stale one is ignored
        layout = QVBoxLayout(self)
        intro = QLabel("Sổ theo dõi hồ sơ (Mẫu số 07, Thông tư 03/2025/TT-VPCP): các hồ sơ tiếp nhận trong ngày, "
                       "số thứ tự liên tục trong năm.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.day = DateBox(now_vn().date())
        self.field = QComboBox()
        self.field.addItem("Tất cả lĩnh vực", None)
        for code, name in reports.fields_in_catalog(store):
            self.field.addItem(name, code)
        self.preview_button = QPushButton("Xem trước và in…")
        self.save_button = QPushButton("Lưu PDF…")
        self.preview_button.clicked.connect(lambda: self.build("preview"))
        self.save_button.clicked.connect(lambda: self.build("save"))
        for w in (QLabel("Ngày:"), self.day, QLabel("Lĩnh vực:"), self.field):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.count = QLabel("")
        self.count.setObjectName("logCount")
        layout.addWidget(self.count)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("logTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((50, 200, 260, 150, 200, 150, 115, 115, 115, 90)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        self.job = jobs.JobBar()
        self.job.succeeded.connect(self._built)
        self.job.failed.connect(lambda msg: QMessageBox.warning(self, "Sổ theo dõi hồ sơ", msg))
        layout.addWidget(self.job)
        self.day.dateChanged.connect(lambda _d: self.load())
        self.field.currentIndexChanged.connect(lambda _i: self.load())
        self.load()

    def _day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    # ---------------------------------------------------------------- on screen

    def load(self) -> None:
        """Read the chosen day's book off the GUI thread and show it in the table."""
        self.count.setText("Đang đọc sổ…")
        self.reads.start(reports.daily_log, self.store, self._day(), self.field.currentData(),
                         on_done=self._show, on_failed=self._load_failed)

    def _show(self, log: DailyLog) -> None:
        if (log.day, log.field_code) != (self._day(), self.field.currentData()):
            return  # an older request answered after the choice changed
        self.log = log
        rows = []
        for r in log.rows:
            cells = (str(r.stt), r.code, r.procedure, r.applicant, r.address_phone, r.handling_unit,
                     _moment(r.received_at), _moment(r.due_at), _moment(r.returned_at), r.delivery, r.receiver)
            items = tuple(CollatedItem(text) for text in cells)
            items[0].setData(SORT_ROLE, r.stt)
            for col, moment in ((6, r.received_at), (7, r.due_at), (8, r.returned_at)):
                items[col].setData(SORT_ROLE, moment.timestamp() if moment else 0.0)
            for item, text in zip(items, cells, strict=True):
                item.setToolTip(text)
            rows.append(items)
        fill_sorted(self.table, rows)
        where = f" — lĩnh vực {log.field_name}" if log.field_name else ""
        self.count.setText(f"Ngày {log.day:%d/%m/%Y}{where}: {len(log.rows)} hồ sơ tiếp nhận."
                           if log.rows else f"Ngày {log.day:%d/%m/%Y}{where}: chưa tiếp nhận hồ sơ nào.")

    def _load_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or "Không đọc được sổ (lỗi đã được ghi lại)."
        self.count.setText(str(message))

    # ---------------------------------------------------------------- print and save

    def build(self, then: str = "none") -> None:
        self._then = then
        self.job.start("Đang lập sổ theo dõi hồ sơ…", jobs.build_daily_log, self.store, self._day(),
                       self.field.currentData())

    def _built(self, pdf: bytes) -> None:
        self.last_pdf = pdf
        stamp = f"{self._day():%Y%m%d}"
        if self._then == "preview":
            self.dialog = preview_pdf(self, pdf, "Sổ theo dõi hồ sơ — xem trước",
                                      file_name=f"so-theo-doi-{stamp}.pdf")
            self.dialog.open()
        elif self._then == "save":
            save_pdf(self, pdf, f"so-theo-doi-{stamp}.pdf")
