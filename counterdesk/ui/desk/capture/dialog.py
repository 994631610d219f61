"""The capture screen as a dialog, opened for one paper from the intake checklist, the process
panel (a component of an accepted dossier) or the return panel (the result).

``attach_saver`` stores the pages as the dossier's component (or result) through
services/attachments; ``pdf_saver`` only makes the PDF, for a dossier the intake form has not
accepted yet (the form attaches it once the dossier has its code).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from counterdesk.domain.roles import Actor
from counterdesk.store.uow import Store
from counterdesk.ui.desk.capture.panel import CapturePanel

Save = Callable[[list[tuple[str, bytes]]], Any]


def attach_saver(store: Store, home: Path, code: str, document: str | None, actor: Actor, *,
                 result: bool = False) -> Save:
    from counterdesk.services import attachments

    def save(sources: list[tuple[str, bytes]]) -> Any:
        return attachments.attach(store, home, code, sources, document=document, result=result, actor=actor)

    return save


def pdf_saver(document: str) -> Save:
    from counterdesk.services import attachments

    def save(sources: list[tuple[str, bytes]]) -> Any:
        return attachments.make_pdf(sources, document)

    return save


class CaptureDialog(QDialog):
    """Capture, then "Lưu bản số hoá" (Ctrl+S); closes itself once the pages are saved."""

    def __init__(self, store: Store, document: str, save: Save, *, code: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Số hoá giấy tờ{' — hồ sơ ' + code if code else ''}")
        self.result_: Any = None
        self.confirm_discard: Callable[[int], bool] = self._confirm_discard
        layout = QVBoxLayout(self)
        self.panel = CapturePanel(store, document, save, code=code, parent=self)
        self.panel.saved.connect(self._saved)
        layout.addWidget(self.panel, 1)
        save_key, close_key = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Close
        self.buttons = QDialogButtonBox(save_key | close_key)
        self.save_button = self.buttons.button(save_key)
        self.save_button.setText("Lưu bản số hoá  (Ctrl+S)")
        self.save_button.setObjectName("saveCapture")
        self.buttons.button(close_key).setText("Đóng")
        self.save_button.clicked.connect(self.panel.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.panel.save)
        self.resize(1000, 640)

    def _saved(self, result: Any) -> None:
        self.result_ = result
        self.panel.stop()
        self.accept()

    def _confirm_discard(self, pages: int) -> bool:
        answer = QMessageBox.question(self, "Bỏ các trang chưa lưu?",
                                      f"Có {pages} trang chưa lưu. Đóng và bỏ các trang này?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        pages = self.panel.strip.count()
        if self.result_ is None and pages and not self.confirm_discard(pages):
            return
        self.panel.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.stop()
        super().closeEvent(event)


def open_capture(owner: QWidget, store: Store, document: str, save: Save, code: str,
                 on_saved: Callable[[str, Any], None]) -> CaptureDialog:
    """The capture screen for one paper of the dossier ``code``, window-modal over ``owner``;
    ``on_saved(code, attachment)`` once the scan is stored."""
    dialog = CaptureDialog(store, document, save, code=code, parent=owner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_saved(code, dialog.result_))
    dialog.open()
    return dialog
