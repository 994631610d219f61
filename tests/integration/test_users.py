"""Users on SQLite and PostgreSQL: login, lockout, administration, all audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import ADMIN, CLERK, MODE_ROLES, SYSTEM_ACTOR
from counterdesk.models import AuditEntry, User
from counterdesk.services import audit, users
from counterdesk.store.uow import Store
from tests.helpers import DEMO_PASSWORD


def _audit_actions(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_login_returns_the_users_actor(store: Store) -> None:
    actor = users.login(store, "canbo1", DEMO_PASSWORD)
    assert actor.username == "canbo1" and actor.role == CLERK
    assert actor.user_id is not None and actor.counter_id is not None
    assert users.login(store, "  CanBo1 ", DEMO_PASSWORD).user_id == actor.user_id  # case and spaces
    assert _audit_actions(store)[-1] == "user.login"


def test_failures_do_not_reveal_whether_the_user_exists(store: Store) -> None:
    with pytest.raises(PermissionDenied) as unknown:
        users.login(store, "khongco", "sai-mat-khau")
    with pytest.raises(PermissionDenied) as wrong:
        users.login(store, "canbo1", "sai-mat-khau")
    assert unknown.value.message == wrong.value.message == users.LOGIN_FAILED
    assert "khongco" not in unknown.value.message


def test_five_failures_lock_for_fifteen_minutes(store: Store) -> None:
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for i in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            users.login(store, "canbo2", "sai", now=t0 + timedelta(seconds=i))
    # locked: even the right password is refused, with the same message
    with pytest.raises(PermissionDenied) as locked:
        users.login(store, "canbo2", DEMO_PASSWORD, now=t0 + timedelta(minutes=14))
    assert locked.value.message == users.LOGIN_FAILED
    actor = users.login(store, "canbo2", DEMO_PASSWORD, now=t0 + timedelta(minutes=15, seconds=5))
    assert actor.username == "canbo2"
    with store.read() as s:
        u = s.scalars(select(User).where(User.username == "canbo2")).one()
        assert u.failed_attempts == 0 and u.locked_until is None
    actions = _audit_actions(store)
    assert actions.count("user.login_failed") == users.MAX_FAILURES
    assert "user.login_refused" in actions and audit.verify(store).ok


def test_four_failures_then_success_resets_the_count(store: Store) -> None:
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(PermissionDenied):
            users.login(store, "lanhdao", "sai")
    users.login(store, "lanhdao", DEMO_PASSWORD)
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(PermissionDenied):
            users.login(store, "lanhdao", "sai")
    assert users.login(store, "lanhdao", DEMO_PASSWORD).username == "lanhdao"


def test_mode_roles_keep_devices_and_clerks_out_of_admin(store: Store) -> None:
    with pytest.raises(PermissionDenied, match="không dùng được cho chế độ"):
        users.login(store, "canbo1", DEMO_PASSWORD, roles=MODE_ROLES["admin"])
    with pytest.raises(PermissionDenied):
        users.login(store, "kiosk", DEMO_PASSWORD, roles=MODE_ROLES["desk"])
    assert users.login(store, "admin", DEMO_PASSWORD, roles=MODE_ROLES["admin"]).role == ADMIN


def test_create_disable_and_change_password(store: Store) -> None:
    admin = users.login(store, "admin", DEMO_PASSWORD)
    info = users.create_user(store, admin, "CanBo3", "Võ Thị Em", CLERK, "matkhau-moi-1", counter_number=3)
    assert info.username == "canbo3" and info.counter_id is not None
    with pytest.raises(Conflict):
        users.create_user(store, admin, "canbo3", "Trùng", CLERK, "matkhau-moi-1")
    with pytest.raises(InvalidInput):
        users.create_user(store, admin, "x y", "Tên", CLERK, "matkhau-moi-1")
    with pytest.raises(InvalidInput):
        users.create_user(store, admin, "canbo4", "Tên", "boss", "matkhau-moi-1")
    with pytest.raises(InvalidInput):
        users.create_user(store, admin, "canbo4", "Tên", CLERK, "ngan")
    clerk = users.login(store, "canbo3", "matkhau-moi-1")
    # a clerk changes their own password only with the old one, and nobody else's
    with pytest.raises(PermissionDenied):
        users.change_password(store, clerk, "canbo3", "matkhau-moi-2", old_password="sai")
    users.change_password(store, clerk, "canbo3", "matkhau-moi-2", old_password="matkhau-moi-1")
    with pytest.raises(PermissionDenied):
        users.change_password(store, clerk, "canbo1", "bi-chiem-quyen")
    with pytest.raises(PermissionDenied):
        users.create_user(store, clerk, "canbo5", "Tên", ADMIN, "matkhau-moi-1")
    # the administrator resets it without the old one
    users.change_password(store, admin, "canbo3", "matkhau-moi-3")
    assert users.login(store, "canbo3", "matkhau-moi-3").user_id == clerk.user_id
    users.set_active(store, admin, "canbo3", False)
    with pytest.raises(PermissionDenied) as disabled:
        users.login(store, "canbo3", "matkhau-moi-3")
    assert disabled.value.message == users.LOGIN_FAILED
    with pytest.raises(Conflict):
        users.set_active(store, admin, "admin", False)
    actions = _audit_actions(store)
    for action in ("user.create", "user.password", "user.disable"):
        assert action in actions
    with store.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.password")).all()
        assert {r.user_id for r in rows} == {clerk.user_id, admin.user_id}
        assert all("matkhau" not in r.detail for r in s.scalars(select(AuditEntry)))
    assert audit.verify(store).ok


def test_taken_name_or_missing_counter_is_refused_with_its_field(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = users.login(store, "admin", DEMO_PASSWORD)
    with pytest.raises(NotFound) as no_counter:
        users.create_user(store, admin, "canbo7", "Tên", CLERK, "matkhau-moi-1", counter_number=99)
    assert no_counter.value.field == "counter"

    def no_hashing(password: str) -> str:
        raise AssertionError("a taken name must be refused before the slow hash")

    monkeypatch.setattr(users, "hash_password", no_hashing)
    with pytest.raises(Conflict) as taken:
        users.create_user(store, admin, "CanBo1", "Trùng", CLERK, "matkhau-moi-1")
    assert taken.value.field == "username"


def test_unlock_by_admin(store: Store) -> None:
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            users.login(store, "canbo1", "sai")
    with pytest.raises(PermissionDenied):
        users.login(store, "canbo1", DEMO_PASSWORD)
    users.unlock(store, SYSTEM_ACTOR, "canbo1")
    assert users.login(store, "canbo1", DEMO_PASSWORD).username == "canbo1"


def test_outdated_hash_is_upgraded_on_login(store: Store) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(DEMO_PASSWORD)
    with store.write() as s:
        s.scalars(select(User).where(User.username == "canbo2")).one().password_hash = weak
    users.login(store, "canbo2", DEMO_PASSWORD)
    with store.read() as s:
        new_hash = s.scalars(select(User.password_hash).where(User.username == "canbo2")).one()
    assert new_hash != weak and not users.hasher().check_needs_rehash(new_hash)


def test_device_actor_uses_the_device_account(store: Store) -> None:
    actor = users.device_actor(store, "kiosk")
    assert actor.user_id is not None and actor.role == "device"
    assert users.device_actor(store, "display").user_id is None
