"""Public lookup, ratings and the return-line ticket, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counterdesk.domain import receipt_qr
from counterdesk.domain import status as st
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import CLERK, Actor
from counterdesk.models import Rating, Ticket
from counterdesk.services import lifecycle, lookup, ratings, returns, settings
from tests.factories import make_applicant, make_dossier, vn

CLERK_ACTOR = Actor(user_id=None, username="canbo1", role=CLERK)
PRIVATE = ("001090123456", "0912345678", "Phường Sài Gòn", "Nguyễn Văn An", "Văn An")

# what a scanner, a child or an input method may send
BAD_SCANS = [
    "", "   ", "hello", "x" * 10_000, "000.00.01.H29-261116-0001\x00", "\x1b[2J\x07",
    "'; DROP TABLE dossier; --", "1 OR 1=1", "000.00.01.H29-261116-0001' OR '1'='1",
    "000.00.01.H29-26111đ-0001", "đđđđđ", "CD1|000.00.01.H29-261116-0001", "CD1|||",
    "CD1|" + "A" * 300, "０００.００.０１.H29-261116-0001", "\u202e000.00.01.H29-261116-0001",
]


def _code(store, **kw) -> str:
    with store.write() as s:
        applicant = make_applicant(s, "Nguyễn Văn An", "001090123456",
                                   address="Số 7 Phường Sài Gòn, TP. Hồ Chí Minh", phone="0912345678")
        return make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"),
                            applicant=applicant, **kw).code


def test_public_view_by_bare_code_and_by_signed_qr(store) -> None:
    code = _code(store)
    view = lookup.public_view(store, code)
    assert view.code == code and view.status == st.RECEIVED
    assert view.procedure_name == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert view.applicant == "Nguyễn V. A."
    assert view.due_at == vn("2026-11-19T09:00") and not view.result_ready
    assert lookup.public_view(store, f"  {code.lower()}  ").code == code  # typed in lower case
    secret = settings.get(store, "qr.secret")
    assert lookup.public_view(store, receipt_qr.payload(code, secret)).code == code


def test_public_view_never_holds_personal_fields(store) -> None:
    code = _code(store)
    lifecycle.result_ready(store, CLERK_ACTOR, code, now=vn("2026-11-18T10:00"))
    view = lookup.public_view(store, code)
    assert view.result_ready and "Quầy trả kết quả" in view.collect_at
    text = json.dumps(view.as_json(), ensure_ascii=False) + repr(view) + repr(view.lines())
    for secret in PRIVATE:
        assert secret not in text


def test_forged_and_unknown_codes_get_friendly_messages(store) -> None:
    code = _code(store)
    forged = receipt_qr.payload(code, "not-the-office-secret")
    with pytest.raises(InvalidInput, match="không phải do Trung tâm cấp"):
        lookup.public_view(store, forged)
    with pytest.raises(NotFound, match="Không tìm thấy"):
        lookup.public_view(store, "000.00.01.H29-261116-0999")
    secret = settings.get(store, "qr.secret")
    with pytest.raises(NotFound):  # genuine signature of a code that is not in this store
        lookup.public_view(store, receipt_qr.payload("000.00.01.H29-261116-0999", secret))


@pytest.mark.parametrize("text", BAD_SCANS)
def test_garbage_is_rejected_cleanly(sqlite_store, text: str) -> None:
    with pytest.raises((InvalidInput, NotFound)) as err:
        lookup.public_view(sqlite_store, text)
    assert err.value.message and len(err.value.message) < 200


def test_rating_after_return_once_with_reason_when_unhappy(store) -> None:
    code = _code(store)
    with pytest.raises(Conflict, match="sau khi đã nhận kết quả"):
        ratings.rate(store, code, ratings.SATISFIED)
    lifecycle.result_ready(store, CLERK_ACTOR, code, now=vn("2026-11-18T10:00"))
    ticket = returns.issue_return_ticket(store, code, now=vn("2026-11-18T14:00"))
    assert lookup.public_view(store, code).can_rate is False
    lifecycle.return_result(store, CLERK_ACTOR, code, now=vn("2026-11-18T14:10"))
    assert lookup.public_view(store, code).can_rate is True
    with pytest.raises(InvalidInput, match="lý do"):
        ratings.rate(store, code, ratings.DISSATISFIED, "  ")
    with pytest.raises(InvalidInput):
        ratings.rate(store, code, 7)
    got = ratings.rate(store, code, ratings.DISSATISFIED, "Chờ lâu", now=vn("2026-11-18T14:12"))
    assert got.ticket_id == ticket.ticket.id and got.score_name == "Không hài lòng"
    with pytest.raises(Conflict, match="đã được đánh giá"):
        ratings.rate(store, code, ratings.VERY_SATISFIED)
    with store.read() as s:
        rows = s.scalars(select(Rating)).all()
        assert [(r.score, r.reason, r.ticket_id) for r in rows] == [(1, "Chờ lâu", ticket.ticket.id)]
    assert lookup.public_view(store, code).can_rate is False


def test_return_ticket_only_for_a_ready_result(store) -> None:
    code = _code(store)
    with pytest.raises(Conflict, match="chưa có kết quả"):
        returns.issue_return_ticket(store, code)
    lifecycle.result_ready(store, CLERK_ACTOR, code, now=vn("2026-11-18T10:00"))
    secret = settings.get(store, "qr.secret")
    issued = returns.issue_return_ticket(store, receipt_qr.payload(code, secret), now=vn("2026-11-18T14:00"))
    assert issued.ticket.line == "R" and issued.ticket.dossier_code == code and issued.ticket.number == "R001"
    with pytest.raises(InvalidInput):
        returns.issue_return_ticket(store, receipt_qr.payload(code, "forged"))
    with pytest.raises(InvalidInput):
        returns.issue_return_ticket(store, "x" * 10_000)
    with store.read() as s:
        assert s.scalar(select(Ticket.dossier_code).where(Ticket.id == issued.ticket.id)) == code
