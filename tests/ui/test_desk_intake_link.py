"""In the desk window, starting to serve a ticket links the dossiers taken for it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.models import Dossier
from counterdesk.services import queue
from counterdesk.store.uow import Store
from counterdesk.ui.desk.window import DeskWindow
from tests.factories import open_all_hours
from tests.ui.test_intake_form import CARD, clerk


@pytest.fixture(autouse=True)
def _office_open(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    """Tickets are issued and called at wall-clock time here: keep the office open."""
    open_all_hours(sqlite_store)


def test_serving_ticket_links_dossier(qtbot: Any, sqlite_store: Store) -> None:
    win = DeskWindow(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(win)
    issued = queue.issue_ticket(sqlite_store, SYSTEM_ACTOR, "A")
    assert win.queue_panel.call_next() is not None
    with qtbot.waitSignal(win.queue_panel.serving_started):
        assert win.queue_panel.start_serving() is not None
    form = win.intake
    assert form.ticket_id == issued.ticket.id and issued.ticket.number in form.ticket_badge.text()
    form.preview_enabled = False
    form.print_receipt.setChecked(False)
    form.select_procedure("1.004873")
    form.card.setText(CARD)
    form._scan_card()
    form.phone.setText("0912345678")
    form._doc_rows[0].check.setChecked(True)
    form.print_receipt.setChecked(False)
    result = form.submit()
    assert result is not None and result.ticket_id == issued.ticket.id
    with sqlite_store.read() as s:
        assert s.scalars(select(Dossier.ticket_id).where(Dossier.code == result.code)).one() == issued.ticket.id
    win.queue_panel.finish()
    assert form.ticket_id is None and not form.ticket_badge.isVisible()
