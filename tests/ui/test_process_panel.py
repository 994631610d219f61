"""Desk: moving a dossier through its lifecycle from the panel, only through allowed steps."""

from __future__ import annotations

from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.models import User
from counterdesk.services import lifecycle
from counterdesk.ui.desk.process_panel import ProcessPanel
from tests.factories import make_dossier, vn


def test_panel_offers_only_allowed_actions_and_records_them(qtbot, sqlite_store) -> None:
    with sqlite_store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00")).code
        uid = s.scalar(select(User.id).where(User.username == "canbo1"))
    answers: list[str | None] = []
    printed: list[tuple[bytes, str]] = []
    panel = ProcessPanel(sqlite_store, Actor(uid, "canbo1", CLERK), ask=lambda _q, _t: answers.pop(0),
                         show_pdf=lambda _w, pdf, title: printed.append((pdf, title)))
    qtbot.addWidget(panel)
    panel.show()
    panel.scan.setText(code)
    panel.lookup_scan()
    visible = {a for a, b in panel.buttons.items() if b.isVisible()}
    assert visible == {"handover", "refuse", "request_supplement", "withdraw", "stop", "result_ready"}
    assert panel.run_action("handover")
    assert lifecycle.get(sqlite_store, code).status == st.IN_PROGRESS
    assert panel.buttons["transfer"].isVisible() and not panel.buttons["handover"].isVisible()
    answers.append("   ")  # a required reason left blank: refused, nothing changes
    assert not panel.run_action("stop")
    assert "lý do" in panel.message.text().lower()
    answers.append(None)  # cancelled
    assert not panel.run_action("request_supplement")
    assert panel.run_action("result_ready")
    assert lifecycle.get(sqlite_store, code).status == st.DONE
    assert panel.history.rowCount() == 3
    assert "→" in panel.history.item(2, 1).text()
    panel.print_sheet.click()
    def ready() -> None:
        assert bool(printed)

    qtbot.waitUntil(ready, timeout=10_000)
    assert printed[0][0].startswith(b"%PDF") and code in printed[0][1]
    panel.scan.setText("garbage đ")
    panel.lookup_scan()
    assert panel.message.text() and panel.state is None
