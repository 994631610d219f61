"""A dossier sent back at the counter for more papers is resumed with the same code when the citizen
returns: received and due from that moment, one dossier in the history (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counterdesk.domain import status as st
from counterdesk.domain.clock import VN_TZ, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.roles import Actor
from counterdesk.models import Dossier, DossierEvent, OutboxEntry, User
from counterdesk.services import intake, lifecycle, resume
from counterdesk.services.intake import ApplicantInput, DocumentInput, IntakeRequest, NotAcceptedRequest
from counterdesk.store.uow import Store

SENT_BACK = datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ)  # Friday
BACK = datetime(2026, 11, 24, 14, 0, tzinfo=VN_TZ)  # the next Tuesday, 14:00
AN = ApplicantInput(name="Nguyễn Văn An", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam")
PAPERS = (DocumentInput("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 1, 0),
          DocumentInput("Giấy tờ liên quan", 0, 1))


def clerk(store: Store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "canbo1")).one()
        return Actor(user.id, user.username, user.role, user.counter_id)


def send_back(store: Store, code: str = "1.004873") -> str:
    return intake.request_supplement(store, NotAcceptedRequest(
        procedure_code=code, applicant=AN, reason="Thiếu giấy tờ", items=("Bản sao giấy khai sinh",),
        received_at=SENT_BACK), clerk(store)).code


def required_papers(store: Store, code: str) -> tuple[DocumentInput, ...]:
    detail = intake.procedure_detail(store, code)
    return tuple(DocumentInput(d.name, d.originals, d.copies) for d in detail.documents if d.required)


def test_resume_receives_the_same_code_with_the_clock_from_now(store: Store) -> None:
    code = send_back(store)
    detail, _docs, asked = resume.sent_back(store, code)
    assert detail.code == "1.004873" and asked == ["Bản sao giấy khai sinh"]
    papers = required_papers(store, "1.004873")
    result = resume.resume(store, code, papers, clerk(store), at=BACK)
    assert result.code == code and result.status == st.RECEIVED
    assert result.received_at == BACK
    # 3 working days from Tuesday 24/11 14:00 (not counted) → Friday 27/11 14:00
    fresh = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=AN, received_at=BACK),
                          clerk(store), allow_duplicate=True)
    assert result.due_at == fresh.due_at and result.due_at is not None and result.due_at > BACK
    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        assert (d.status, to_vn(d.received_at), d.supplement_count, d.supplement_seconds) == (st.RECEIVED, BACK, 0, 0)
        kinds = [(e.kind, e.from_status, e.to_status) for e in
                 s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.id))]
        assert kinds == [("supplement_requested", None, st.SUPPLEMENT), ("received", st.SUPPLEMENT, st.RECEIVED)]
        assert s.scalar(select(func.count()).select_from(Dossier).where(Dossier.code == code)) == 1
        assert s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.dossier_id == d.id)) == 2
    # and from here the ordinary lifecycle goes on
    state = lifecycle.hand_over(store, clerk(store), code, now=datetime(2026, 11, 24, 15, 0, tzinfo=VN_TZ))
    assert state.status == st.IN_PROGRESS


def test_resume_refuses_incomplete_papers_and_other_dossiers_changing_nothing(store: Store) -> None:
    code = send_back(store)
    with pytest.raises(InvalidInput) as err:
        resume.resume(store, code, (), clerk(store), at=BACK)
    assert "chưa đủ giấy tờ" in err.value.message
    with pytest.raises(InvalidInput):
        resume.resume(store, code, required_papers(store, "1.004873"), clerk(store),
                      at=datetime(2026, 11, 19, 9, 0, tzinfo=VN_TZ))
    with store.read() as s:
        assert s.scalars(select(Dossier.status).where(Dossier.code == code)).one() == st.SUPPLEMENT
    accepted = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=AN, received_at=SENT_BACK),
                             clerk(store), allow_duplicate=True).code
    with pytest.raises(Conflict):
        resume.resume(store, accepted, required_papers(store, "1.004873"), clerk(store), at=BACK)
    lifecycle.request_supplement(store, clerk(store), accepted, reason="Thiếu bản sao",
                                 now=datetime(2026, 11, 20, 10, 0, tzinfo=VN_TZ))
    with pytest.raises(Conflict):  # accepted first: completed through the lifecycle, not resumed
        resume.resume(store, accepted, required_papers(store, "1.004873"), clerk(store), at=BACK)
    resume.resume(store, code, required_papers(store, "1.004873"), clerk(store), at=BACK)
    with pytest.raises(Conflict):  # not twice
        resume.resume(store, code, required_papers(store, "1.004873"), clerk(store), at=BACK)
