"""accept() and friends on SQLite and PostgreSQL: codes, sequences, blocks, rollback, outbox, due."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.models import Applicant, Dossier, DossierEvent, OutboxEntry, ServiceLine, Ticket, User
from counterdesk.services import intake, settings
from counterdesk.services.intake import ApplicantInput, DocumentInput, IntakeRequest, NotAcceptedRequest
from counterdesk.store.uow import Store

AT = datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ)  # Friday
AN = ApplicantInput(name="Nguyễn Văn An", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam",
                    phone="0912 345 678", address="Phường Sài Gòn, TP. Hồ Chí Minh")
BINH = ApplicantInput(name="Trần Thị Bình", id_number="079185000123", birth_date=date(1985, 3, 2), gender="Nữ")


def clerk(store: Store) -> Actor:
    with store.read() as s:
        user = s.scalars(select(User).where(User.username == "canbo1")).one()
        return Actor(user.id, user.username, user.role, user.counter_id)


def req(applicant: ApplicantInput = AN, code: str = "1.004873", at: datetime = AT, **kw: object) -> IntakeRequest:
    return IntakeRequest(procedure_code=code, applicant=applicant, received_at=at, **kw)  # type: ignore[arg-type]


def count(store: Store, model: type) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_code_format_and_daily_sequence(store: Store) -> None:
    actor = clerk(store)
    first = intake.accept(store, req(), actor)
    second = intake.accept(store, req(BINH), actor)
    next_day = intake.accept(store, req(at=datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)), actor)
    assert first.code == "000.00.01.H29-261120-0001"
    assert second.code == "000.00.01.H29-261120-0002"
    assert next_day.code == "000.00.01.H29-261123-0001"
    assert first.status == 2 and first.applicant_name == "Nguyễn Văn An"


def test_due_moment_stored_with_explanation(store: Store) -> None:
    from counterdesk.services.calendar import due_for_procedure

    result = intake.accept(store, req(), clerk(store))
    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == result.code)).one()
        expected = due_for_procedure(s, _proc(s, "1.004873"), AT)  # type: ignore[arg-type]
        assert d.due_at == expected.due and d.original_due_at == expected.due
        assert d.due_explanation == expected.explanation and "ngày làm việc" in d.due_explanation
        assert d.received_day == date(2026, 11, 20) and d.log_number == 1
    # Fri 20/11 + 3 working days, Tue 24/11/2026 (Ngày Văn hóa Việt Nam) is off → Thu 26/11 09:15
    assert result.due_at == datetime(2026, 11, 26, 9, 15, tzinfo=VN_TZ)


def _proc(session: object, code: str) -> object:
    from counterdesk.models import Procedure

    return session.scalars(select(Procedure).where(Procedure.code == code)).one()  # type: ignore[attr-defined]


def test_sequence_block_and_long_sequences(store: Store) -> None:
    settings.set_value(store, "office.sequence_start", "9999")
    settings.set_value(store, "office.sequence_end", "10000")
    actor = clerk(store)
    assert intake.accept(store, req(), actor).code.endswith("-261120-9999")
    assert intake.accept(store, req(BINH), actor).code.endswith("-261120-10000")
    with pytest.raises(Conflict, match="hết dãy số"):
        intake.accept(store, req(AN, code="2.000815"), actor)


def test_rollback_leaves_no_gap_and_nothing_written(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    actor = clerk(store)

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake.outbox, "enqueue_dossier", broken)
    with pytest.raises(RuntimeError):
        intake.accept(store, req(), actor)
    assert count(store, Dossier) == 0 and count(store, Applicant) == 0 and count(store, OutboxEntry) == 0
    monkeypatch.undo()
    assert intake.accept(store, req(), actor).code.endswith("-0001")


def test_outbox_and_event_in_same_transaction(store: Store) -> None:
    result = intake.accept(store, req(), clerk(store))
    with store.read() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.dossier_id == result.dossier_id)).all()
        assert [e.kind for e in entries] == ["dossier.received"]
        assert result.code in entries[0].payload and '"TrangThaiHoSo": 2' in entries[0].payload
        events = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == result.dossier_id)).all()
        assert [(e.kind, e.from_status, e.to_status) for e in events] == [("received", None, 2)]


def test_duplicate_asks_then_proceeds(store: Store) -> None:
    actor = clerk(store)
    first = intake.accept(store, req(), actor)
    with pytest.raises(intake.DuplicateDossier) as err:
        intake.accept(store, req(at=AT.replace(hour=14)), actor)
    assert err.value.codes == (first.code,) and "Vẫn tạo" in err.value.message
    assert count(store, Dossier) == 1
    again = intake.accept(store, req(at=AT.replace(hour=14)), actor, allow_duplicate=True)
    assert again.code.endswith("-0002")
    # another procedure or another day is not a duplicate
    intake.accept(store, req(code="2.000815"), actor)


def test_applicant_upserted_by_id_nfc(store: Store) -> None:
    actor = clerk(store)
    nfd = replace(AN, name=unicodedata.normalize("NFD", "Nguyễn  Văn An"), phone="+84 988 000 111")
    intake.accept(store, req(nfd), actor)
    intake.accept(store, req(replace(AN, phone="0988000111", email="An@Mail.vn"), code="2.000815"), actor)
    with store.read() as s:
        rows = s.scalars(select(Applicant)).all()
        assert len(rows) == 1
        a = rows[0]
        assert a.full_name == "Nguyễn Văn An" and a.name_key == "nguyen van an"
        assert a.phone == "0988000111" and a.email == "an@mail.vn"
    found = intake.find_applicant(store, "001 090 123 456")
    assert found is not None and found.birth_date == date(1990, 1, 1)
    assert intake.find_applicant(store, "079185000123") is None


@pytest.mark.parametrize(("change", "field"), [
    ({"id_number": "001091123456"}, "id_number"),  # birth year mismatch
    ({"id_number": "001190123456"}, "id_number"),  # female digit vs Nam
    ({"phone": "12345"}, "phone"),
    ({"name": "  "}, "name"),
    ({"email": "x@"}, "email"),
])
def test_bad_input_writes_nothing(store: Store, change: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        intake.accept(store, req(replace(AN, **change)), clerk(store))  # type: ignore[arg-type]
    assert err.value.field == field
    assert count(store, Dossier) == 0 and count(store, Applicant) == 0


def test_required_documents_checked(store: Store) -> None:
    actor = clerk(store)
    only_copy = (DocumentInput("Bản sao cần chứng thực", 0, 1),)
    with pytest.raises(InvalidInput, match="Bản chính giấy tờ") as err:
        intake.accept(store, req(code="2.000815", documents=only_copy), actor)
    assert err.value.field == "documents"
    with pytest.raises(NotFound):
        intake.accept(store, req(code="9.999999"), actor)
    full = (DocumentInput("ban chinh giay to, van ban", 1, 0), *only_copy)  # matched without diacritics
    assert intake.accept(store, req(code="2.000815", documents=full), actor).status == 2


def test_ticket_link(store: Store) -> None:
    with store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "A")).one()
        t = Ticket(line_id=line.id, business_day=AT.date(), seq=12, number="A012", priority=False,
                   state="serving", issued_at=AT, recall_count=0, printed=True)
        s.add(t)
        s.flush()
        ticket_id = t.id
    result = intake.accept(store, req(ticket_id=ticket_id), clerk(store))
    assert result.ticket_id == ticket_id
    with store.read() as s:
        d = s.get(Dossier, result.dossier_id)
        assert d is not None and d.ticket_id == ticket_id
        assert d.events[0].note == "Phiếu A012"
    with pytest.raises(NotFound):
        intake.accept(store, req(BINH, ticket_id=ticket_id + 99), clerk(store))


def test_complete_now_same_day(store: Store) -> None:
    actor = clerk(store)
    result = intake.accept(store, req(code="1.001193", complete_now=True), actor)
    assert result.status == 10 and result.due_at is None
    with store.read() as s:
        d = s.get(Dossier, result.dossier_id)
        assert d is not None and d.receiver_name == "Nguyễn Văn An" and d.returned_at is not None
        assert [(e.from_status, e.to_status) for e in d.events] == [(None, 2), (2, 9), (9, 10)]
        kinds = s.scalars(select(OutboxEntry.kind).where(OutboxEntry.dossier_id == d.id).order_by(OutboxEntry.id))
        assert list(kinds) == ["dossier.received", "dossier.status"]
    by_post = intake.accept(store, req(BINH, code="1.001193", complete_now=True, delivery="post"), actor)
    assert by_post.status == 9
    with pytest.raises(InvalidInput):
        intake.accept(store, req(BINH, complete_now=True), actor)  # 3 working days: not immediate


def test_refusal_and_supplement_are_coded_dossiers(store: Store) -> None:
    actor = clerk(store)
    refused = intake.refuse(store, NotAcceptedRequest("1.004873", BINH, "Không thuộc thẩm quyền", received_at=AT),
                            actor)
    assert refused.status == 3 and refused.code.endswith("-0001") and refused.due_at is None
    sup = intake.request_supplement(store, NotAcceptedRequest(
        "1.004873", replace(AN, id_number=""), "Thiếu giấy tờ", items=("Tờ khai có chữ ký",), received_at=AT), actor)
    assert sup.status == 5
    with store.read() as s:
        ev = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == sup.dossier_id)).one()
        assert ev.kind == "supplement_requested" and ev.data and ev.data["items"] == ["Tờ khai có chữ ký"]
    # a refused dossier does not block a real one for the same person today
    assert intake.accept(store, req(BINH), actor).code.endswith("-0003")
    with pytest.raises(InvalidInput) as err:
        intake.refuse(store, NotAcceptedRequest("1.004873", BINH, " "), actor)
    assert err.value.field == "reason"


def test_missing_documents_matching() -> None:
    from counterdesk.services.intake import DocumentView

    required = (DocumentView("Bản chính giấy tờ, văn bản", 1, 0, True), DocumentView("Tờ khai", 1, 0, True),
                DocumentView("Giấy tờ tùy thân", 0, 0, False))
    assert intake.missing_documents(required, (DocumentInput("BAN CHINH GIAY TO", 1, 0),)) == ["Tờ khai"]
    assert intake.missing_documents(required, (DocumentInput("Bản chính giấy tờ, văn bản", 1, 0),
                                               DocumentInput("tờ khai", 1, 0))) == []
    assert intake.missing_documents(required, (DocumentInput(" ", 1, 0),)) == ["Bản chính giấy tờ, văn bản",
                                                                                "Tờ khai"]
