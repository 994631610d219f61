"""The kiosk's admin PIN (setting ``kiosk.pin_hash``, argon2): only it lets staff leave kiosk mode."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.services import settings
from counterdesk.store.uow import Store

_PIN = re.compile(r"^\d{4,12}$")
MAX_PIN_FAILURES = 5  # wrong PINs in a row before the lock-out
PIN_LOCK_SECONDS = 60.0  # how long every attempt is refused after that


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


@dataclass
class PinGate:
    """Lock-out policy of one kiosk's exit PIN (kept in memory: it guards this device's screen).

    After ``max_failures`` wrong PINs in a row every attempt, right or wrong, is refused for
    ``lock_seconds`` without even being checked, so guessing costs a minute per five tries; the
    count starts again after the lock-out. A right PIN resets the count. ``clock`` is monotonic
    seconds (injectable for tests).
    """

    store: Store
    clock: Callable[[], float] = time.monotonic
    max_failures: int = MAX_PIN_FAILURES
    lock_seconds: float = PIN_LOCK_SECONDS
    failures: int = field(default=0, init=False)
    locked_until: float = field(default=0.0, init=False)

    def locked(self) -> bool:
        return self.clock() < self.locked_until

    def try_pin(self, pin: str) -> bool:
        """True when ``pin`` unlocks the kiosk now; a refusal while locked does not count."""
        if self.locked():
            return False
        if check_pin(self.store, pin):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.max_failures:
            self.failures = 0
            self.locked_until = self.clock() + self.lock_seconds
        return False
