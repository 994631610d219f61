"""Tiếp nhận lại hồ sơ đã trả để bổ sung: tick the papers brought, accept with the same code.

Shows what the counter asked for at the send-back, the procedure's required papers ticked from
what was seen then, and (for per-page or per-copy fees) the pages and copies; Accept receives the
dossier now (services/resume.py) and hands back the result so the desk prints a new Mẫu 01.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import Actor
from counterdesk.services import fees, resume
from counterdesk.services.intake import DocumentInput, IntakeResult
from counterdesk.store.uow import Store
from counterdesk.ui.common.dialog_parts import add_message_and_buttons


class ResumeDialog(QDialog):
    def __init__(self, store: Store, actor: Actor, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.code = store, actor, code
        self.result_: IntakeResult | None = None
        detail, seen, asked = resume.sent_back(store, code)  # DomainError: the caller shows it
        self.detail = detail
        self.setWindowTitle(f"Tiếp nhận hồ sơ đã bổ sung — {code}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{detail.name}</b> ({detail.code})"))
        if asked:
            layout.addWidget(QLabel("Đã yêu cầu bổ sung: " + "; ".join(asked)))
        box = QGroupBox("Giấy tờ công dân nộp (đánh dấu những giấy tờ đã có)")
        docs = QVBoxLayout(box)
        seen_names = {str(d.get("name", "")) for d in seen}
        self.checks: list[tuple[QCheckBox, DocumentInput]] = []
        for d in detail.documents:
            optional = not d.required and "nếu có" not in d.name
            check = QCheckBox(d.name + (" (nếu có)" if optional else ""))
            check.setChecked(d.name in seen_names)
            docs.addWidget(check)
            self.checks.append((check, DocumentInput(d.name, d.originals, d.copies)))
        layout.addWidget(box)
        form = QFormLayout()
        self.pages, self.copies = QSpinBox(), QSpinBox()
        for spin, top in ((self.pages, 10_000), (self.copies, 1_000)):
            spin.setRange(0, top)
            spin.valueChanged.connect(self._quote)
        self.fee = QLabel("")
        self.fee.setObjectName("resumeFee")
        rule = fees.procedure_rule(store, detail.code)
        if rule.needs_pages:
            form.addRow("Số trang mỗi bản", self.pages)
        if rule.needs_copies:
            form.addRow("Số bản", self.copies)
        form.addRow("Phí, lệ phí", self.fee)
        layout.addLayout(form)
        self.message = add_message_and_buttons(self, layout, "resumeMessage", "Tiếp nhận", self.submit, "Huỷ")
        self._quote()

    def _quote(self) -> None:
        try:
            q = fees.quote(self.store, self.detail.code, pages=self.pages.value(), copies=self.copies.value())
            self.fee.setText(q.explanation)
        except DomainError as exc:
            self.fee.setText(str(exc))

    def submit(self) -> None:
        brought = tuple(doc for check, doc in self.checks if check.isChecked())
        try:
            self.result_ = resume.resume(self.store, self.code, brought, self.actor,
                                         pages=self.pages.value(), copies=self.copies.value())
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
