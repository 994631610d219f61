"""The public view tells a citizen what to do next: papers to bring back, the apology and the new
date of a late dossier, the fee — and still nothing personal. SQLite and PostgreSQL."""

from __future__ import annotations

import json

from counterdesk.domain import status as st
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import Dossier, DossierEvent
from counterdesk.services import lateness, lifecycle, lookup
from tests.factories import vn
from tests.integration.test_lookup import _code

CLERK_ACTOR = Actor(user_id=None, username="canbo1", role=CLERK)
HEAD = Actor(user_id=None, username="lanhdao", role=SUPERVISOR)
PRIVATE = ("001090123456", "0912345678", "0987654321", "Phường Sài Gòn", "Nguyễn Văn An", "Văn An",
           "Trần Thị Bưu")


def _everything(view: lookup.PublicView) -> str:
    return json.dumps(view.as_json(), ensure_ascii=False) + repr(view) + repr(view.lines())


def test_sent_back_at_intake_lists_the_papers_and_note_but_not_the_contact(store) -> None:
    code = _code(store, status=st.SUPPLEMENT)
    with store.write() as s:
        dossier = s.query(Dossier).filter_by(code=code).one()
        s.add(DossierEvent(dossier_id=dossier.id, at=vn("2026-11-16T09:05"), kind="supplement_requested",
                           from_status=None, to_status=st.SUPPLEMENT, note="Bản sao giấy khai sinh chưa chứng thực",
                           data={"reason": "Bản sao giấy khai sinh chưa chứng thực",
                                 "items": ["Bổ sung Giấy khai sinh (bản sao có chứng thực)", " ", "Tờ khai ký tên"],
                                 "contact_name": "Trần Thị Bưu", "contact_phone": "0987654321"}))
    view = lookup.public_view(store, code)
    assert view.supplement_items == ("Bổ sung Giấy khai sinh (bản sao có chứng thực)", "Tờ khai ký tên")
    assert view.supplement_note == "Bản sao giấy khai sinh chưa chứng thực"
    rows = dict(view.lines())
    assert rows["Giấy tờ cần bổ sung"] == "• Bổ sung Giấy khai sinh (bản sao có chứng thực)\n• Tờ khai ký tên"
    assert rows["Ghi chú của quầy"] == "Bản sao giấy khai sinh chưa chứng thực"
    assert view.as_json()["supplement_items"] == list(view.supplement_items)
    for secret in PRIVATE:
        assert secret not in _everything(view)


def test_sent_back_by_the_unit_shows_the_latest_request(store) -> None:
    code = _code(store)
    lifecycle.request_supplement(store, CLERK_ACTOR, code, reason="Thiếu bản chính CCCD để đối chiếu",
                                 now=vn("2026-11-17T10:00"))
    view = lookup.public_view(store, code)
    assert view.status == st.SUPPLEMENT and view.supplement_items == ()
    assert view.supplement_note == "Thiếu bản chính CCCD để đối chiếu"
    lifecycle.complete_supplement(store, CLERK_ACTOR, code, now=vn("2026-11-18T10:00"))
    after = lookup.public_view(store, code)
    assert after.supplement_note == "" and "Ghi chú của quầy" not in dict(after.lines())


def test_late_dossier_shows_apology_and_new_date_beside_the_original(store) -> None:
    code = _code(store)
    plain = lookup.public_view(store, code)
    assert not plain.late and plain.original_due_at is None and plain.apology == ""
    lateness.apologise(store, HEAD, code, reason="Chờ kết quả xác minh của xã khác",
                        new_due_at=vn("2026-11-20T15:00"), now=vn("2026-11-18T10:00"))
    view = lookup.public_view(store, code)
    assert view.late and view.rescheduled
    assert view.original_due_at == vn("2026-11-19T09:00") and view.due_at == vn("2026-11-20T15:00")
    assert view.apology == "Chờ kết quả xác minh của xã khác"
    rows = dict(view.lines())
    assert rows["Hẹn trả ban đầu"] == "09:00 19/11/2026" and rows["Hẹn trả mới"] == "15:00 20/11/2026"
    assert rows["Lời xin lỗi"].startswith(lookup.APOLOGY) and "xác minh" in rows["Lời xin lỗi"]
    got = view.as_json()
    assert got["original_due_at"] == "2026-11-19T09:00+07:00" and got["due_at"] == "2026-11-20T15:00+07:00"


def test_fee_due_is_shown_only_when_there_is_one(store) -> None:
    code = _code(store)
    with store.write() as s:
        s.query(Dossier).filter_by(code=code).one().fee = 0
    assert "Phí, lệ phí" not in dict(lookup.public_view(store, code).lines())
    with store.write() as s:
        s.query(Dossier).filter_by(code=code).one().fee = 50_000
    view = lookup.public_view(store, code)
    assert view.fee == 50_000 and view.as_json()["fee"] == 50_000
    assert dict(view.lines())["Phí, lệ phí"] == "50.000 đồng"


def test_overdue_without_a_new_date_apologises_and_says_whom_to_ask(store) -> None:
    code = _code(store)
    before = lookup.public_view(store, code, now=vn("2026-11-19T08:59"))
    assert not before.overdue and "Lời xin lỗi" not in dict(before.lines())
    after = lookup.public_view(store, code, now=vn("2026-11-19T09:01"))
    assert after.overdue and after.as_json()["overdue"] is True
    assert dict(after.lines())["Lời xin lỗi"] == f"{lookup.APOLOGY} {lookup.ASK_NEW_DATE}"
    lifecycle.request_supplement(store, CLERK_ACTOR, code, reason="Thiếu tờ khai", now=vn("2026-11-18T10:00"))
    stopped = lookup.public_view(store, code, now=vn("2026-11-25T09:00"))
    assert not stopped.overdue  # waiting for the citizen: the clock is stopped
