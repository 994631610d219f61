"""How quickly a ticket printer on a dead network port is reported (the desk waits for it).

Floor: a raw TCP connect to the same closed loopback port, refused by the kernel. Target: the
printer check answers within 5 s, whatever the floor (moved here from a timed test).
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from counterdesk.printing.ticket import PrinterError
from counterdesk.services import devices

TARGET_SECONDS = 5.0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run() -> list[dict[str, Any]]:
    port = _closed_port()
    started = time.perf_counter()
    with socket.socket() as sock, contextlib.suppress(OSError):
        sock.connect(("127.0.0.1", port))
    floor = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        with contextlib.suppress(PrinterError):
            devices.try_ticket_printer(f"network:127.0.0.1:{port}", Path(home))
        value = time.perf_counter() - started
    return [{"name": "printer check, closed network port", "value": value, "unit": "s", "floor": floor,
             "ratio": value / floor if floor else None, "target": f"≤ {TARGET_SECONDS:g} s"}]
