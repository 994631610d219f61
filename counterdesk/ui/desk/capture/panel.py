"""Capture one paper of a dossier at the counter: scanner, files, drag and drop, the watched folder.

Every source ends in the same page strip (page_strip.py), where the clerk reorders, rotates and
deletes pages before saving. Slow work leaves the GUI thread through ``run_in_background`` with
plain bytes in and out: the scanner (SANE, scans/scanner.py), reading and splitting files
(scans/pages.py), the watched folder (services/watched_folder.take_pages) and saving. Saving is
the caller's ``save(sources)`` — attach to a dossier through services/attachments, or make the
PDF now for a dossier not yet accepted (the intake form) — and its answer is emitted as ``saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.scans import pages as page_ops
from counterdesk.scans.pages import Page
from counterdesk.services import settings
from counterdesk.store.uow import Store
from counterdesk.ui.common.signals import emit
from counterdesk.ui.common.workers import run_in_background
from counterdesk.ui.desk.capture.page_strip import PageStrip

Split = list[tuple[Page, bytes | None]]
FILE_FILTER = "Ảnh hoặc PDF (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp);;Mọi tệp (*)"
POLL_MS = 2000


def split_sources(sources: list[tuple[str, bytes]]) -> Split:
    """Worker side: every page of every source with its thumbnail."""
    out: Split = []
    for name, data in sources:
        for page in page_ops.split(name, data):
            out.append((page, page_ops.thumbnail(page)))
    return out


def read_and_split(paths: list[str]) -> Split:
    """Worker side: read the chosen or dropped files, then split them."""
    sources = []
    for raw in paths:
        path = Path(raw)
        try:
            sources.append((path.name, path.read_bytes()))
        except OSError as exc:
            from counterdesk.domain.errors import InvalidInput

            raise InvalidInput(f"Không đọc được tệp {path.name} ({exc.strerror or 'lỗi đọc'}).") from exc
    return split_sources(sources)


def scan_and_split(device: str | None, feeder: bool = False) -> Split:
    from counterdesk.scans.scanner import scan_pages

    images = scan_pages(device or None, feeder=feeder)
    return split_sources([(f"bản quét {i}", data) for i, data in enumerate(images, start=1)])


def take_and_split(folder: str, code: str, settle: float) -> Split:
    from counterdesk.services.watched_folder import take_pages

    return split_sources(take_pages(Path(folder), code=code, settle=settle))


def message_of(exc: BaseException, fallback: str) -> str:
    return exc.message if isinstance(exc, DomainError) else fallback


class CapturePanel(QWidget):
    """The capture screen of one paper; ``save(sources)`` runs on a worker thread."""

    saved = Signal(object)  # what ``save`` returned

    def __init__(self, store: Store, document: str, save: Callable[[list[tuple[str, bytes]]], Any], *,
                 code: str = "", watch: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.document = document
        self.code = code
        self._save = save
        self.busy = 0
        self.saved_result: Any = None
        self.settle = 3.0
        self.setAcceptDrops(True)
        configured = settings.get_many(store, ("scans.device", "scans.watched_dir"))
        self.device = configured["scans.device"].strip()
        self.folder = configured["scans.watched_dir"].strip()

        layout = QVBoxLayout(self)
        title = QLabel(f"Số hoá: {document}")
        title.setObjectName("captureTitle")
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(title)
        sources = QHBoxLayout()
        self.scan_button = QPushButton("Quét từ máy quét  (F4)")
        self.scan_button.setObjectName("scanButton")
        self.scan_button.setToolTip(f"Máy quét: {self.device or 'máy đầu tiên tìm thấy'} (thiết lập scans.device)")
        self.scan_button.clicked.connect(self.scan)
        self.files_button = QPushButton("Thêm tệp…  (Ctrl+O)")
        self.files_button.clicked.connect(self.choose_files)
        sources.addWidget(self.scan_button)
        self.feeder = QCheckBox("Cả khay nạp giấy")
        self.feeder.setObjectName("scanFeeder")
        self.feeder.setToolTip("Quét mọi tờ đặt trong khay nạp giấy tự động (ADF) thay vì một tờ trên mặt kính")
        sources.addWidget(self.feeder)
        sources.addWidget(self.files_button)
        self.folder_label = QLabel(self._folder_text())
        self.folder_label.setProperty("role", "hint")
        self.folder_label.setWordWrap(True)
        sources.addWidget(self.folder_label, 1)
        layout.addLayout(sources)
        self.strip = PageStrip()
        self.strip.changed.connect(self._count_changed)
        layout.addWidget(self.strip, 1)
        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("captureProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        status.addWidget(self.progress)
        self.status = QLabel("Kéo thả ảnh hoặc PDF vào khung này, hoặc quét từ máy quét.")
        self.status.setObjectName("captureStatus")
        self.status.setWordWrap(True)
        status.addWidget(self.status, 1)
        layout.addLayout(status)
        for keys, slot in (("F4", self.scan), ("Ctrl+O", self.choose_files)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll_folder)
        self.watch = watch
        if watch and self.folder:
            self.timer.start()

    def _folder_text(self) -> str:
        if not self.folder:
            return "Chưa đặt thư mục theo dõi (thiết lập scans.watched_dir)."
        return f"Đang theo dõi thư mục {self.folder}: ảnh/PDF lưu vào đó sẽ tự hiện ở đây."

    # ------------------------------------------------------------------ feedback
    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {'#c62828' if error else '#1b5e20'};")

    def _start(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None], fallback: str,
               after_failure: Callable[[], None] | None = None) -> None:
        self.busy += 1
        self.progress.setVisible(True)
        self._enable()

        def done(result: Any) -> None:
            self._finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._finish()
            self.say(message_of(exc, fallback), error=True)
            if after_failure is not None:
                after_failure()

        run_in_background(fn, *args, on_done=done, on_failed=failed, owner=self)

    def _finish(self) -> None:
        self.busy = max(0, self.busy - 1)
        self.progress.setVisible(self.busy > 0)
        self._enable()

    def _enable(self) -> None:
        self.scan_button.setEnabled(not self.busy)

    def _count_changed(self) -> None:
        if self.strip.count():
            self.say(f"{self.strip.count()} trang. Sắp xếp, xoay, xoá trang nếu cần rồi lưu.")

    def _added(self, split: Split, what: str) -> None:
        self.strip.add(split)
        source = f" {what}" if what else ""
        self.say(f"Đã thêm {len(split)} trang{source}; tổng {self.strip.count()} trang.")

    # ------------------------------------------------------------------ sources
    def scan(self) -> None:
        """One sheet from the configured scanner (off the GUI thread)."""
        if self.busy:
            return
        feeder = self.feeder.isChecked()
        self.say("Đang quét các tờ trong khay nạp giấy…" if feeder else "Đang quét… (đặt giấy lên mặt kính)")
        self._start(scan_and_split, self.device, feeder, on_done=lambda s: self._added(s, "từ máy quét"),
                    fallback="Không quét được: máy quét không trả lời. Kiểm tra cáp, nguồn và trình điều khiển.")

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn ảnh hoặc PDF", "", FILE_FILTER)
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: list[str]) -> None:
        self.say("Đang đọc tệp…")
        self._start(read_and_split, list(paths), on_done=lambda s: self._added(s, "từ tệp"),
                    fallback="Không đọc được tệp đã chọn.")

    def add_sources(self, sources: list[tuple[str, bytes]]) -> None:
        """Bytes already in hand (a re-used scan, a test)."""
        self._start(split_sources, list(sources), on_done=lambda s: self._added(s, ""),
                    fallback="Không đọc được trang.")

    def poll_folder(self) -> None:
        """QTimer: take what a network scanner or phone dropped into the watched folder."""
        if not self.folder or self.busy:
            return

        def arrived(split: Split) -> None:
            if split:
                self._added(split, "từ thư mục theo dõi")

        self._start(take_and_split, self.folder, self.code, self.settle, on_done=arrived,
                    fallback="Không lấy được tệp trong thư mục theo dõi.")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
            return
        super().dropEvent(event)

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Rotations applied and one PDF made and stored off the GUI thread; False if nothing to save."""
        pages = self.strip.pages()
        if not pages:
            self.say("Chưa có trang nào để lưu.", error=True)
            return False
        if self.busy:
            self.say("Đợi xong việc đang chạy rồi lưu.", error=True)
            return False
        self.timer.stop()
        self.say(f"Đang lưu {len(pages)} trang…")
        save = self._save

        def work() -> Any:
            return save(page_ops.prepare(pages))

        def done(result: Any) -> None:
            self.saved_result = result
            self.say(f"Đã lưu: đã số hoá, {len(pages)} trang.")
            emit(self.saved, result)

        self._start(work, on_done=done, fallback="Không lưu được bản số hoá.", after_failure=self._resume_watch)
        return True

    def _resume_watch(self) -> None:
        """Saving failed: the pages stay on screen and the watched folder is followed again."""
        if self.watch and self.folder:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
