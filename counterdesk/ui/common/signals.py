"""Emit a Qt signal from Python without losing a reference to True (PySide6 6.12.0 bug).

PySide6 6.12.0's ``SignalInstance.emit`` returns the bool ``True``/``False`` without taking a
reference to it, so every emit written in Python steals one reference to ``True``. After a few
hundred emits in one process (an all-day dispenser or lobby display gets there before lunch) the
interpreter aborts with "bool_dealloc: deallocating True or False". Every emit in CounterDesk
goes through ``emit`` below, which gives the reference back when the running PySide6 is measured
(once, at import) to steal it; on a fixed PySide6 it is a plain emit.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 8


class _Probe(QObject):
    ping = Signal()


def _give_back(value: bool) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))


def _measure() -> bool:
    """Whether ``emit`` steals a reference to its bool result here (restoring what the probe took)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        _give_back(True)
    return lost >= _PROBES


STEALS_BOOL = _measure()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, safe to call any number of times from any thread."""
    result = signal.emit(*args)
    if STEALS_BOOL and isinstance(result, bool):
        _give_back(result)
