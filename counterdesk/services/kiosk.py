"""The kiosk's admin PIN (setting ``kiosk.pin_hash``, argon2): only it lets staff leave kiosk mode."""

from __future__ import annotations

import re

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.services import settings
from counterdesk.store.uow import Store

_PIN = re.compile(r"^\d{4,12}$")


def set_pin(store: Store, pin: str, actor: Actor = SYSTEM_ACTOR) -> None:
    """Store the argon2 hash of a 4–12 digit PIN (administrators only)."""
    from argon2 import PasswordHasher

    actor.require("settings.edit")
    if not _PIN.match(pin):
        raise InvalidInput("PIN ki-ốt phải gồm 4 đến 12 chữ số.")
    settings.set_value(store, "kiosk.pin_hash", PasswordHasher().hash(pin), actor)


def check_pin(store: Store, pin: str) -> bool:
    """True only for the configured PIN; with no PIN set nobody can leave the kiosk from it."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    stored = settings.get(store, "kiosk.pin_hash")
    if not stored or not pin or len(pin) > 64:
        return False
    try:
        return bool(PasswordHasher().verify(stored, pin))
    except (VerificationError, InvalidHashError):
        return False
