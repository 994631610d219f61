"""Lifecycle use cases on SQLite and PostgreSQL: each change is one event + one outbox entry."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from counterdesk.domain import status as st
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import Dossier, DossierEvent, OutboxEntry, User
from counterdesk.services import calendar, dossier_forms, lateness, lifecycle
from tests.factories import make_dossier, vn


def _actor(store, username: str, role: str) -> Actor:
    with store.read() as s:
        uid = s.scalar(select(User.id).where(User.username == username))
    return Actor(user_id=uid, username=username, role=role)


@pytest.fixture
def clerk(store) -> Actor:
    return _actor(store, "canbo1", CLERK)


@pytest.fixture
def head(store) -> Actor:
    return _actor(store, "lanhdao", SUPERVISOR)


def _dossier(store, received: str = "2026-11-16T09:00", due: str | None = "2026-11-19T09:00", **kw) -> str:
    with store.write() as s:
        return make_dossier(s, received_at=vn(received), due_at=None if due is None else vn(due), **kw).code


def _counts(store, code: str) -> tuple[int, int]:
    with store.read() as s:
        did = s.scalar(select(Dossier.id).where(Dossier.code == code))
        events = s.scalar(select(func.count()).select_from(DossierEvent).where(DossierEvent.dossier_id == did))
        entries = s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.dossier_id == did))
    return int(events or 0), int(entries or 0)


def _outbox_statuses(store, code: str) -> list[int]:
    with store.read() as s:
        did = s.scalar(select(Dossier.id).where(Dossier.code == code))
        rows = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.dossier_id == did).order_by(OutboxEntry.id))
        return [json.loads(p)["dossier"]["TrangThaiHoSo"] for p in rows]


def test_full_path_each_change_is_an_event_and_an_outbox_entry(store, clerk: Actor) -> None:
    code = _dossier(store)
    assert _counts(store, code) == (1, 0)  # the factory's "received" event

    s1 = lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    assert s1.status == st.IN_PROGRESS and s1.holder == "Văn phòng HĐND và UBND"
    assert _counts(store, code) == (2, 1)

    s2 = lifecycle.hand_over(store, clerk, code, to_unit="Công an phường", now=vn("2026-11-17T08:00"))
    assert s2.status == st.IN_PROGRESS and s2.holder == "Công an phường"
    assert _counts(store, code) == (3, 2)

    s3 = lifecycle.result_ready(store, clerk, code, now=vn("2026-11-18T14:00"))
    assert s3.status == st.DONE and s3.holder == lifecycle.DESK_UNIT
    assert s3.finished_at == vn("2026-11-18T14:00")

    s4 = lifecycle.return_result(store, clerk, code, now=vn("2026-11-19T08:00"))
    assert s4.status == st.RETURNED
    assert s4.receiver_name == "Nguyễn Văn An" and s4.receiver_id_number == "001090123456"
    assert s4.finished_at == vn("2026-11-18T14:00")  # first terminal moment kept
    assert s4.returned_at == vn("2026-11-19T08:00")
    assert _counts(store, code) == (5, 4)
    assert _outbox_statuses(store, code) == [4, 4, 9, 10]

    events = lifecycle.history(store, code)
    assert [e.kind for e in events] == ["received", "handover", "handover", "handback", "returned"]
    assert all(e.user_name == "Lê Văn Cường" for e in events[1:])
    assert events[3].data["from_unit"] == "Công an phường" and events[3].data["result"] == "early"

    sheet = dossier_forms.control_sheet_data(store, code)
    assert [(r.giver_unit, r.receiver_unit) for r in sheet.rows] == [
        (lifecycle.DESK_UNIT, "Văn phòng HĐND và UBND"),
        ("Văn phòng HĐND và UBND", "Công an phường"),
        ("Công an phường", lifecycle.DESK_UNIT),
    ]
    slip = dossier_forms.return_slip_data(store, code)
    assert slip.receiver_name == "Nguyễn Văn An" and slip.clerk_name == "Lê Văn Cường"


def test_illegal_transition_refused_and_nothing_changes(store, clerk: Actor) -> None:
    code = _dossier(store)
    before = _counts(store, code)
    with pytest.raises(Conflict, match="Không thể"):
        lifecycle.return_result(store, clerk, code)
    with pytest.raises(Conflict):
        lifecycle.complete_supplement(store, clerk, code)
    with pytest.raises(Conflict):
        lifecycle.financial_done(store, clerk, code)
    assert _counts(store, code) == before
    assert lifecycle.get(store, code).status == st.RECEIVED


def test_bad_input_is_refused_in_vietnamese(store, clerk: Actor) -> None:
    code = _dossier(store)
    lifecycle.result_ready(store, clerk, code, now=vn("2026-11-18T10:00"))
    before = _counts(store, code)
    with pytest.raises(InvalidInput, match="12"):
        lifecycle.return_result(store, clerk, code, receiver_name="Trần B", receiver_id_number="123")
    with pytest.raises(InvalidInput, match="vận đơn"):
        lifecycle.return_result(store, clerk, code, delivery="post")
    with pytest.raises(InvalidInput):
        lifecycle.refuse(store, clerk, code, reason="   ")
    with pytest.raises(InvalidInput):
        lifecycle.get(store, "'; DROP TABLE dossier; --")
    with pytest.raises(NotFound):
        lifecycle.get(store, "000.00.01.H29-261116-9999")
    assert _counts(store, code) == before


def test_return_by_post_to_another_receiver(store, clerk: Actor) -> None:
    code = _dossier(store)
    lifecycle.result_ready(store, clerk, code, now=vn("2026-11-18T10:00"))
    state = lifecycle.return_result(store, clerk, code, receiver_name="  Trần  Thị Bé ", receiver_id_number="079 195 012 345",
                                    delivery="post", postal_reference="EV123456789VN", now=vn("2026-11-18T11:00"))
    assert state.receiver_name == "Trần Thị Bé" and state.receiver_id_number == "079195012345"
    assert state.delivery == "post"
    slip = dossier_forms.return_slip_data(store, code)
    assert slip.delivery == "post" and slip.postal_reference == "EV123456789VN"


def test_supplement_pauses_and_restarts_the_clock(store, clerk: Actor) -> None:
    code = _dossier(store, "2026-11-16T09:00", "2026-11-19T09:00")
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    asked = lifecycle.request_supplement(store, clerk, code, reason="Thiếu bản sao giấy khai sinh",
                                         now=vn("2026-11-17T09:00"))
    assert asked.status == st.SUPPLEMENT and asked.supplement_count == 1 and asked.holder == lifecycle.DESK_UNIT
    back = lifecycle.complete_supplement(store, clerk, code, now=vn("2026-11-20T10:30"))
    assert back.status == st.IN_PROGRESS
    assert back.supplement_seconds == int(timedelta(days=3, hours=1, minutes=30).total_seconds())
    with store.read() as s:
        expected = calendar.due_for(s, received_at=vn("2026-11-20T10:30"), duration=3, unit="working_days")
    assert back.clock_start_at == expected.start and back.due_at == expected.due
    # Fri 20 → Mon 23, (Tue 24 is the Culture Day holiday), Wed 25, Thu 26 at the same time
    assert back.due_at == vn("2026-11-26T10:30")
    assert back.original_due_at == back.due_at
    assert back.holder == "Văn phòng HĐND và UBND"
    assert _outbox_statuses(store, code) == [4, 5, 4]
    # a second round adds up
    lifecycle.request_supplement(store, clerk, code, reason="Thiếu chữ ký", now=vn("2026-11-23T09:00"))
    again = lifecycle.complete_supplement(store, clerk, code, now=vn("2026-11-23T11:00"))
    assert again.supplement_count == 2
    assert again.supplement_seconds == back.supplement_seconds + 7200


def test_financial_obligation_withdrawal_and_notice(store, clerk: Actor) -> None:
    code = _dossier(store)
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    assert lifecycle.request_financial(store, clerk, code, note="Nộp lệ phí 15.000 đ",
                                       now=vn("2026-11-16T11:00")).status == st.FINANCIAL
    assert lifecycle.financial_done(store, clerk, code, now=vn("2026-11-16T14:00")).status == st.IN_PROGRESS
    w = lifecycle.withdraw(store, clerk, code, reason="Không còn nhu cầu", now=vn("2026-11-17T08:00"))
    assert w.status == st.WITHDRAWN and w.finished_at == vn("2026-11-17T08:00")
    notice = dossier_forms.withdrawal_data(store, code)
    assert notice.reason == "Không còn nhu cầu" and notice.number_label == "01/TB-DXL"
    assert notice.returned_documents
    with pytest.raises(Conflict):
        lifecycle.stop(store, clerk, code, reason="x")
    other = _dossier(store)
    lifecycle.withdraw(store, clerk, other, now=vn("2026-11-17T09:00"))
    assert dossier_forms.withdrawal_data(store, other).number_label == "02/TB-DXL"


def test_stop_and_refuse_hand_back_from_the_unit(store, clerk: Actor) -> None:
    a, b = _dossier(store), _dossier(store)
    lifecycle.hand_over(store, clerk, a, now=vn("2026-11-16T10:00"))
    stopped = lifecycle.stop(store, clerk, a, reason="Người nộp đã mất", now=vn("2026-11-17T10:00"))
    assert stopped.status == st.STOPPED and stopped.holder == lifecycle.DESK_UNIT
    refused = lifecycle.refuse(store, clerk, b, reason="Không thuộc thẩm quyền", now=vn("2026-11-16T10:00"))
    assert refused.status == st.REFUSED and refused.finished_at == vn("2026-11-16T10:00")


def test_apology_once_before_deadline_by_supervisor_only(store, clerk: Actor, head: Actor) -> None:
    code = _dossier(store, "2026-11-16T09:00", "2026-11-19T09:00")
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    before = _counts(store, code)
    with pytest.raises(PermissionDenied):
        lateness.apologise(store, clerk, code, reason="Chờ xác minh", new_due_at=vn("2026-11-24T09:00"),
                            now=vn("2026-11-18T09:00"))
    with pytest.raises(InvalidInput, match="sau ngày hẹn cũ"):
        lateness.apologise(store, head, code, reason="Chờ xác minh", new_due_at=vn("2026-11-18T09:00"),
                            now=vn("2026-11-18T09:00"))
    with pytest.raises(InvalidInput, match="ngày làm việc"):
        lateness.apologise(store, head, code, reason="Chờ xác minh", new_due_at=vn("2026-11-24T09:00"),
                            now=vn("2026-11-18T09:00"))  # Ngày Văn hóa Việt Nam, a day off
    assert _counts(store, code) == before
    done = lateness.apologise(store, head, code, reason="Chờ kết quả xác minh của Công an",
                               new_due_at=vn("2026-11-25T09:00"), now=vn("2026-11-18T09:00"))
    assert done.rescheduled and done.due_at == vn("2026-11-25T09:00")
    assert done.original_due_at == vn("2026-11-19T09:00")
    assert _counts(store, code) == (before[0] + 1, before[1] + 1)
    with pytest.raises(Conflict, match="một lần"):
        lateness.apologise(store, head, code, reason="Lần nữa", new_due_at=vn("2026-11-26T09:00"),
                            now=vn("2026-11-20T09:00"))
    data = dossier_forms.apology_data(store, code)
    assert data.original_due_at == vn("2026-11-19T09:00") and data.new_due_at == vn("2026-11-25T09:00")
    pdf = dossier_forms.render(data)
    assert pdf.startswith(b"%PDF")
    assert data.number_label == "01/PXL" and data.office.head_name

    late = _dossier(store, "2026-11-16T09:00", "2026-11-19T09:00")
    with pytest.raises(Conflict, match="trước thời hạn"):
        lateness.apologise(store, head, late, reason="Trễ", new_due_at=vn("2026-11-24T09:00"),
                            now=vn("2026-11-19T09:30"))


def test_late_list_shows_overdue_and_due_soon_only(store, clerk: Actor) -> None:
    overdue = _dossier(store, "2026-11-16T09:00", "2026-11-19T09:00")  # Thursday
    soon = _dossier(store, "2026-11-17T09:00", "2026-11-20T16:00")  # Friday
    later = _dossier(store, "2026-11-18T09:00", "2026-11-25T09:00")
    waiting = _dossier(store, "2026-11-16T09:00", "2026-11-19T08:00")
    lifecycle.request_supplement(store, clerk, waiting, reason="Thiếu giấy tờ", now=vn("2026-11-17T09:00"))
    finished = _dossier(store, "2026-11-16T09:00", "2026-11-18T09:00")
    lifecycle.result_ready(store, clerk, finished, now=vn("2026-11-18T08:00"))
    items = lateness.late_dossiers(store, now=vn("2026-11-19T10:00"))
    assert [(i.code, i.overdue) for i in items] == [(overdue, True), (soon, False)]
    assert later not in {i.code for i in items}
    assert items[0].due_text(vn("2026-11-19T10:00")) == "Quá hạn 1 giờ"


def test_forms_render_as_pdf(store, clerk: Actor) -> None:
    a, b = _dossier(store), _dossier(store)
    lifecycle.hand_over(store, clerk, a, now=vn("2026-11-16T10:00"))
    lifecycle.result_ready(store, clerk, a, now=vn("2026-11-18T10:00"))
    lifecycle.return_result(store, clerk, a, now=vn("2026-11-18T11:00"))
    lifecycle.withdraw(store, clerk, b, reason="Đổi ý", now=vn("2026-11-17T08:00"))
    for data in (dossier_forms.control_sheet_data(store, a), dossier_forms.return_slip_data(store, a),
                 dossier_forms.withdrawal_data(store, b)):
        pdf = dossier_forms.render(data)
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    with pytest.raises(Conflict):
        dossier_forms.apology_data(store, a)
    with pytest.raises(Conflict):
        dossier_forms.return_slip_data(store, b)
