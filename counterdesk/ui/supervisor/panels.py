"""Supervisor tabs: daily intake log, period statistics with charts, day close."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import DomainError
from counterdesk.domain.report_data import Reconciliation
from counterdesk.domain.roles import Actor
from counterdesk.printing.period_report import fmt
from counterdesk.services import day_close, reports
from counterdesk.services.reports import PeriodReport
from counterdesk.store.uow import Store
from counterdesk.ui.common.date_box import DateBox
from counterdesk.ui.common.marks import MarkSafeLabel
from counterdesk.ui.common.print_pdf import preview_pdf, save_pdf
from counterdesk.ui.common.workers import run_in_background
from counterdesk.ui.supervisor import jobs
from counterdesk.ui.supervisor.charts import FieldShareChart, IntakeChart
from counterdesk.ui.supervisor.daily_log_panel import DailyLogPanel

__all__ = ["DailyLogPanel", "DayClosePanel", "StatisticsPanel"]  # the window takes its tabs from here


def _pydate(edit: DateBox) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def _date_edit(day: date) -> DateBox:
    """A date box that also takes a whole date typed in one go (QDateEdit drops it)."""
    return DateBox(day)


def _card(title: str, accent: str = "#0b3d91") -> tuple[QFrame, QLabel]:
    card = QFrame()
    card.setObjectName("card")
    card.setStyleSheet("#card { background: white; border: 1px solid #d0d7e2; border-radius: 8px; "
                       f"border-left: 6px solid {accent}; }}")
    box = QVBoxLayout(card)
    name = QLabel(title)
    name.setStyleSheet("color: #4a5568; font-size: 13px;")
    value = QLabel("–")
    value.setStyleSheet("font-size: 26px; font-weight: 700; color: #1a202c;")
    box.addWidget(name)
    box.addWidget(value)
    return card, value


class StatisticsPanel(QWidget):
    """Period statistics: key figures, charts, table by field; export to PDF/XLSX."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report: PeriodReport | None = None
        self.last_export: bytes | None = None
        self._export_fmt = "pdf"
        self._export_then = "save"
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        first, last = reports.month_range(now_vn().date())
        self.start, self.end = _date_edit(first), _date_edit(last)
        self.run_button = QPushButton("Lập báo cáo")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.pdf_button = QPushButton("Xem trước và in…")
        self.xlsx_button = QPushButton("Xuất Excel…")
        self.save_pdf_button = QPushButton("Lưu PDF…")
        self.pdf_button.clicked.connect(lambda: self.export("pdf", "preview"))
        self.save_pdf_button.clicked.connect(lambda: self.export("pdf", "save"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx", "save"))
        for w in (QLabel("Từ ngày:"), self.start, QLabel("đến ngày:"), self.end, self.run_button):
            row.addWidget(w)
        row.addStretch(1)
        for w in (self.pdf_button, self.save_pdf_button, self.xlsx_button):
            w.setEnabled(False)
            row.addWidget(w)
        layout.addLayout(row)
        self.job = jobs.JobBar()
        self.job.succeeded.connect(self._ready)
        self.job.failed.connect(lambda msg: QMessageBox.warning(self, "Thống kê", msg))
        layout.addWidget(self.job)
        cards = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for i, (key, title, accent) in enumerate([
            ("received", "Hồ sơ tiếp nhận", "#0b3d91"), ("resolved", "Đã giải quyết", "#2f855a"),
            ("on_time_rate", "Tỷ lệ đúng hạn", "#2f855a"), ("pending_overdue", "Đang quá hạn", "#c53030"),
            ("avg_processing_hours", "Xử lý trung bình (giờ)", "#0b3d91"),
            ("satisfaction_rate", "Tỷ lệ hài lòng", "#6b46c1"), ("avg_wait", "Chờ tại quầy TB (phút)", "#b7791f"),
        ]):
            card, value = _card(title, accent)
            value.setObjectName(f"stat_{key}")
            self.values[key] = value
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.intake_chart = IntakeChart()
        self.field_chart = FieldShareChart()
        split.addWidget(self.intake_chart)
        split.addWidget(self.field_chart)
        split.setSizes([700, 400])
        layout.addWidget(split, 3)
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels(["Lĩnh vực", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Quá hạn",
                                              "Đang trong hạn", "Chờ bổ sung", "Đang quá hạn", "Tỷ lệ đúng hạn"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 2)

    def run(self) -> None:
        self.job.start("Đang tổng hợp số liệu…", jobs.build_statistics, self.store, _pydate(self.start),
                       _pydate(self.end))

    def _ready(self, result: object) -> None:
        if isinstance(result, PeriodReport):
            self.show_report(result)
        elif isinstance(result, bytes):
            self._exported(result)

    def show_report(self, r: PeriodReport) -> None:
        self.report = r
        t = r.total
        shown = {
            "received": fmt(t.received, "int"), "resolved": fmt(t.resolved, "int"),
            "on_time_rate": fmt(t.on_time_rate, "pct"), "pending_overdue": fmt(t.pending_overdue, "int"),
            "avg_processing_hours": fmt(t.avg_processing_hours, "dec"),
            "satisfaction_rate": fmt(t.satisfaction_rate, "pct"), "avg_wait": fmt(r.queue_total.avg_wait_minutes, "dec"),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self.intake_chart.set_points(r.daily)
        self.field_chart.set_rows(r.by_field)
        rows = [*r.by_field, reports.Row("*", "Tổng cộng", t)]
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            c = row.counts
            cells = [row.label, fmt(c.received, "int"), fmt(c.early, "int"), fmt(c.on_time, "int"), fmt(c.late, "int"),
                     fmt(c.pending_in_time, "int"), fmt(c.pending_clock_stopped, "int"), fmt(c.pending_overdue, "int"),
                     fmt(c.on_time_rate, "pct")]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.key == "*":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
        for w in (self.pdf_button, self.save_pdf_button, self.xlsx_button):
            w.setEnabled(True)

    def export(self, fmt_: str, then: str) -> None:
        if self.report is None:
            return
        self._export_fmt, self._export_then = fmt_, then
        label = "Đang xuất Excel…" if fmt_ == "xlsx" else "Đang dàn trang báo cáo…"
        self.job.start(label, jobs.export_statistics, self.report, fmt_)

    def _exported(self, data: bytes) -> None:
        self.last_export = data
        assert self.report is not None
        name = f"thong-ke-{self.report.start:%Y%m%d}-{self.report.end:%Y%m%d}"
        if self._export_then == "preview":
            self.dialog = preview_pdf(self, data, "Báo cáo thống kê — xem trước")
            self.dialog.open()
        elif self._export_then == "save" and self._export_fmt == "xlsx":
            save_pdf(self, data, f"{name}.xlsx", "Excel (*.xlsx)")
        elif self._export_then == "save":
            save_pdf(self, data, f"{name}.pdf")


class DayClosePanel(QWidget):
    """Reconcile the day, show discrepancies, sign it off once, print the report with the log."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.reconciliation: Reconciliation | None = None
        self.last_pdf: bytes | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.day = _date_edit(now_vn().date())
        self.check_button = QPushButton("Đối chiếu")
        self.sign_button = QPushButton("Ký chốt sổ ngày…")
        self.print_button = QPushButton("In biên bản kèm sổ…")
        self.check_button.clicked.connect(self.check)
        self.sign_button.clicked.connect(self.sign)
        self.print_button.clicked.connect(self.print_report)
        self.sign_button.setEnabled(False)
        self.print_button.setEnabled(False)
        for w in (QLabel("Ngày làm việc:"), self.day, self.check_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.sign_button)
        row.addWidget(self.print_button)
        layout.addLayout(row)
        self.state = MarkSafeLabel("Chọn ngày và bấm “Đối chiếu”.")  # "Đối" at 15px lost its mark
        self.state.setObjectName("closeState")
        self.state.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.state)
        self.figures = QTableWidget(0, 2)
        self.figures.setHorizontalHeaderLabels(["Chỉ tiêu", "Số lượng"])
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.figures.verticalHeader().setVisible(False)
        self.figures.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.issues = QTableWidget(0, 3)
        self.issues.setHorizontalHeaderLabels(["Chênh lệch", "Phiếu / hồ sơ", "Chi tiết"])
        self.issues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.issues.verticalHeader().setVisible(False)
        self.issues.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.figures)
        split.addWidget(self.issues)
        split.setSizes([380, 720])
        layout.addWidget(split, 1)
        self.job = jobs.JobBar()
        self.job.succeeded.connect(self._printed)
        self.job.failed.connect(lambda msg: QMessageBox.warning(self, "Chốt sổ", msg))
        layout.addWidget(self.job)
        can_close = True
        try:
            actor.require("day.close")
        except DomainError:
            can_close = False
        self.can_close = can_close

    def check(self) -> None:
        run_in_background(day_close.reconcile, self.store, _pydate(self.day), on_done=self.show_reconciliation,
                          on_failed=self._error, owner=self)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            QMessageBox.warning(self, "Chốt sổ", exc.message)
            return
        raise exc

    def show_reconciliation(self, rec: Reconciliation) -> None:
        self.reconciliation = rec
        figures = [
            ("Phiếu đã cấp", rec.tickets_issued), ("Phiếu đã gọi", rec.tickets_called),
            ("Phiếu đã phục vụ", rec.tickets_served), ("Phiếu vắng mặt", rec.tickets_no_show),
            ("Phiếu còn chờ", rec.tickets_waiting), ("Hồ sơ tiếp nhận", rec.dossiers_received),
            ("Đã in giấy tiếp nhận", rec.receipts_printed), ("Đồng bộ: đã gửi", rec.outbox_accepted),
            ("Đồng bộ: chờ gửi", rec.outbox_pending), ("Đồng bộ: bị cách ly", rec.outbox_quarantined),
            ("Tin nhắn công dân: đã gửi / đã ghi", rec.notice_rate),
            ("Phí, lệ phí đã thu (biên lai / đồng)", f"{rec.fee_receipts} / {rec.fees_collected:,}".replace(",", ".")),
            ("Số hoá: hồ sơ có thành phần số hoá", rec.digitisation.component_rate_text),
            ("Số hoá: thành phần đã quét (dùng lại)",
             f"{rec.digitisation.components_digitised}/{rec.digitisation.components} "
             f"({rec.digitisation.components_reused})"),
            ("Số hoá: kết quả giải quyết", rec.digitisation.result_rate_text),
        ]
        self.figures.setRowCount(len(figures))
        for i, (label, value) in enumerate(figures):
            self.figures.setItem(i, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(str(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures.setItem(i, 1, item)
        self.issues.setRowCount(len(rec.discrepancies))
        for i, x in enumerate(rec.discrepancies):
            for j, text in enumerate((x.label, x.ref, x.detail)):
                self.issues.setItem(i, j, QTableWidgetItem(text))
        self.issues.resizeColumnToContents(0)
        self.issues.resizeColumnToContents(1)
        total = sum(rec.discrepancy_counts.values())
        if rec.closed_at:
            self.state.setText(f"Ngày {rec.day:%d/%m/%Y} đã chốt lúc {rec.closed_at:%H:%M %d/%m/%Y} ({rec.closed_by}).")
            self.state.setStyleSheet("font-size: 15px; font-weight: 600; color: #2f855a;")
        elif total:
            self.state.setText(f"Có {total} chênh lệch cần xem trước khi chốt sổ ngày {rec.day:%d/%m/%Y}.")
            self.state.setStyleSheet("font-size: 15px; font-weight: 600; color: #c53030;")
        else:
            self.state.setText(f"Số liệu ngày {rec.day:%d/%m/%Y} khớp, có thể chốt sổ.")
            self.state.setStyleSheet("font-size: 15px; font-weight: 600; color: #2f855a;")
        self.sign_button.setEnabled(self.can_close and rec.closed_at is None)
        self.print_button.setEnabled(True)

    def sign(self, *, confirm: bool = True) -> None:
        rec = self.reconciliation
        if rec is None:
            return
        if confirm:
            total = sum(rec.discrepancy_counts.values())
            text = f"Chốt sổ ngày {rec.day:%d/%m/%Y}? Việc chốt sổ chỉ thực hiện một lần."
            if total:
                text += f"\nCòn {total} chênh lệch; chúng sẽ được ghi vào biên bản."
            answer = QMessageBox.question(self, "Chốt sổ cuối ngày", text)
            if answer != QMessageBox.StandardButton.Yes:
                return
        run_in_background(day_close.close_day, self.store, self.actor, rec.day, on_done=self.show_reconciliation,
                          on_failed=self._error, owner=self)

    def print_report(self) -> None:
        if self.reconciliation is not None:
            self.job.start("Đang in biên bản và sổ…", jobs.build_day_close, self.store, self.reconciliation.day)

    def _printed(self, pdf: bytes) -> None:
        self.last_pdf = pdf
        self.dialog = preview_pdf(self, pdf, "Biên bản chốt sổ — xem trước")
        self.dialog.open()
