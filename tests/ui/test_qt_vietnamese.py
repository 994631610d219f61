"""Qt's own words (message box buttons, file and print dialogs) come out in Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton

from counterdesk.paths import resource_path
from counterdesk.ui.common.translation import install_vietnamese, remove_vietnamese


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[QApplication]:
    assert install_vietnamese(qapp)
    yield qapp
    remove_vietnamese(qapp)


def test_message_box_and_button_box_speak_vietnamese(qtbot, vietnamese) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Có", "Không", "Huỷ"}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert {b.text().replace("&", "") for b in buttons.buttons()} == {"Đồng ý", "Huỷ", "Lưu"}


def test_file_dialog_labels_are_vietnamese(qtbot, vietnamese, tmp_path: Path) -> None:
    dialog = QFileDialog(None, "Lưu PDF", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    assert labels == {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"}
    accept = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert accept.text().replace("&", "") == "Lưu"


def test_print_preview_speaks_vietnamese(qtbot, vietnamese) -> None:
    preview = QPrintPreviewDialog()
    dialog = QPrintDialog()
    qtbot.addWidget(dialog)
    assert {b.text() for b in dialog.findChildren(QPushButton)} >= {"&In", "Huỷ"}
    qtbot.addWidget(preview)
    names = {a.text() for a in preview.findChildren(QAction) if a.text()}
    assert preview.windowTitle() == "Xem trước khi in"
    assert {"In", "Trang sau", "Phóng to", "Khổ ngang", "Thiết lập trang"} <= names
    assert QCoreApplication.translate("QPrintPreviewDialog", "Export to PDF") == "Xuất ra PDF"
    assert QCoreApplication.translate("QPrintDialog", "Print to File (PDF)") == "In ra tệp (PDF)"


@pytest.mark.skipif(shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) is None,
                    reason="pyside6-lrelease is not installed next to this Python")
def test_the_shipped_catalogue_is_built_from_its_source(tmp_path: Path) -> None:
    """qt_vi.qm is what qt_vi.ts compiles to: an edited .ts without a rebuilt .qm fails here."""
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None
    out = tmp_path / "qt_vi.qm"
    subprocess.run([lrelease, str(resource_path("translations", "qt_vi.ts")), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == resource_path("translations", "qt_vi.qm").read_bytes()
