"""Admin dialogs: edit a procedure (validated like an import, with history) and an account."""

from __future__ import annotations

from sqlalchemy import select

from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.models import User
from counterdesk.services import catalog_edit, users
from counterdesk.ui.admin.procedure_dialog import ProcedureDialog
from counterdesk.ui.admin.user_edit_dialog import UserEditDialog


def test_procedure_dialog_refuses_a_bad_rule_then_saves(qtbot, sqlite_store) -> None:
    dialog = ProcedureDialog(sqlite_store, SYSTEM_ACTOR, "2.000884")
    qtbot.addWidget(dialog)
    assert dialog.edits["code"].isReadOnly() and dialog.rule_text.text() == "10.000 đ/trường hợp"
    dialog.edits["fee_rule"].setText("flat:mười")
    assert "Mức phí" in dialog.rule_text.text()
    dialog.save()
    assert "chưa lưu" in dialog.message.text() and dialog.saved is None
    dialog.edits["fee_rule"].setText("flat:20000")
    dialog.edits["unit"].setCurrentIndex(dialog.edits["unit"].findData("working_days"))
    dialog.edits["duration"].setText("1")
    dialog.save()
    assert dialog.saved is not None and dialog.saved["fee_rule"] == "flat:20000"
    again = ProcedureDialog(sqlite_store, SYSTEM_ACTOR, "2.000884")
    qtbot.addWidget(again)
    assert again.history.count() == 1 and "fee_rule" in again.history.item(0).text()
    assert catalog_edit.procedure_fields(sqlite_store, "2.000884")["unit"] == "working_days"


def test_user_edit_dialog(qtbot, sqlite_store) -> None:
    info = next(u for u in users.list_users(sqlite_store) if u.username == "canbo2")
    dialog = UserEditDialog(sqlite_store, SYSTEM_ACTOR, info, None)
    qtbot.addWidget(dialog)
    dialog.name.setText("")
    dialog.save()
    assert "Họ tên" in dialog.message.text()
    dialog.name.setText("Phạm Thị Dung")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    dialog.counter.setValue(3)
    dialog.save()
    assert dialog.saved is not None and dialog.saved.role == "supervisor"
    with sqlite_store.read() as s:
        assert s.scalars(select(User.counter_id).where(User.username == "canbo2")).one() is not None
