"""Sửa một thủ tục: the catalogue's columns as a form, checked like a file import, with its history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain import fees
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import catalog_edit
from counterdesk.services.catalog import UNITS
from counterdesk.store.uow import Store

UNIT_NAMES = {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "same_day": "trong ngày",
              "calendar_days": "ngày (lịch)", "months": "tháng"}
LABELS = (
    ("code", "Mã TTHC"), ("name", "Tên thủ tục"), ("field_code", "Mã lĩnh vực"), ("field_name", "Lĩnh vực"),
    ("duration", "Thời hạn"), ("unit", "Đơn vị thời hạn"), ("cutoff", "Giờ chốt (HH:MM, none, trống)"),
    ("fee_rule", "Quy tắc phí"), ("fee", "Mức phí cũ (đồng)"), ("fee_exemption", "Trường hợp miễn phí"),
    ("fee_note", "Ghi chú phí"), ("handling_unit", "Cơ quan giải quyết"), ("line_prefix", "Dãy xếp hàng"),
    ("result_document", "Kết quả giải quyết"), ("legal_basis", "Căn cứ pháp lý"), ("documents", "Thành phần hồ sơ"),
)


class ProcedureDialog(QDialog):
    def __init__(self, store: Store, actor: Actor, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.new = store, actor, not code
        self.saved: dict[str, str] | None = None
        self.setWindowTitle("Thêm thủ tục" if self.new else f"Sửa thủ tục {code}")
        self.resize(760, 720)
        fields = catalog_edit.procedure_fields(store, code) if code else {k: "" for k in catalog_edit.FIELDS}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit | QComboBox | QPlainTextEdit] = {}
        for key, label in LABELS:
            edit: QLineEdit | QComboBox | QPlainTextEdit
            if key == "unit":
                edit = QComboBox()
                for unit in UNITS:
                    edit.addItem(UNIT_NAMES[unit], unit)
                edit.setCurrentIndex(max(0, edit.findData(fields.get("unit") or "working_days")))
            elif key in ("documents", "legal_basis"):
                edit = QPlainTextEdit(fields.get(key, "").replace("; ", "\n") if key == "documents"
                                      else fields.get(key, ""))
                edit.setMaximumHeight(120 if key == "documents" else 60)
            else:
                edit = QLineEdit(fields.get(key, ""))
                edit.setCursorPosition(0)  # a long name shows its beginning
                if key == "code":
                    edit.setReadOnly(not self.new)
            edit.setObjectName(f"proc_{key}")
            self.edits[key] = edit
            form.addRow(label, edit)
            if key == "fee_rule":
                assert isinstance(edit, QLineEdit)
                edit.setPlaceholderText("none | flat:10000 | per_copy:8000 | per_page:1=2000,3=1000;cap=200000")
                edit.textChanged.connect(self._describe_rule)
                self.rule_text = QLabel("")
                self.rule_text.setStyleSheet("color: #2d4a7a;")
                form.addRow("", self.rule_text)
        documents = self.edits["documents"]
        assert isinstance(documents, QPlainTextEdit)
        documents.setPlaceholderText("Mỗi dòng một giấy tờ: Tên [bản chính/bản sao], thêm ? nếu không bắt buộc")
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("procedureMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Lịch sử thay đổi"))
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        layout.addWidget(self.history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._describe_rule()
        if code:
            self._load_history(code)

    def _describe_rule(self) -> None:
        try:
            self.rule_text.setText(fees.parse(self.values()["fee_rule"]).describe())
        except DomainError as exc:
            self.rule_text.setText(str(exc))

    def _load_history(self, code: str) -> None:
        self.history.clear()
        for change in catalog_edit.history(self.store, code):
            what = ", ".join(f"{k}: {old or '—'} → {new or '—'}" for k, (old, new) in change.fields.items())
            self.history.addItem(f"{change.at:%d/%m/%Y %H:%M}  {change.user}  {what}"[:300])

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, edit in self.edits.items():
            if isinstance(edit, QComboBox):
                out[key] = str(edit.currentData())
            elif isinstance(edit, QPlainTextEdit):
                text = edit.toPlainText()
                out[key] = "; ".join(x.strip() for x in text.splitlines() if x.strip()) if key == "documents" else text
            else:
                out[key] = edit.text()
        return out

    def save(self) -> None:
        try:
            self.saved = catalog_edit.save_procedure(self.store, self.actor, self.values(), new=self.new)
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
