"""Return of results at the dispenser: scan the receipt, get a ticket on the return line."""

from __future__ import annotations

from datetime import datetime

from counterdesk.domain import status as st
from counterdesk.domain.errors import Conflict
from counterdesk.domain.roles import DEVICE, Actor
from counterdesk.services import queue
from counterdesk.services.lookup import find
from counterdesk.store.uow import Store

DISPENSER = Actor(user_id=None, username="dispenser", role=DEVICE)


def issue_return_ticket(store: Store, scanned_text: str, *, actor: Actor = DISPENSER, priority: bool = False,
                        now: datetime | None = None) -> queue.IssuedTicket:
    """Verify the scanned receipt and issue a return-line ticket carrying the dossier code.

    A dossier whose result is not ready gets no ticket: the citizen is told so at once instead of
    queueing for nothing.
    """
    actor.require("queue.issue")
    with store.read() as session:
        code, status = find(session, scanned_text)
    if status == st.RETURNED:
        raise Conflict(f"Kết quả hồ sơ {code} đã được trả. Nếu cần hỗ trợ, mời ông/bà lấy số tại quầy tiếp nhận.")
    if status != st.DONE:
        raise Conflict(f"Hồ sơ {code} chưa có kết quả ({st.public_name(status).lower()}).")
    return queue.issue_return_ticket(store, actor, code, priority=priority, now=now)
