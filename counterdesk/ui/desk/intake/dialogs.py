"""The intake form's questions to the clerk (replaceable in tests through ``confirm`` and ``ask_reason``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from counterdesk.ui.desk.intake.base import IntakeState


class NotAcceptedDialog(QDialog):
    """Reason (and, for Mẫu 02, the list of what to supply) before the form is printed."""

    def __init__(self, parent: QWidget, title: str, with_items: bool, items: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText("Mỗi dòng một nội dung cần bổ sung, hoàn thiện")
        self.items.setTabChangesFocus(True)
        self.items.setPlainText("\n".join(items))
        if with_items:
            layout.addRow("Nội dung bổ sung:", self.items)
        self.reason = QLineEdit()
        layout.addRow("Lý do:", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Lập phiếu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.resize(520, 260 if with_items else 120)



class DialogsMixin(IntakeState):
    """The default answers come from modal dialogs."""

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Hồ sơ có thể bị trùng", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_reason(self, title: str, with_items: bool) -> tuple[str, tuple[str, ...]] | None:
        missing = tuple(f"Bổ sung {r.name}" for r in self._doc_rows if r.required and not r.check.isChecked())
        dialog = NotAcceptedDialog(self, title, with_items, missing)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        items = tuple(line.strip() for line in dialog.items.toPlainText().splitlines() if line.strip())
        return dialog.reason.text(), items


    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(self, "Làm mới phiếu", "Xoá những gì đã nhập cho hồ sơ này để nhập hồ sơ khác?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
