"""Long supervisor work off the GUI thread: a progress bar with a cancel button, and the plain
functions it runs (store and plain values in, plain data or bytes out)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from counterdesk.domain.errors import DomainError
from counterdesk.domain.progress import Progress
from counterdesk.printing import daily_log as daily_log_pdf
from counterdesk.printing import day_close as day_close_pdf
from counterdesk.printing import period_report
from counterdesk.printing.report_base import PrintCancelled
from counterdesk.services import day_close, reports
from counterdesk.services.reports import PeriodReport, ReportCancelled
from counterdesk.store.uow import Store
from counterdesk.ui.common.workers import Worker

Cancel = Callable[[], bool]


def build_daily_log(store: Store, day: date, field_code: str | None, *, progress: Progress, cancel: Cancel) -> bytes:
    log = reports.daily_log(store, day, field_code)
    if cancel():
        raise ReportCancelled()
    return daily_log_pdf.render(log, cancel=cancel, progress=progress)


def build_statistics(store: Store, start: date, end: date, *, progress: Progress, cancel: Cancel) -> PeriodReport:
    return reports.period_statistics(store, start, end, progress=progress, cancel=cancel)


def export_statistics(report: PeriodReport, fmt: str, *, progress: Progress, cancel: Cancel) -> bytes:
    if fmt == "xlsx":
        return period_report.render_xlsx(report, cancel=cancel, progress=progress)
    return period_report.render_pdf(report, cancel=cancel, progress=progress)


def build_day_close(store: Store, day: date, *, progress: Progress, cancel: Cancel) -> bytes:
    rec = day_close.reconcile(store, day)
    log = reports.daily_log(store, day)
    if cancel():
        raise ReportCancelled()
    return day_close_pdf.render(rec, log, cancel=cancel, progress=progress)


class JobBar(QWidget):
    """Runs one job at a time; shows progress, offers "Huỷ", and reports the result by signal."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setMaximumWidth(320)
        self.cancel_button = QPushButton("Huỷ")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._flag = threading.Event()
        self._worker: Worker | None = None
        self._set_running(False)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, label: str, fn: Callable[..., Any], *args: Any) -> None:
        if self._worker is not None:
            return
        self._flag = threading.Event()
        worker = Worker(fn, *args, with_progress=True, cancel=self._flag.is_set)
        worker.setAutoDelete(False)
        worker.signals.progress.connect(self._progress)
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(self._failed)
        self._worker = worker
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self._set_running(True)
        QThreadPool.globalInstance().start(worker)

    def cancel(self) -> None:
        if self._worker is not None:
            self._flag.set()
            self.label.setText("Đang huỷ…")

    def _set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))

    def _finish(self, text: str) -> None:
        self._worker = None
        self._set_running(False)
        self.label.setText(text)

    def _done(self, result: object) -> None:
        self._finish("Xong.")
        self.succeeded.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ReportCancelled | PrintCancelled):
            self._finish("Đã huỷ.")
            self.cancelled.emit()
        elif isinstance(exc, DomainError):
            self._finish(exc.message)
            self.failed.emit(exc.message)
        else:
            self._finish("Lỗi không mong đợi.")
            raise exc
