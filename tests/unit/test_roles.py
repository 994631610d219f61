"""The permission table, spelled out: a change to PERMISSIONS must change this test too."""

from __future__ import annotations

import pytest

from counterdesk.domain.errors import PermissionDenied
from counterdesk.domain.roles import ADMIN, CLERK, DEVICE, MODE_ROLES, PERMISSIONS, SUPERVISOR, SYSTEM, Actor

C, S, A, D = CLERK, SUPERVISOR, ADMIN, DEVICE
EXPECTED: dict[str, set[str]] = {
    "queue.issue": {C, S, A, D},
    "queue.call": {C, S, A},
    "dossier.intake": {C, S, A},
    "dossier.lifecycle": {C, S, A},
    "dossier.apology": {S, A},
    "dossier.search": {C, S, A},  # personal data: never a device (the kiosk stays code/QR only)
    "fee.collect": {C, S, A},
    "lookup.public": {C, S, A, D},
    "report.view": {S, A},
    "day.close": {S},
    "calendar.edit": {A},
    "settings.edit": {A},
    "catalog.edit": {A},
    "users.edit": {A},
    "sync.manage": {S, A},
}


def test_table_is_complete() -> None:
    assert set(PERMISSIONS) == set(EXPECTED)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
@pytest.mark.parametrize("role", [C, S, A, D, SYSTEM])
def test_each_role_and_permission(permission: str, role: str) -> None:
    actor = Actor(user_id=7, username="u", role=role)
    allowed = role == SYSTEM or role in EXPECTED[permission]
    if allowed:
        actor.require(permission)
    else:
        with pytest.raises(PermissionDenied, match="không có quyền"):
            actor.require(permission)


@pytest.mark.parametrize("permission", ["dossier.apology", "calendar.edit", "settings.edit", "users.edit"])
def test_clerk_cannot(permission: str) -> None:
    with pytest.raises(PermissionDenied):
        Actor(user_id=3, username="canbo1", role=CLERK).require(permission)


def test_unknown_permission_and_role_are_refused() -> None:
    with pytest.raises(PermissionDenied):
        Actor(None, "x", ADMIN).require("no.such.permission")
    with pytest.raises(PermissionDenied):
        Actor(None, "x", "root").require("queue.issue")


def test_devices_cannot_log_in_to_staff_modes() -> None:
    assert all(DEVICE not in roles and SYSTEM not in roles for roles in MODE_ROLES.values())
    assert MODE_ROLES["admin"] == {ADMIN}
