"""Fees computed at intake and collected once; staff search by code, QR, ID, phone and name.

Both on SQLite and PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from counterdesk.domain import receipt_qr
from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.roles import DEVICE, Actor
from counterdesk.models import ApplicantNameToken, AuditEntry, Dossier, DossierEvent, User
from counterdesk.services import fees, intake, search
from counterdesk.services.intake import ApplicantInput, IntakeRequest, NotAcceptedRequest
from counterdesk.store.uow import Store
from tests.acceptance_data import fee_cases

AT = datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ)  # Friday
AN = ApplicantInput(name="Nguyễn Văn Ân", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam",
                    phone="0912 345 678", address="Phường Sài Gòn, TP. Hồ Chí Minh")
BINH = ApplicantInput(name="Trần Thị Bình", id_number="079185000123", birth_date=date(1985, 3, 2), gender="Nữ",
                      phone="0987654321")
DUNG = ApplicantInput(name="Đặng Văn Dũng", id_number="001080000777", birth_date=date(1980, 5, 5), gender="Nam")


def clerk(store: Store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "canbo1")).one()
        return Actor(user.id, user.username, user.role, user.counter_id)


def accept(store: Store, code: str = "2.000815", applicant: ApplicantInput = AN, **kw: object) -> intake.IntakeResult:
    request = IntakeRequest(procedure_code=code, applicant=applicant, received_at=kw.pop("at", AT), **kw)  # type: ignore[arg-type]
    return intake.accept(store, request, clerk(store), allow_duplicate=True)


def dossier(store: Store, code: str) -> Dossier:
    with store.read() as s:
        found = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        s.expunge(found)
        return found


@pytest.mark.parametrize("case", fee_cases(), ids=lambda c: f"{c['procedure']}-{c['pages']}p-{c['copies']}c")
def test_intake_computes_the_acceptance_fees(store: Store, case: dict[str, object]) -> None:
    exemption = "Đăng ký khai sinh đúng hạn (trong 60 ngày)" if "exempt" in str(case.get("note", "")) else ""
    result = accept(store, str(case["procedure"]), pages=case["pages"], copies=case["copies"], fee_exemption=exemption)
    d = dossier(store, result.code)
    assert d.fee == case["fee"]
    assert (d.fee_pages, d.fee_copies, d.fee_exemption) == (case["pages"], case["copies"], exemption)
    with store.read() as s:
        event = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id,
                                                     DossierEvent.kind == "received")).one()
        assert event.data is not None and event.data["fee"] == case["fee"]


def test_fee_without_pages_counts_one_page_and_says_so(store: Store) -> None:
    d = dossier(store, accept(store).code)
    assert d.fee == 2000
    q = fees.quote(store, "2.000815")
    assert q.amount == 2000 and "1 trang × 1 bản" in q.explanation


def test_bad_pages_change_nothing(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        accept(store, pages=-1)
    assert err.value.field == "pages"
    with store.read() as s:
        assert s.scalars(select(Dossier)).first() is None


def test_payment_recorded_once_with_receipt_number_and_audit(store: Store) -> None:
    code = accept(store, pages=5, copies=2).code
    actor = clerk(store)
    with pytest.raises(InvalidInput):
        fees.record_payment(store, code, amount=10_000, receipt_no="BL-0001", actor=actor)  # owes 14.000
    with pytest.raises(InvalidInput):
        fees.record_payment(store, code, amount=14_000, receipt_no="  ", actor=actor)
    paid = fees.record_payment(store, code, amount=14_000, receipt_no="BL-0001", actor=actor,
                               at=datetime(2026, 11, 20, 9, 30, tzinfo=VN_TZ))
    assert (paid.paid, paid.receipt_no) == (14_000, "BL-0001")
    with pytest.raises(Conflict):
        fees.record_payment(store, code, amount=14_000, receipt_no="BL-0002", actor=actor)
    d = dossier(store, code)
    assert (d.fee_paid, d.fee_receipt_no) == (14_000, "BL-0001")
    with store.read() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "fee.paid")).one().entity_id == code
    assert fees.cash_total(store, date(2026, 11, 20)) == (14_000, 1)
    assert fees.cash_total(store, date(2026, 11, 21)) == (0, 0)
    register = fees.register(store, date(2026, 11, 1), date(2026, 11, 30), _supervisor(store))
    assert [(r.code, r.amount, r.receipt_no) for r in register.rows] == [(code, 14_000, "BL-0001")]
    assert register.total == 14_000


def test_exempt_and_unknown_dossiers_are_not_collected(store: Store) -> None:
    code = accept(store, "1.001193", fee_exemption="Đăng ký đúng hạn").code
    with pytest.raises(Conflict) as err:
        fees.record_payment(store, code, amount=1000, receipt_no="BL-9", actor=clerk(store))
    assert "miễn" in err.value.message
    with pytest.raises(NotFound):
        fees.record_payment(store, "000.00.00.H00-261120-9999", amount=1000, receipt_no="BL-9", actor=clerk(store))
    register = fees.register(store, date(2026, 11, 20), date(2026, 11, 20), _supervisor(store))
    assert register.exempted == 1 and register.rows == ()


def _supervisor(store: Store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "lanhdao")).one()
        return Actor(user.id, user.username, user.role, user.counter_id)


def test_search_by_code_qr_id_phone_and_name_any_order(store: Store) -> None:
    first = accept(store, applicant=AN).code
    later = accept(store, "2.000884", applicant=AN, at=datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)).code
    other = accept(store, applicant=BINH).code
    accept(store, applicant=DUNG)
    actor = clerk(store)
    assert [f.code for f in search.find_dossiers(store, first.lower(), actor).items] == [first]
    assert [f.code for f in search.find_dossiers(store, receipt_qr.payload(other, "x"), actor).items] == [other]
    by_id = search.find_dossiers(store, "001 090 123 456", actor)
    assert by_id.kind == "id_number" and [f.code for f in by_id.items] == [later, first]  # newest first
    assert [f.code for f in search.find_dossiers(store, "+84 987 654 321", actor).items] == [other]
    for query in ("nguyen van an", "Ân Nguyễn", "NGUYEN AN", "văn ngu", "an nguyen van"):
        result = search.find_dossiers(store, query, actor)
        assert result.kind == "name" and [f.code for f in result.items] == [later, first], query
    assert [f.applicant_name for f in search.find_dossiers(store, "dang dung", actor).items] == ["Đặng Văn Dũng"]
    assert search.find_dossiers(store, "nguyen binh", actor).items == ()
    assert search.find_dossiers(store, "nguyen binh", actor).message == "Không tìm thấy hồ sơ nào."


def test_search_follows_a_renamed_applicant_and_refuses_bad_queries(store: Store) -> None:
    accept(store, applicant=AN)
    accept(store, applicant=ApplicantInput(name="Nguyễn Văn Ánh", id_number=AN.id_number, birth_date=AN.birth_date,
                                           gender="Nam"))
    actor = clerk(store)
    assert search.find_dossiers(store, "anh nguyen", actor).items
    with store.read() as s:
        words = set(s.scalars(select(ApplicantNameToken.token)))
    assert words == {"nguyen", "van", "anh"}  # the old word "an" went with the old name
    for bad in ("", "   ", "a\x00b", "x" * 500):
        with pytest.raises(InvalidInput):
            search.find_dossiers(store, bad, actor)
    with pytest.raises(PermissionDenied):
        search.find_dossiers(store, "nguyen", Actor(None, "kiosk", DEVICE))


def test_counter_send_back_owes_nothing(store: Store) -> None:
    result = intake.request_supplement(store, NotAcceptedRequest(
        procedure_code="2.000815", applicant=AN, reason="Thiếu bản chính", items=("Bản chính giấy tờ",),
        received_at=AT), clerk(store))
    assert dossier(store, result.code).fee == 0
