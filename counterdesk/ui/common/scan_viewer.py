"""A viewer for a dossier's scans (QtPdf): the desk and the supervisor open any stored scan.

The bytes are read and checked against their hash off the GUI thread
(services/attachments.read_pdf); the dialog only shows them, page after page, fitted to width.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counterdesk.ui.common.background import BackgroundJobs
from counterdesk.ui.common.print_pdf import LoadedPdf


class ScanViewer(QDialog):
    """One scan, every page, scrolling; keeps its document alive while it lives."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.loaded = LoadedPdf(pdf)
        layout = QVBoxLayout(self)
        self.caption = QLabel(f"{title} — {self.loaded.pages} trang")
        layout.addWidget(self.caption)
        self.view = QPdfView(self)
        self.view.setDocument(self.loaded.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 1000)


_JOBS = BackgroundJobs()  # keeps each read alive until it has reported back


def open_scan(parent: QWidget, store: Any, home: Path, attachment_id: int, title: str,
              on_failed: Any = None, on_shown: Any = None) -> None:
    """Read the scan in the background, then show it (a lost or altered file goes to ``on_failed``)."""
    from counterdesk.services import attachments

    def show(pdf: bytes) -> None:
        viewer = ScanViewer(pdf, title, parent)
        viewer.show()
        if on_shown is not None:
            on_shown(viewer)

    _JOBS.start(attachments.read_pdf, store, home, attachment_id, on_done=show,
                on_failed=on_failed or (lambda exc: None))
