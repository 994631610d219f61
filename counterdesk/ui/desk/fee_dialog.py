"""Thu phí, lệ phí: record the amount collected for a dossier with the fee receipt's number, once."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.errors import DomainError
from counterdesk.domain.fees import MAX_AMOUNT, money
from counterdesk.domain.roles import Actor
from counterdesk.services import fees
from counterdesk.services.fees import Payment
from counterdesk.store.uow import Store
from counterdesk.ui.common.dialog_parts import add_message_and_buttons


class FeeDialog(QDialog):
    def __init__(self, store: Store, actor: Actor, code: str, fee: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.code = store, actor, code
        self.payment: Payment | None = None
        self.setWindowTitle(f"Thu phí, lệ phí — {code}")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Số phải nộp", QLabel(f"<b>{money(fee)}</b>"))
        self.amount = QSpinBox()
        self.amount.setObjectName("feeAmount")
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setSingleStep(1000)
        self.amount.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # 14.000 đ
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(" đ")
        self.amount.setValue(fee)
        self.receipt = QLineEdit()
        self.receipt.setObjectName("feeReceipt")
        self.receipt.setMaxLength(fees.MAX_RECEIPT_NO)
        self.receipt.setPlaceholderText("Số biên lai thu phí, lệ phí")
        form.addRow("Số tiền thu", self.amount)
        form.addRow("Số biên lai", self.receipt)
        layout.addLayout(form)
        self.message = add_message_and_buttons(self, layout, "feeMessage", "Ghi nhận đã thu", self.submit, "Huỷ")
        self.receipt.setFocus()

    def submit(self) -> None:
        try:
            self.payment = fees.record_payment(self.store, self.code, amount=self.amount.value(),
                                               receipt_no=self.receipt.text(), actor=self.actor)
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
