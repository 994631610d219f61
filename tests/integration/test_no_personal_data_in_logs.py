"""Personal data and database passwords never reach a log file or an error message."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from counterdesk.cli import main
from counterdesk.domain.errors import StoreError
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.logging_setup import install
from counterdesk.models import Applicant
from counterdesk.services import queue
from counterdesk.services.setup import open_store
from counterdesk.store.uow import Store
from tests.factories import make_applicant, make_dossier

ID_NUMBER, PHONE, NAME = "079203004567", "0987654321", "Hoàng Thị Xuyến"
PASSWORD = "Mk-Rat-Bi-Mat-42"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "counterdesk.log"
    install(logging.DEBUG, log_file=path, stream=False, sql=True)
    yield path
    install(logging.WARNING, stream=False)
    logging.getLogger().handlers.clear()


def test_store_work_at_debug_logs_no_personal_data(store: Store, log_file: Path) -> None:
    with store.write() as s:
        applicant = make_applicant(s, name=NAME, id_number=ID_NUMBER, phone=PHONE)
        make_dossier(s, received_at=datetime.now(UTC), due_at=None, applicant=applicant)
    queue.issue_ticket(store, SYSTEM_ACTOR, "A")
    # a duplicate citizen: the database error carries the row's values unless parameters are hidden
    with pytest.raises(IntegrityError) as err, store.write() as s:
        now = datetime.now(UTC)
        s.add(Applicant(full_name=NAME, name_key="x", id_number=ID_NUMBER, phone=PHONE, created_at=now, updated_at=now))
        s.flush()
    logging.getLogger("counterdesk.test").exception("intake failed: %s", err.value)
    # code that carelessly logs a scanned ID card text is masked by the filter
    logging.getLogger("counterdesk.scanner").debug("scan: %s|%s|%s", ID_NUMBER, "Nam", PHONE)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "INSERT INTO applicant" in text  # SQL logging was on, so the test saw real traffic
    assert "[CCCD]" in text and "[SĐT]" in text
    for secret in (ID_NUMBER, PHONE, NAME):
        assert secret not in text
    # PostgreSQL's own DETAIL line names the duplicate key, so a raw database error is only ever
    # written through the redacting filter or the (redacted) crash report, never shown as is
    assert NAME not in str(err.value) and PHONE not in str(err.value)


def test_password_url_is_never_shown(tmp_path: Path, log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://counterdesk:{PASSWORD}@127.0.0.1:1/counterdesk?connect_timeout=2"
    with pytest.raises(StoreError) as err:
        open_store(url, tmp_path)
    assert PASSWORD not in err.value.message
    code = main(["--db", url, "--home", str(tmp_path), "-v", "config", "get", "office.name"])
    assert code == 2
    captured = capsys.readouterr()
    for handler in logging.getLogger().handlers:
        handler.flush()
    for text in (captured.out, captured.err, log_file.read_text(encoding="utf-8")):
        assert PASSWORD not in text
    crash = tmp_path / "crash"
    assert not crash.exists() or all(PASSWORD not in p.read_text(encoding="utf-8") for p in crash.iterdir())


def test_password_in_a_working_postgresql_url_is_hidden(pg_schema_url: str, tmp_path: Path, log_file: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_schema_url).set(password=PASSWORD).render_as_string(hide_password=False)
    try:
        store = open_store(url, tmp_path)
    except StoreError as exc:  # a server that checks passwords refuses ours: still nothing leaks
        assert PASSWORD not in exc.message
        return
    try:
        assert PASSWORD not in store.url and "***" in store.url
        assert PASSWORD not in repr(store.engine)
    finally:
        store.dispose()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert PASSWORD not in log_file.read_text(encoding="utf-8")


def test_notices_queued_sent_and_refused_log_no_phone_number(store: Store, log_file: Path, tmp_path: Path) -> None:
    from counterdesk.domain.roles import SYSTEM_ACTOR as actor
    from counterdesk.services import lifecycle, notify, sync_admin
    from counterdesk.sync.notify_sim import GatewayServer
    from counterdesk.sync.sim.faults import Faults
    from tests.notify_support import enable

    with GatewayServer(tmp_path / "gw.sqlite3", Faults.parse("5xx=0.3,lost=0.3,seed=5")) as gw:
        enable(store, gw.url)
        with store.write() as s:
            applicant = make_applicant(s, name=NAME, id_number=ID_NUMBER, phone=PHONE)
            code = make_dossier(s, received_at=datetime.now(UTC), due_at=None, status=4, applicant=applicant).code
        lifecycle.result_ready(store, actor, code)
        notify.run_once(store, retry=sync_admin.quick_policy())
        assert gw.state.stats()["messages"] == 1
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "INSERT INTO notice" in text and "UPDATE notice" in text  # SQL logging saw the notice traffic
    for secret in (PHONE, PHONE[1:], ID_NUMBER, NAME):
        assert secret not in text
