"""The book's STT and Quyển số are given once at intake and printed identically on the receipt and in
the book; counter decisions are marked; the promised appointment stays beside a rescheduled one."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

from pypdf import PdfReader
from sqlalchemy import select

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import User
from counterdesk.printing import daily_log as daily_log_pdf
from counterdesk.services import dossier_forms, intake, lateness, lifecycle, receipts
from counterdesk.services.intake import ApplicantInput, IntakeRequest, NotAcceptedRequest
from counterdesk.services.log_book import daily_log
from tests.factories import vn

AT = datetime(2026, 11, 16, 9, 0, tzinfo=VN_TZ)  # Monday
AN = ApplicantInput(name="Nguyễn Văn An", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam",
                    phone="0912 345 678", address="Phường Sài Gòn, TP. Hồ Chí Minh")
BINH = ApplicantInput(name="Trần Thị Bình", id_number="079185000123", birth_date=date(1985, 3, 2), gender="Nữ")


def _actor(store, username: str, role: str) -> Actor:
    with store.read() as s:
        uid = s.scalar(select(User.id).where(User.username == username))
    return Actor(user_id=uid, username=username, role=role)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_stt_is_given_once_and_printed_identically(store) -> None:
    clerk = _actor(store, "canbo1", CLERK)
    first = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=AN, received_at=AT), clerk)
    second = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=BINH,
                                                received_at=vn("2026-11-16T10:00")), clerk)
    # entered later, back-dated to the morning: it takes the next number and shifts nobody
    late = intake.accept(store, IntakeRequest(procedure_code="2.000815", applicant=BINH,
                                              received_at=vn("2026-11-16T08:00")), clerk, allow_duplicate=True)
    book = daily_log(store, date(2026, 11, 16))
    assert [(r.code, r.stt) for r in book.rows] == [(first.code, 1), (second.code, 2), (late.code, 3)]
    assert {r.log_book for r in book.rows} == {"01/2026"}
    for row in book.rows:
        receipt = receipts.receipt_data(store, row.code)
        assert (receipt.log_book, receipt.log_number) == (row.log_book, row.stt)
        assert f"Quyển số: 01/2026 Số thứ tự: {row.stt}" in _text(receipts.render("receipt", receipt))
    pdf_text = _text(daily_log_pdf.render(book))
    assert "Quyển số: 01/2026" in pdf_text
    assert book == daily_log(store, date(2026, 11, 16))  # printing again recounts nothing


def test_counter_decisions_are_marked_not_promised(store) -> None:
    clerk = _actor(store, "canbo1", CLERK)
    refused = intake.refuse(store, NotAcceptedRequest("1.004873", BINH, "Không thuộc thẩm quyền", received_at=AT),
                            clerk)
    sent_back = intake.request_supplement(store, NotAcceptedRequest(
        "1.004873", replace(AN, id_number=""), "Thiếu giấy tờ", items=("Tờ khai có chữ ký",), received_at=AT), clerk)
    accepted = intake.accept(store, IntakeRequest(procedure_code="2.000815", applicant=AN, received_at=AT), clerk)
    rows = {r.code: r for r in daily_log(store, date(2026, 11, 16)).rows}
    assert rows[refused.code].not_accepted == "Không tiếp nhận"
    assert rows[sent_back.code].not_accepted == "Trả lại để bổ sung"
    assert rows[accepted.code].not_accepted == ""
    text = _text(daily_log_pdf.render(daily_log(store, date(2026, 11, 16))))
    assert "Không tiếp nhận" in text and "Trả lại để bổ sung" in text
    assert "Trả ngay" not in text  # a counter decision is no immediate result


def test_rescheduled_date_is_printed_beside_the_promised_one(store) -> None:
    clerk, head = _actor(store, "canbo1", CLERK), _actor(store, "lanhdao", SUPERVISOR)
    code = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=AN, received_at=AT), clerk).code
    promised = receipts.receipt_data(store, code).due_at
    assert promised is not None and receipts.receipt_data(store, code).rescheduled_due_at is None
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    lateness.apologise(store, head, code, reason="Chờ kết quả xác minh", new_due_at=vn("2026-11-25T09:00"),
                        now=vn("2026-11-18T08:00"))
    receipt = receipts.receipt_data(store, code)
    assert receipt.due_at == promised and receipt.rescheduled_due_at == vn("2026-11-25T09:00")
    text = _text(receipts.render("receipt", receipt))
    assert "Hẹn lại: 09 giờ 00 phút, ngày 25 tháng 11 năm 2026" in text
    assert f"{promised:%H} giờ {promised:%M} phút, ngày {promised:%d} tháng {promised.month} năm" in text
    sheet = dossier_forms.control_sheet_data(store, code)
    assert sheet.due_at == promised and sheet.rescheduled_due_at == vn("2026-11-25T09:00")
    assert "Hẹn lại: 09 giờ 00 phút, ngày 25 tháng 11 năm 2026" in _text(dossier_forms.render(sheet))
    row = daily_log(store, date(2026, 11, 16)).rows[0]
    assert row.promised_at == promised and row.rescheduled_at == vn("2026-11-25T09:00")
    book_text = _text(daily_log_pdf.render(daily_log(store, date(2026, 11, 16))))
    assert "Hẹn lại:" in book_text and "25/11/2026" in book_text and f"{promised:%d/%m/%Y}" in book_text


def test_migration_numbers_dossiers_that_had_no_stt_and_fixes_titles(store) -> None:
    """0003 on a store with data: unnumbered rows take the next numbers of their year's book in
    reception order; numbered rows keep theirs; the book's sequence continues after them."""
    from alembic import command
    from sqlalchemy import text

    from counterdesk.models import DailySequence, Dossier, Procedure
    from counterdesk.store import migrate
    from tests.factories import make_dossier

    with store.write() as s:
        kept = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=None).code  # STT 1
        early = make_dossier(s, received_at=vn("2026-11-10T09:00"), due_at=None).code
        later = make_dossier(s, received_at=vn("2026-11-17T09:00"), due_at=None).code
        s.execute(text("UPDATE dossier SET log_number = NULL WHERE code IN (:a, :b)"), {"a": early, "b": later})
        s.execute(text("UPDATE procedure SET name = 'Đổi cấp lại Giấy xác nhận khuyết tật' WHERE code = '1.001653'"))
    cfg = migrate.alembic_config()
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
            command.upgrade(cfg, "head")
    with store.read() as s:
        numbers = {d.code: (d.log_number, d.log_book) for d in s.scalars(select(Dossier))}
        # the book had given 1–3 already: numbers are never reused, so the unnumbered take 4 and 5
        assert numbers == {kept: (1, "01/2026"), early: (4, "01/2026"), later: (5, "01/2026")}
        assert s.scalar(select(DailySequence.last_value).where(DailySequence.scope.like("logbook:%"))) == 5
        assert s.scalar(select(Procedure.name).where(Procedure.code == "1.001653")) == \
            "Đổi, cấp lại Giấy xác nhận khuyết tật"


def test_receipt_reprints_after_acceptance_whatever_the_status(store) -> None:
    """A dossier accepted, then asked for papers or refused by the unit, still has its receipt;
    one refused or sent back at the counter never had one."""
    import pytest

    from counterdesk.domain.errors import InvalidInput

    clerk, head = _actor(store, "canbo1", CLERK), _actor(store, "lanhdao", SUPERVISOR)
    code = intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=AN, received_at=AT), clerk).code
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    lifecycle.request_supplement(store, head, code, reason="Bổ sung tờ khai", now=vn("2026-11-17T09:00"))
    assert receipts.receipt_data(store, code).log_number == 1
    refused = intake.refuse(store, NotAcceptedRequest("1.004873", BINH, "Không thuộc thẩm quyền", received_at=AT),
                            clerk)
    with pytest.raises(InvalidInput, match="không được tiếp nhận"):
        receipts.receipt_data(store, refused.code)
