"""Citizen notices on SQLite and PostgreSQL: queued with their change, rendered, opted out, sent in hours."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from counterdesk.domain import notice as nt
from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import Conflict
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import Notice, User
from counterdesk.services import day_close, intake, lateness, lifecycle, notify, settings, sync_admin
from counterdesk.services.intake import ApplicantInput, IntakeRequest
from counterdesk.store.uow import Store
from counterdesk.sync.notify_sim import GatewayServer
from tests.factories import make_applicant, make_dossier, vn
from tests.notify_support import enable

PHONE = "0912345678"


def _actor(store: Store, username: str, role: str) -> Actor:
    with store.read() as s:
        uid = s.scalar(select(User.id).where(User.username == username))
    return Actor(user_id=uid, username=username, role=role)


def _dossier(store: Store, phone: str = PHONE, id_number: str = "001090123456", status: int = 4) -> str:
    with store.write() as s:
        applicant = make_applicant(s, name="Nguyễn Văn An", id_number=id_number, phone=phone)
        return make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=status,
                            applicant=applicant).code


def _notices(store: Store) -> list[tuple[str, dict[str, str]]]:
    with store.read() as s:
        rows = s.execute(select(Notice.kind, Notice.payload).order_by(Notice.id)).all()
    return [(kind, json.loads(payload)["message"]) for kind, payload in rows]


def test_nothing_is_queued_while_notices_are_off(store: Store) -> None:
    code = _dossier(store)
    lifecycle.result_ready(store, _actor(store, "canbo1", CLERK), code, now=vn("2026-11-18T10:00"))
    assert _notices(store) == []


def test_each_change_queues_its_notice_in_the_same_transaction(store: Store) -> None:
    enable(store)
    settings.set_value(store, "office.name", "UBND phường Bến Nghé")
    clerk, head = _actor(store, "canbo1", CLERK), _actor(store, "lanhdao", SUPERVISOR)
    code = _dossier(store)
    lateness.apologise(store, head, code, reason="Chờ xác minh", new_due_at=vn("2026-11-25T09:00"),
                        now=vn("2026-11-18T10:00"))
    lifecycle.request_supplement(store, clerk, code, reason="Bản sao giấy khai sinh", now=vn("2026-11-18T11:00"))
    with pytest.raises(Conflict):  # refused change: no notice either
        lifecycle.result_ready(store, clerk, code, now=vn("2026-11-18T12:00"))
    lifecycle.complete_supplement(store, clerk, code, now=vn("2026-11-19T09:00"))
    lifecycle.result_ready(store, clerk, code, now=vn("2026-11-20T10:00"))
    sent = _notices(store)
    assert [k for k, _ in sent] == [nt.APOLOGY, nt.SUPPLEMENT, nt.RESULT_READY]
    assert all(m["to"] == PHONE for _, m in sent)
    texts = [m["text"] for _, m in sent]
    assert all(code in t and "UBND phuong Ben Nghe" in t for t in texts)  # accent-free by default
    assert "25/11/2026" in texts[0] and "Ban sao giay khai sinh" in texts[1] and "20/11/2026" in texts[2]
    assert not any("Nguyen" in t or PHONE in t for t in texts)  # no personal data in the text


def test_receipt_notice_is_a_setting_and_opt_out_and_missing_numbers_send_nothing(store: Store) -> None:
    enable(store, **{"notify.unaccented": "false"})
    clerk = _actor(store, "canbo1", CLERK)
    an = ApplicantInput(name="Nguyễn Văn An", id_number="001090123456", birth_date=date(1990, 1, 1), gender="Nam",
                        phone="0912 345 678", address="Phường Sài Gòn")
    at = datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ)
    intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=an, received_at=at), clerk)
    assert _notices(store) == []
    settings.set_value(store, "notify.receipt", "true")
    result = intake.accept(store, IntakeRequest(procedure_code="2.000815", applicant=an, received_at=at), clerk)
    [(kind, message)] = _notices(store)
    assert kind == nt.RECEIPT and message["to"] == PHONE and result.code in message["text"]
    assert "tiếp nhận" in message["text"] and f"{result.due_at:%d/%m/%Y}" in message["text"]
    notify.set_opt_out(store, clerk, "001090123456")
    assert notify.opted_out(store, "001090123456")
    intake.accept(store, IntakeRequest(procedure_code="1.004873", applicant=an, received_at=at),
                  clerk, allow_duplicate=True)
    no_phone = _dossier(store, phone="", id_number="079185000123")
    lifecycle.result_ready(store, clerk, no_phone, now=vn("2026-11-20T10:00"))
    assert len(_notices(store)) == 1
    notify.set_opt_out(store, clerk, "001090123456", False)
    assert not notify.opted_out(store, "001090123456")


def test_templates_are_checked_and_rendered_for_every_kind(store: Store) -> None:
    from counterdesk.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="ten"):
        settings.set_value(store, "notify.template.result_ready", "Ông {ten} có kết quả")
    settings.set_value(store, "notify.template.result_ready", "Hồ sơ {code} có kết quả ngày {date}.")
    previews = {p.kind: p for p in notify.templates(store)}
    assert set(previews) == set(nt.KINDS)
    assert previews["result_ready"].accented.startswith("Hồ sơ 000.00.00.H00")
    assert previews["result_ready"].unaccented.startswith("Ho so ")
    assert previews["result_ready"].unaccented_length.encoding == "GSM-7"


def test_sent_in_hours_only_and_counted_in_status_and_day_close(store: Store, tmp_path: Path) -> None:
    clerk = _actor(store, "canbo1", CLERK)
    with GatewayServer(tmp_path / "gw.sqlite3") as gw:
        enable(store, gw.url)
        code = _dossier(store)
        lifecycle.result_ready(store, clerk, code, now=vn("2026-11-18T10:00"))
        settings.set_value(store, "notify.hours", "07:30-17:30")
        settings.set_value(store, "notify.working_days_only", "true")
        quiet = notify.run_once(store, now=vn("2026-11-18T21:00"))
        weekend = notify.run_once(store, now=vn("2026-11-21T10:00"))  # Saturday
        assert quiet.error == weekend.error == notify.QUIET and gw.state.stats()["messages"] == 0
        report = notify.run_once(store, retry=sync_admin.quick_policy(), now=vn("2026-11-18T10:00"))
        assert (report.accepted, report.online) == (1, True)
        assert gw.state.stats()["messages"] == 1 and gw.state.texts()[0][1] == PHONE
    status = notify.status(store)
    assert {k: status[k] for k in ("pending", "sent", "quarantined")} == {"pending": 0, "sent": 1, "quarantined": 0}
    [view] = notify.list_notices(store)
    assert view.phone.endswith("678") and PHONE not in view.phone and code in view.text
    with store.read() as s:
        created = s.scalar(select(Notice.created_at))
    assert created is not None
    rec = day_close.reconcile(store, created.astimezone(VN_TZ).date())
    assert (rec.notices_queued, rec.notices_sent, rec.notice_rate) == (1, 1, "1/1 (100%)")


def test_the_apps_background_pass_sends_notices_too(store: Store, tmp_path: Path) -> None:
    """Every window's sync pass also drains notices: nobody has to run `counterdesk notify`."""
    clerk = _actor(store, "canbo1", CLERK)
    assert notify.background_pass(store) == ""  # off: nothing tried
    with GatewayServer(tmp_path / "gw.sqlite3") as gw:
        enable(store, gw.url)
        settings.set_value(store, "notify.hours", "00:00-23:59")
        settings.set_value(store, "notify.working_days_only", "false")
        lifecycle.result_ready(store, clerk, _dossier(store), now=vn("2026-11-18T10:00"))
        sync_admin.background_pass(store)  # no portal configured: only the notices go
        assert gw.state.stats()["messages"] == 1
    assert notify.status(store)["sent"] == 1
