"""The kiosk's exit-PIN lock-out policy (services.kiosk.PinGate), on SQLite and PostgreSQL."""

from __future__ import annotations

from counterdesk.services import kiosk


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_right_pin_unlocks_and_resets_the_count(store) -> None:
    kiosk.set_pin(store, "2468")
    gate = kiosk.PinGate(store, clock=Clock())
    for _ in range(kiosk.MAX_PIN_FAILURES - 1):
        assert not gate.try_pin("0000")
    assert gate.try_pin("2468") and gate.failures == 0 and not gate.locked()
    assert not gate.try_pin("0000")
    assert gate.failures == 1  # the count started again


def test_repeated_failures_lock_out_even_the_right_pin_until_the_time_passes(store) -> None:
    kiosk.set_pin(store, "2468")
    clock = Clock()
    gate = kiosk.PinGate(store, clock=clock)
    for _ in range(kiosk.MAX_PIN_FAILURES):
        assert not gate.locked()
        assert not gate.try_pin("1111")
    assert gate.locked()
    assert not gate.try_pin("2468")  # right PIN refused while locked, and not counted
    assert gate.failures == 0
    clock.now += kiosk.PIN_LOCK_SECONDS - 1
    assert gate.locked() and not gate.try_pin("2468")
    clock.now += 1
    assert not gate.locked()
    assert gate.try_pin("2468")


def test_without_a_pin_the_gate_never_opens(store) -> None:
    gate = kiosk.PinGate(store, clock=Clock())
    assert not gate.try_pin("") and not gate.try_pin("1234")
