"""First-run setup of a real office (services/office_setup.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.passwords import PUBLISHED
from counterdesk.models import (
    AuditEntry,
    CalendarYear,
    Counter,
    CounterLine,
    Office,
    Procedure,
    ServiceLine,
    User,
)
from counterdesk.services import audit, office_setup, settings, setup, users
from counterdesk.services.office_setup import LineSpec, SetupPlan
from tests.helpers import DEMO_PASSWORD

PASSWORD = "Hoa-Phu-2027!x"
PLAN = SetupPlan(agency_code="h15.50.05.13", name="Trung tâm Phục vụ hành chính công xã Hòa Phú",
                 parent_name="UBND XÃ HÒA PHÚ", place_name="Hòa Phú", head_name="Y Blang Niê",
                 admin_password=PASSWORD, admin_full_name="Nguyễn Văn Quản", counters=3,
                 lines=(LineSpec("a", "Hộ tịch"), LineSpec("B", "Chứng thực"), LineSpec("R", "Trả kết quả", True)),
                 ticket_printer="network:192.168.1.50", confirm_years=(2027,))


@pytest.fixture
def empty_store(db_url: str, tmp_path: Path):
    st = setup.open_store(db_url, tmp_path, seed=False)
    yield st
    st.dispose()


def _fingerprint(store) -> tuple[int, ...]:
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Office, User, ServiceLine, Counter,
                                                                            Procedure, AuditEntry, CalendarYear))


def test_setup_creates_the_office_and_its_administrator(empty_store) -> None:
    assert not office_setup.has_office(empty_store)
    office_setup.apply(empty_store, PLAN)
    assert office_setup.has_office(empty_store) and not office_setup.is_demo(empty_store)
    assert settings.get(empty_store, "office.agency_code") == "H15.50.05.13"
    assert settings.get(empty_store, "printer.ticket") == "network:192.168.1.50"
    with empty_store.read() as s:
        assert [u.username for u in s.scalars(select(User))] == ["admin"]
        assert sorted(line.prefix for line in s.scalars(select(ServiceLine))) == ["A", "B", "R"]
        assert s.scalar(select(func.count()).select_from(CounterLine)) == 9
        assert s.scalar(select(func.count()).select_from(Procedure)) > 10
        assert s.get(CalendarYear, 2027).source == "confirmed"
    actor = users.login(empty_store, "admin", PASSWORD)
    assert actor.role == "admin" and not users.must_change_password(empty_store, actor.user_id)
    assert audit.verify(empty_store).ok


@pytest.mark.parametrize("change, words", [
    ({"agency_code": "PHUONG-1"}, "định danh"),
    ({"admin_password": "ngan"}, "10 ký tự"),
    ({"admin_password": "motcua@2026XY"}, "công bố"),
    ({"admin_password": "Admin-12345x"}, "tên đăng nhập"),
    ({"lines": (LineSpec("A", "X"), LineSpec("a", "Y"))}, "trùng"),
    ({"counters": 0}, "Số quầy"),
    ({"ticket_printer": "lpt1"}, "máy in phiếu"),
    ({"confirm_years": (2026,)}, "tạm tính"),
])
def test_a_bad_plan_changes_nothing(empty_store, change, words) -> None:
    before = _fingerprint(empty_store)
    with pytest.raises(InvalidInput) as err:
        office_setup.apply(empty_store, replace(PLAN, **change))
    assert words in err.value.message
    assert _fingerprint(empty_store) == before


def test_setup_refuses_a_store_that_has_an_office(store) -> None:
    with pytest.raises(Conflict):
        office_setup.apply(store, PLAN)


def test_demo_accounts_get_a_random_password_to_change(empty_store, monkeypatch) -> None:
    monkeypatch.delenv(setup.DEMO_PASSWORD_ENV, raising=False)
    password = setup.seed_demo_office(empty_store)
    assert password and password not in PUBLISHED and password != DEMO_PASSWORD
    assert office_setup.is_demo(empty_store)
    clerk = users.login(empty_store, "canbo1", password)
    assert users.must_change_password(empty_store, clerk.user_id)
    with pytest.raises(InvalidInput):  # the demo password itself is not a password of one's own
        users.change_password(empty_store, clerk, "canbo1", password, old_password=password, strong=True)
    users.change_password(empty_store, clerk, "canbo1", "Rieng-Cua-Toi-9", old_password=password, strong=True)
    assert not users.must_change_password(empty_store, clerk.user_id)
    assert users.login(empty_store, "canbo1", "Rieng-Cua-Toi-9").username == "canbo1"
    assert setup.seed_demo_office(empty_store) is None  # once only


def test_no_created_store_holds_a_published_password(empty_store, monkeypatch) -> None:
    """A real office's store, and even the demo's, hold no password the project ever printed."""
    office_setup.apply(empty_store, PLAN)
    with empty_store.read() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    for candidate in (*PUBLISHED, DEMO_PASSWORD):
        assert not any(users._verify(h, candidate) for h in hashes), candidate
