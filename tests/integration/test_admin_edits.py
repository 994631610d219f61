"""Administration: one procedure edited with the import's own validation and a history; accounts edited
(name, role, counter) with the last administrator kept. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import CLERK, SYSTEM_ACTOR, Actor
from counterdesk.models import Procedure, User
from counterdesk.services import catalog_edit, fees, users
from counterdesk.store.uow import Store


def test_edit_a_procedure_then_read_its_history(store: Store) -> None:
    fields = catalog_edit.procedure_fields(store, "2.000815")
    assert fields["fee_rule"] == "per_page:1=2000,3=1000;cap=200000" and "[1/0]" in fields["documents"]
    fields.update(duration="2", unit="working_days", fee_rule="per_page:1=3000,3=1500;cap=250000",
                  documents=fields["documents"] + "; Giấy uỷ quyền [1/0]?")
    saved = catalog_edit.save_procedure(store, SYSTEM_ACTOR, fields)
    assert saved["unit"] == "working_days" and saved["documents"].endswith("Giấy uỷ quyền [1/0]?")
    assert fees.quote(store, "2.000815", pages=3, copies=1).amount == 7500
    with store.read() as s:
        proc = s.scalars(select(Procedure).where(Procedure.code == "2.000815")).one()
        assert (proc.unit, float(proc.duration)) == ("working_days", 2.0)
        assert len(proc.documents) == len(fields["documents"].split(";"))
        assert proc.documents[-1].name == "Giấy uỷ quyền" and not proc.documents[-1].required
    change = catalog_edit.history(store, "2.000815")[0]
    assert change.action == "catalog.update" and change.fields["unit"] == ["same_day", "working_days"]
    assert change.fields["fee_rule"][1] == "per_page:1=3000,3=1500;cap=250000"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("unit", "weeks", "đơn vị thời hạn"), ("fee_rule", "per_page:2=100", "trang 1"),
    ("documents", "Tờ khai", "Tên [bản chính/bản sao]"), ("name", "", "tên thủ tục"),
    ("cutoff", "25:00", "giờ chốt"),
])
def test_bad_procedure_fields_change_nothing(store: Store, field: str, value: str, words: str) -> None:
    before = catalog_edit.procedure_fields(store, "2.000884")
    with pytest.raises(InvalidInput) as err:
        catalog_edit.save_procedure(store, SYSTEM_ACTOR, {**before, field: value})
    assert words in err.value.message
    assert catalog_edit.procedure_fields(store, "2.000884") == before


def test_new_procedure_and_permissions(store: Store) -> None:
    fields = {**catalog_edit.procedure_fields(store, "2.000884"), "code": "2.999999", "name": "Thủ tục thử, mới"}
    catalog_edit.save_procedure(store, SYSTEM_ACTOR, fields, new=True)
    assert catalog_edit.procedure_fields(store, "2.999999")["name"] == "Thủ tục thử, mới"
    with pytest.raises(InvalidInput):
        catalog_edit.save_procedure(store, SYSTEM_ACTOR, fields, new=True)
    with pytest.raises(NotFound):
        catalog_edit.save_procedure(store, SYSTEM_ACTOR, {**fields, "code": "2.888888"})
    with pytest.raises(PermissionDenied):
        catalog_edit.save_procedure(store, Actor(None, "canbo1", CLERK), fields)


def test_edit_accounts_keeps_the_last_administrator(store: Store) -> None:
    info = users.update_user(store, SYSTEM_ACTOR, "canbo1", full_name="Lê Văn Cường Mới", counter_number=2)
    assert info.full_name == "Lê Văn Cường Mới"
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "canbo1")).one()
        counter = user.counter_id
    assert counter is not None
    users.update_user(store, SYSTEM_ACTOR, "canbo1", counter_number=None)
    users.update_user(store, SYSTEM_ACTOR, "canbo1", role="supervisor")
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "canbo1")).one()
        assert (user.counter_id, user.role) == (None, "supervisor")
    with pytest.raises(NotFound):
        users.update_user(store, SYSTEM_ACTOR, "canbo1", counter_number=99)
    with pytest.raises(InvalidInput):
        users.update_user(store, SYSTEM_ACTOR, "canbo1", role="boss")
    with pytest.raises(InvalidInput):
        users.update_user(store, SYSTEM_ACTOR, "canbo1", full_name="  ")
    admins = [u.username for u in users.list_users(store) if u.role == "admin" and u.active]
    for extra in admins[1:]:
        users.set_active(store, SYSTEM_ACTOR, extra, False)
    with pytest.raises(Conflict):
        users.update_user(store, SYSTEM_ACTOR, admins[0], role="clerk")
