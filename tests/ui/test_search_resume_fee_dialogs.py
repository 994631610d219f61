"""Desk dialogs: find a dossier without the receipt, resume a sent-back dossier, record a fee paid."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.models import Dossier, User
from counterdesk.services import intake, lifecycle
from counterdesk.services.intake import ApplicantInput, IntakeRequest, NotAcceptedRequest
from counterdesk.ui.common.dossier_search import DossierSearchDialog
from counterdesk.ui.desk.fee_dialog import FeeDialog
from counterdesk.ui.desk.resume_dialog import ResumeDialog
from tests.factories import vn

AN = ApplicantInput(name="Nguyễn Văn Ân", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam",
                    phone="0912345678")


def _clerk(store) -> Actor:
    with store.read() as s:
        return Actor(user_id=s.scalar(select(User.id).where(User.username == "canbo1")), username="canbo1", role=CLERK)


def test_search_lists_newest_first_and_opens_the_chosen(qtbot, sqlite_store) -> None:
    actor = _clerk(sqlite_store)
    old = intake.accept(sqlite_store, IntakeRequest("1.004873", AN, received_at=vn("2026-11-16T09:00")), actor).code
    new = intake.accept(sqlite_store, IntakeRequest("2.000884", AN, received_at=vn("2026-11-18T09:00")), actor).code
    dialog = DossierSearchDialog(sqlite_store, actor)
    qtbot.addWidget(dialog)
    dialog.box.setText("an nguyen")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    codes = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert codes == [new, old] and "Tìm thấy 2 hồ sơ" in dialog.message.text()
    assert dialog.table.item(0, 3).text() == "001090123456"
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_code == old and dialog.result() == dialog.DialogCode.Accepted.value
    again = DossierSearchDialog(sqlite_store, actor, text="   ")
    qtbot.addWidget(again)
    assert "Nhập mã hồ sơ" in again.message.text() and again.table.rowCount() == 0


def test_resume_dialog_needs_the_required_papers_then_receives(qtbot, sqlite_store) -> None:
    actor = _clerk(sqlite_store)
    code = intake.request_supplement(sqlite_store, NotAcceptedRequest(
        "1.004873", AN, reason="Thiếu giấy tờ", items=("Bản sao giấy khai sinh",),
        received_at=vn("2026-11-16T09:00")), actor).code
    dialog = ResumeDialog(sqlite_store, actor, code)
    qtbot.addWidget(dialog)
    for check, _doc in dialog.checks:
        check.setChecked(False)
    dialog.submit()
    assert "chưa đủ giấy tờ" in dialog.message.text()
    assert lifecycle.get(sqlite_store, code).status == st.SUPPLEMENT
    for check, doc in dialog.checks:
        check.setChecked(True)
        assert doc.name in check.text()
    dialog.submit()
    assert dialog.result_ is not None and dialog.result_.code == code and dialog.result_.due_at is not None
    assert lifecycle.get(sqlite_store, code).status == st.RECEIVED


def test_fee_dialog_records_once(qtbot, sqlite_store) -> None:
    actor = _clerk(sqlite_store)
    code = intake.accept(sqlite_store, IntakeRequest("2.000815", AN, received_at=vn("2026-11-18T09:00"),
                                                     pages=3, copies=2), actor).code
    dialog = FeeDialog(sqlite_store, actor, code, 10_000)
    qtbot.addWidget(dialog)
    assert dialog.amount.value() == 10_000
    dialog.submit()
    assert "biên lai" in dialog.message.text()
    dialog.receipt.setText("BL-0001")
    dialog.submit()
    assert dialog.payment is not None and dialog.payment.paid == 10_000
    with sqlite_store.read() as s:
        assert s.scalars(select(Dossier.fee_receipt_no).where(Dossier.code == code)).one() == "BL-0001"
    second = FeeDialog(sqlite_store, actor, code, 10_000)
    qtbot.addWidget(second)
    second.receipt.setText("BL-0002")
    second.submit()
    assert "không thu lần hai" in second.message.text() and second.payment is None
