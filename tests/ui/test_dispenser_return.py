"""Scanning a receipt at the dispenser gives a return-line ticket carrying the dossier code."""

from __future__ import annotations

from escpos.printer import Dummy
from PySide6.QtCore import Qt

from counterdesk.domain import receipt_qr
from counterdesk.domain.roles import DEVICE, SYSTEM_ACTOR, Actor
from counterdesk.printing.ticket import PROFILE, EscposPrinter
from counterdesk.services import lifecycle, queue, settings
from counterdesk.ui.dispenser.window import DispenserWindow
from tests.factories import make_dossier, vn

DEVICE_ACTOR = Actor(user_id=None, username="dispenser", role=DEVICE)


def test_scan_receipt_at_dispenser(qtbot, sqlite_store) -> None:
    with sqlite_store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00")).code
    dummy = Dummy(profile=PROFILE)
    window = DispenserWindow(sqlite_store, DEVICE_ACTOR, printer=EscposPrinter(lambda: dummy, "thử", check_paper=False))
    qtbot.addWidget(window)
    window.show()
    window.scan.setText(code)
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    assert window.last_issued is None and "chưa có kết quả" in window.result.text()
    for bad in ("x" * 300, "đđđ", receipt_qr.payload(code, "forged")):
        window.scan.setText(bad)
        qtbot.keyClick(window.scan, Qt.Key.Key_Return)
        assert window.last_issued is None
    lifecycle.result_ready(sqlite_store, SYSTEM_ACTOR, code, now=vn("2026-11-18T10:00"))
    window.scan.setText(receipt_qr.payload(code, settings.get(sqlite_store, "qr.secret")))
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    issued = window.last_issued
    assert issued is not None and issued.ticket.line == "R" and issued.ticket.dossier_code == code
    def ready() -> None:
        assert queue.get_ticket(sqlite_store, issued.ticket.id).printed

    qtbot.waitUntil(ready, timeout=5000)
    assert window.scan.text() == ""
