"""Chỉ số 766: the Decision 766 scorecard of a period by field, procedure or clerk, each figure
with its formula, and the dossiers behind any cell (drill-down); exports to XLSX.

The figures and the dossier lists are computed off the GUI thread (plain functions below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from counterdesk.domain.classification import Outcome
from counterdesk.domain.clock import now_vn
from counterdesk.domain.report_data import Row
from counterdesk.printing import period_report
from counterdesk.services import reports, scorecard
from counterdesk.services.scorecard import FIGURES, LEVELS, DrillRow, Scorecard
from counterdesk.store.uow import Store
from counterdesk.ui.common.print_pdf import save_pdf
from counterdesk.ui.supervisor import jobs
from counterdesk.ui.supervisor.panels import _date_edit, _pydate

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
COUNT_COLUMNS = (("received", "Tiếp nhận"), ("resolved", "Đã giải quyết"), ("late", "Quá hạn"),
                 ("in_progress", "Đang giải quyết"), ("overdue", "Đang quá hạn"), ("not_accepted", "Không tiếp nhận"))
SHORT = {"on_time_rate": "Đúng hạn", "average_time": "TG giải quyết TB", "synced_rate": "Đồng bộ DVCQG",
         "satisfaction_index": "Hài lòng", "digitised_rate": "Số hóa"}
DRILL_HEADERS = ["Mã hồ sơ", "Thủ tục", "Người nộp", "Cán bộ tiếp nhận", "Tiếp nhận", "Hẹn trả (lần đầu)",
                 "Kết thúc xử lý", "Bổ sung", "Phân loại"]


@dataclass(frozen=True)
class DrillResult:
    title: str
    rows: list[DrillRow]


def build_scorecard(store: Store, start: date, end: date, *, progress: Progress, cancel: Cancel) -> Scorecard:
    progress(0, 1)
    return scorecard.scorecard(store, start, end)


def build_drill(store: Store, start: date, end: date, level: str | None, key: str | None,
                outcomes: tuple[Outcome, ...], title: str, *, progress: Progress, cancel: Cancel) -> DrillResult:
    progress(0, 1)
    return DrillResult(title, scorecard.drill_down(store, start, end, level=level, key=key, outcomes=outcomes))


def export_scorecard(store: Store, start: date, end: date, *, progress: Progress, cancel: Cancel) -> bytes:
    """The period workbook with the scorecard sheets and every dossier of the period classified."""
    report = reports.period_statistics(store, start, end, progress=progress, cancel=cancel)
    card = scorecard.scorecard(store, start, end, now=report.generated_at)
    drill = scorecard.drill_down(store, start, end, now=report.generated_at, limit=None)
    return period_report.render_xlsx(report, cancel=cancel, extra=scorecard.export_sheets(card, drill))


class ScorecardPanel(QWidget):
    """Figures table (one row per field/procedure/clerk plus the office) over a drill-down table."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.card: Scorecard | None = None
        self.drill: DrillResult | None = None
        self.last_export: bytes | None = None
        first, last = reports.month_range(now_vn().date())
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.start, self.end = _date_edit(first), _date_edit(last)
        self.level = QComboBox()
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.level.currentIndexChanged.connect(lambda _i: self._fill())
        self.run_button = QPushButton("Tính chỉ số")
        self.run_button.clicked.connect(self.run)
        self.xlsx_button = QPushButton("Xuất Excel (kèm danh sách hồ sơ)…")
        self.xlsx_button.clicked.connect(self.export)
        self.xlsx_button.setEnabled(False)
        for w in (QLabel("Từ ngày:"), self.start, QLabel("đến ngày:"), self.end, QLabel("Theo:"), self.level,
                  self.run_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.xlsx_button)
        layout.addLayout(row)
        self.job = jobs.JobBar()
        self.job.succeeded.connect(self._ready)
        self.job.failed.connect(lambda msg: QMessageBox.warning(self, "Chỉ số 766", msg))
        layout.addWidget(self.job)
        self.formulas = QLabel("<br/>".join(
            f"<b>{f.code} {f.name}</b> = {f.formula}" for f in FIGURES))
        self.formulas.setWordWrap(True)
        self.formulas.setObjectName("scorecardFormulas")
        self.formulas.setStyleSheet("color: #333; font-size: 12px;")
        layout.addWidget(self.formulas)
        split = QSplitter(Qt.Orientation.Vertical)
        heads = ["Mã", "Tên", *(f"{f.code} {SHORT[f.key]}" for f in FIGURES), *(h for _, h in COUNT_COLUMNS)]
        self.table = QTableWidget(0, len(heads))
        self.table.setObjectName("scorecardTable")
        self.table.setHorizontalHeaderLabels(heads)
        for j, f in enumerate(FIGURES, start=2):
            header = self.table.horizontalHeaderItem(j)
            if header is not None:
                header.setToolTip(f"{f.code} {f.name} = {f.formula}")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultSectionSize(118)
        self.table.horizontalHeader().setMinimumSectionSize(90)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(3, 160)  # 2.2 with its unit
        for j in range(2 + len(FIGURES), len(heads)):
            self.table.setColumnWidth(j, 100)
        self.table.cellClicked.connect(self._cell_clicked)
        split.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.drill_title = QLabel("Bấm vào một chỉ số để xem các hồ sơ tạo nên nó.")
        self.drill_title.setObjectName("drillTitle")
        lower_layout.addWidget(self.drill_title)
        self.drill_table = QTableWidget(0, len(DRILL_HEADERS))
        self.drill_table.setObjectName("drillTable")
        self.drill_table.setHorizontalHeaderLabels(DRILL_HEADERS)
        self.drill_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.drill_table.horizontalHeader().setDefaultSectionSize(128)
        self.drill_table.setColumnWidth(0, 190)
        self.drill_table.setColumnWidth(7, 60)
        self.drill_table.setColumnWidth(8, 200)
        self.drill_table.verticalHeader().setVisible(False)
        self.drill_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lower_layout.addWidget(self.drill_table)
        split.addWidget(lower)
        split.setSizes([400, 300])
        layout.addWidget(split, 1)

    # ------------------------------------------------------------ figures

    def run(self) -> None:
        self.job.start("Đang tính chỉ số…", build_scorecard, self.store, _pydate(self.start), _pydate(self.end))

    def _ready(self, result: object) -> None:
        if isinstance(result, Scorecard):
            self.card = result
            self._fill()
            self.xlsx_button.setEnabled(True)
        elif isinstance(result, DrillResult):
            self.show_drill(result)
        elif isinstance(result, bytes):
            self.last_export = result
            save_pdf(self, result, f"chi-so-766-{_pydate(self.start):%Y%m%d}-{_pydate(self.end):%Y%m%d}.xlsx",
                     "Excel (*.xlsx)")

    def _rows(self) -> list[Row]:
        if self.card is None:
            return []
        return [*self.card.level(str(self.level.currentData())), Row("*", "Toàn đơn vị", self.card.total)]

    def _fill(self) -> None:
        rows = self._rows()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            counts = scorecard.counts_json(r.counts)
            cells = [r.key if r.key != "*" else "", r.label,
                     *(scorecard.format_figure(r.counts, f.key) for f in FIGURES),
                     *(f"{counts[k]:,}".replace(",", ".") for k, _ in COUNT_COLUMNS)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.key == "*":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)

    # ------------------------------------------------------------ drill-down

    def _cell_clicked(self, i: int, j: int) -> None:
        rows = self._rows()
        if self.card is None or not 0 <= i < len(rows) or self.job.running:
            return
        r = rows[i]
        fig = FIGURES[j - 2] if 2 <= j < 2 + len(FIGURES) else FIGURES[0]
        level = None if r.key == "*" else str(self.level.currentData())
        title = f"{fig.code} {fig.name} — {r.label}: các hồ sơ tạo nên chỉ số"
        self.job.start("Đang lấy danh sách hồ sơ…", build_drill, self.store, self.card.start, self.card.end,
                       level, None if r.key == "*" else r.key, fig.drill, title)

    def show_drill(self, result: DrillResult) -> None:
        self.drill = result
        more = " (hiển thị 5.000 hồ sơ đầu; xuất Excel để có đủ)" if len(result.rows) >= 5000 else ""
        self.drill_title.setText(f"{result.title} — {len(result.rows)} hồ sơ{more}")
        self.drill_table.setRowCount(len(result.rows))
        for i, d in enumerate(result.rows):
            cells = [d.code, d.procedure, d.applicant, d.clerk, f"{d.received_at:%H:%M %d/%m/%Y}",
                     "" if d.judged_due_at is None else f"{d.judged_due_at:%H:%M %d/%m/%Y}",
                     "" if d.finished_at is None else f"{d.finished_at:%H:%M %d/%m/%Y}",
                     str(d.supplement_count), d.outcome_word]
            for j, text in enumerate(cells):
                self.drill_table.setItem(i, j, QTableWidgetItem(text))

    def export(self) -> None:
        if self.card is None:
            return
        self.job.start("Đang xuất Excel…", export_scorecard, self.store, self.card.start, self.card.end)
