"""Roles are enforced in the services: a logged-in clerk is refused, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from counterdesk.domain.errors import PermissionDenied
from counterdesk.domain.roles import Actor
from counterdesk.services import catalog, queue, settings, users
from counterdesk.store.uow import Store
from tests.factories import open_all_hours
from tests.helpers import DEMO_PASSWORD
from tests.helpers.store_state import fingerprint


def _attempts(tmp_path: Path) -> dict[str, Callable[[Store, Actor], object]]:
    csv = tmp_path / "c.csv"
    csv.write_text("x", encoding="utf-8")
    return {
        "settings.edit": lambda st, a: settings.set_value(st, "office.cutoff", "16:00", a),
        "catalog.edit": lambda st, a: catalog.import_file(st, csv, a),
        "users.edit": lambda st, a: users.create_user(st, a, "moi", "Người Mới", "admin", "matkhau-123"),
        "users.reset": lambda st, a: users.change_password(st, a, "admin", "chiem-quyen-123"),
        "users.disable": lambda st, a: users.set_active(st, a, "admin", False),
    }


@pytest.mark.parametrize("what", ["settings.edit", "catalog.edit", "users.edit", "users.reset", "users.disable"])
def test_clerk_session_is_refused_by_the_service(store: Store, tmp_path: Path, what: str) -> None:
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    before = fingerprint(store)
    with pytest.raises(PermissionDenied):
        _attempts(tmp_path)[what](store, clerk)
    assert fingerprint(store) == before


def test_supervisor_cannot_change_settings_but_admin_can(store: Store) -> None:
    boss = users.login(store, "lanhdao", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        settings.set_value(store, "office.cutoff", "16:00", boss)
    admin = users.login(store, "admin", DEMO_PASSWORD)
    assert settings.set_value(store, "office.cutoff", "16:00", admin) == "16:00"


def test_kiosk_device_can_issue_but_not_call(store: Store) -> None:
    device = users.device_actor(store, "kiosk")
    open_all_hours(store)
    issued = queue.issue_ticket(store, device, "A")
    assert issued.ticket.number.startswith("A")
    before = fingerprint(store)
    with pytest.raises(PermissionDenied):
        queue.call_next(store, device, 1)
    assert fingerprint(store) == before
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    assert queue.call_next(store, clerk, 1).number == issued.ticket.number
