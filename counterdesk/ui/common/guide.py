"""Help → Hướng dẫn sử dụng (F1): the shipped PDF guide in Qt's own PDF viewer, opened at the
section for the window that asked (resources/guide/sections.json maps section → page)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from counterdesk.paths import resource_path

GUIDE_FILE = "huong-dan-su-dung.pdf"
# The guide's chapter for each mode (docs/guide/*.md anchors).
MODE_SECTIONS = {"desk": "quay", "supervisor": "lanh-dao", "admin": "quan-tri", "dispenser": "quan-tri-may-in",
                 "display": "quan-tri-may-in", "kiosk": "quan-tri-may-in"}


def guide_files(folder: Path | None = None) -> tuple[Path, dict[str, int]]:
    base = folder or resource_path("guide")
    path = base / GUIDE_FILE
    index = base / "sections.json"
    sections = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}
    return path, {str(k): int(v) for k, v in sections.items()}


class GuideViewer(QMainWindow):
    """The guide, scrolled to ``page`` (1-based)."""

    def __init__(self, path: Path, page: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideViewer")
        self.setWindowTitle("CounterDesk — Hướng dẫn sử dụng")
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.setCentralWidget(self.view)
        self.go_to(page)

    def go_to(self, page: int) -> None:
        self.view.pageNavigator().jump(max(0, page - 1), QPointF(), 0)

    @property
    def current_page(self) -> int:
        return int(self.view.pageNavigator().currentPage()) + 1


def open_guide(parent: QWidget | None, section: str, folder: Path | None = None) -> GuideViewer | None:
    """Show the guide at ``section``; a message (not an error) when the guide was not built."""
    path, sections = guide_files(folder)
    if not path.is_file():
        QMessageBox.information(parent, "Hướng dẫn sử dụng",
                                "Bản cài này chưa có tệp hướng dẫn. Người cài đặt: chạy `make guide` "
                                "(tạo counterdesk/resources/guide/huong-dan-su-dung.pdf).")
        return None
    page = sections.get(section, 1)
    viewer = GuideViewer(path, page, parent)
    viewer.show()
    viewer.go_to(page)  # showing the view lays it out again at page 1
    return viewer
