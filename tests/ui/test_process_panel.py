"""Desk: moving a dossier through its lifecycle from the panel, only through allowed steps."""

from __future__ import annotations

from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.models import User
from counterdesk.services import lifecycle
from counterdesk.ui.desk.process_panel import ProcessPanel
from tests.factories import make_dossier, vn


def _open(qtbot, store, answers: list[str | None],
          printed: list[tuple[bytes, str]]) -> tuple[ProcessPanel, str, int]:
    """A panel showing a fresh dossier (received 16/11, due 19/11), as clerk canbo1."""
    with store.write() as s:
        code = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00")).code
        uid = s.scalar(select(User.id).where(User.username == "canbo1"))
    panel = ProcessPanel(store, Actor(uid, "canbo1", CLERK), ask=lambda _q, _t: answers.pop(0),
                         show_pdf=lambda _w, pdf, title: printed.append((pdf, title)))
    qtbot.addWidget(panel)
    panel.show()
    panel.scan.setText(code)
    panel.lookup_scan()
    return panel, code, uid


def test_panel_offers_only_allowed_actions_and_records_them(qtbot, sqlite_store) -> None:
    answers: list[str | None] = []
    printed: list[tuple[bytes, str]] = []
    panel, code, _ = _open(qtbot, sqlite_store, answers, printed)
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


def test_supplement_and_refusal_notices_print_after_acceptance(qtbot, sqlite_store) -> None:
    """Mẫu 02 and Mẫu 03 come from the panel when the handling unit asks for papers or refuses."""
    import io

    from pypdf import PdfReader

    answers: list[str | None] = ["Bổ sung bản sao Giấy khai sinh", "Không đủ điều kiện theo Điều 22"]
    printed: list[tuple[bytes, str]] = []
    panel, code, uid = _open(qtbot, sqlite_store, answers, printed)
    assert not panel.print_supplement.isEnabled() and not panel.print_refusal.isEnabled()
    assert panel.run_action("handover") and panel.run_action("request_supplement")
    assert panel.print_supplement.isEnabled()
    panel.print_supplement.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    text = " ".join((PdfReader(io.BytesIO(printed[0][0])).pages[0].extract_text() or "").split())
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Bổ sung bản sao Giấy khai sinh" in text and code in text
    assert "Yêu cầu bổ sung" in printed[0][1] or "bổ sung" in printed[0][1]
    lifecycle.complete_supplement(sqlite_store, Actor(uid, "canbo1", CLERK), code, now=vn("2026-11-17T09:00"))
    panel.scan.setText(code)
    panel.lookup_scan()
    assert panel.run_action("refuse") and panel.print_refusal.isEnabled()
    panel.print_refusal.click()
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10_000)
    text = " ".join((PdfReader(io.BytesIO(printed[1][0])).pages[0].extract_text() or "").split())
    assert "TỪ CHỐI" in text and "Không đủ điều kiện theo Điều 22" in text


def test_sent_back_dossier_is_resumed_and_a_fee_collected_from_the_panel(qtbot, sqlite_store, monkeypatch) -> None:
    from datetime import date

    from counterdesk.services import intake
    from counterdesk.services.intake import ApplicantInput, NotAcceptedRequest
    from counterdesk.ui.desk import fee_dialog, resume_dialog

    with sqlite_store.read() as s:
        uid = s.scalar(select(User.id).where(User.username == "canbo1"))
    actor = Actor(uid, "canbo1", CLERK)
    applicant = ApplicantInput(name="Nguyễn Văn An", id_number="001090123456", birth_date=date(1990, 1, 1),
                               gender="Nam")
    code = intake.request_supplement(sqlite_store, NotAcceptedRequest(
        "2.000815", applicant, reason="Thiếu bản chính", items=("Bản chính giấy tờ",),
        received_at=vn("2026-11-16T09:00")), actor).code
    printed: list[tuple[bytes, str]] = []
    panel = ProcessPanel(sqlite_store, actor, ask=lambda _q, _t: None,
                         show_pdf=lambda _w, pdf, title: printed.append((pdf, title)))
    qtbot.addWidget(panel)
    panel.show()
    panel.open_code(code)
    assert panel.resume_button.isVisible() and not panel.fee_button.isVisible()

    def accept_all(dialog: resume_dialog.ResumeDialog) -> int:
        for check, _doc in dialog.checks:
            check.setChecked(True)
        dialog.pages.setValue(3)
        dialog.copies.setValue(1)
        dialog.submit()
        return 1

    monkeypatch.setattr(resume_dialog.ResumeDialog, "exec", accept_all)
    panel.resume_dossier()
    qtbot.waitUntil(lambda: bool(printed))
    assert printed[0][1].startswith("Mẫu 01 ") and lifecycle.get(sqlite_store, code).status == st.RECEIVED
    assert not panel.resume_button.isVisible() and panel.fee_button.isVisible()  # 5.000 đ owed

    def pay(dialog: fee_dialog.FeeDialog) -> int:
        dialog.receipt.setText("BL-9")
        dialog.submit()
        return 1

    monkeypatch.setattr(fee_dialog.FeeDialog, "exec", pay)
    panel.collect_fee()
    assert "5.000" in panel.message.text() and not panel.fee_button.isVisible()
