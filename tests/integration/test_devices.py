"""Trying devices from the settings: a marked trial slip, and a portal check that changes nothing."""

from __future__ import annotations

import io
import socket
import ssl
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counterdesk.domain.errors import InvalidInput
from counterdesk.models import OutboxEntry, Setting, SyncState
from counterdesk.printing.ticket import PrinterError
from counterdesk.services import devices, settings
from counterdesk.services.sync_admin import portal_config
from counterdesk.sync.engine import CURSOR_KEY
from counterdesk.sync.portal import TransientPortalError
from counterdesk.sync.portal_sim import Faults, SimServer
from tests.sync_support import bulk_outbox, engine_for

TOKEN = "tok-dung-123"


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def set_token(store: Any, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "keyring_available", lambda: False)  # never touch this machine's keyring
    settings.set_portal_token(store, token)


def sync_snapshot(store: Any) -> tuple[dict[str, str], list[tuple[Any, ...]]]:
    with store.read() as session:
        state = dict(session.execute(select(SyncState.key, SyncState.value)).all())
        outbox = session.execute(select(OutboxEntry.id, OutboxEntry.state, OutboxEntry.attempts,
                                        OutboxEntry.last_error, OutboxEntry.next_attempt_at)
                                 .order_by(OutboxEntry.id)).all()
    return state, list(outbox)


# ---------------------------------------------------------------------------- ticket printer


def test_pdf_trial_slip_is_marked_and_issues_nothing(tmp_path: Path) -> None:
    where = devices.try_ticket_printer(f"pdf:{tmp_path / 'phieu'}", tmp_path,
                                        office_name="UBND phường Sài Gòn")
    path = Path(where)
    assert path.parent == tmp_path / "phieu" and path.suffix == ".pdf"
    text = PdfReader(path).pages[0].extract_text()
    assert "PHIẾU IN THỬ" in text and "UBND phường Sài Gòn" in text and devices.TRIAL_NUMBER in text
    assert "Lấy số lúc" in text


def test_empty_spec_prints_to_the_default_pdf_folder(tmp_path: Path) -> None:
    assert Path(devices.try_ticket_printer("  ", tmp_path)).parent == tmp_path / "tickets"


def test_closed_network_port_is_reported_quickly_in_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as caught:  # how quickly: bench/bench_devices.py
        devices.try_ticket_printer(f"network:127.0.0.1:{closed_port()}", tmp_path)
    assert "mất kết nối" in caught.value.message and "In thử lại" in caught.value.message
    assert "Số đã được lưu" not in caught.value.message  # no ticket was issued


@pytest.mark.parametrize("spec", ["máy in", "network:", "usb:xyz:0202", "network:1.2.3.4:cổng"])
def test_bad_spec_is_invalid_input(tmp_path: Path, spec: str) -> None:
    with pytest.raises(InvalidInput, match="Thiết lập máy in phiếu không hợp lệ"):
        devices.try_ticket_printer(spec, tmp_path)


def test_a4_trial_page_is_one_a4_page() -> None:
    reader = PdfReader(io.BytesIO(devices.receipt_trial_pdf(
        office_name="Trung tâm PVHCC", parent_name="UBND phường Sài Gòn", place="Sài Gòn",
        printer_name="HP LaserJet")))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1 and (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = reader.pages[0].extract_text()
    assert "TRANG IN THỬ" in text and "HP LaserJet" in text and "100 mm" in text


# ---------------------------------------------------------------------------- portal


def test_no_portal_url_says_so(store) -> None:
    check = devices.check_portal(store)
    assert not check.ok and "Chưa đặt địa chỉ cổng" in check.message and check.ms is None


def test_check_reaches_the_simulator_and_changes_nothing(store, tmp_path: Path, monkeypatch) -> None:
    set_token(store, TOKEN, monkeypatch)
    with SimServer(tmp_path / "portal.sqlite3", token=TOKEN) as sim:
        settings.set_value(store, "portal.url", sim.url)
        engine = engine_for(store, sim.url, token=TOKEN)
        bulk_outbox(store, 2)
        engine.run_once(pull=False)  # the portal holds two dossiers…
        code = sim.state.conn.execute("SELECT code FROM dossiers LIMIT 1").fetchone()[0]
        sim.state.mark_status(code, 9)  # …one has an upstream change waiting to be pulled
        bulk_outbox(store, 3)  # and three local changes wait to be sent
        before = sync_snapshot(store)
        items_before = sim.state.stats()["items"]

        check = devices.check_portal(store)

        assert check.ok and "thành công" in check.message and check.ms is not None and check.ms >= 0
        assert sync_snapshot(store) == before  # cursor, last success and outbox untouched
        assert before[0].get(CURSOR_KEY, "") == ""
        assert sim.state.stats()["items"] == items_before  # nothing was sent
        assert engine.run_once().pulled == 1  # the change is still there for sync
        engine.adapter.close()


def test_wrong_or_missing_token_is_an_auth_message(store, tmp_path: Path, monkeypatch) -> None:
    with SimServer(tmp_path / "portal.sqlite3", token=TOKEN) as sim:
        settings.set_value(store, "portal.url", sim.url)
        missing = devices.check_portal(store)
        set_token(store, "sai-ma", monkeypatch)
        wrong = devices.check_portal(store)
    assert not missing.ok and "chưa lưu mã nào" in missing.message
    assert not wrong.ok and "từ chối mã truy cập" in wrong.message


def test_accented_token_is_refused_before_anything_is_sent(store, monkeypatch) -> None:
    set_token(store, "tok-dung", monkeypatch)
    with pytest.raises(InvalidInput, match="không dấu"):
        settings.set_portal_token(store, "tok-đúng")
    settings.set_value(store, "portal.url", f"http://127.0.0.1:{closed_port()}")
    with store.write() as session:  # a token stored before tokens were checked
        session.merge(Setting(key=settings.TOKEN_KEY, value="tok-đúng"))
    check = devices.check_portal(store)
    assert not check.ok and "không dấu" in check.message and check.ms is None


def test_closed_port_is_unreachable(store) -> None:
    settings.set_value(store, "portal.url", f"http://127.0.0.1:{closed_port()}")
    check = devices.check_portal(store)
    assert not check.ok and "từ chối kết nối" in check.message


def test_https_to_a_plain_http_server_is_a_tls_failure(store, tmp_path: Path) -> None:
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        settings.set_value(store, "portal.url", sim.url.replace("http://", "https://"))
        check = devices.check_portal(store)
    assert not check.ok and "TLS" in check.message


@pytest.mark.parametrize(("faults", "words"), [("5xx=1", "HTTP 503"), ("malformed=1,seed=2", "không đúng định dạng"),
                                               ("429=1", "quá tải")])
def test_portal_trouble_is_named(store, tmp_path: Path, faults: str, words: str) -> None:
    with SimServer(tmp_path / "portal.sqlite3", Faults.parse(faults)) as sim:
        settings.set_value(store, "portal.url", sim.url)
        check = devices.check_portal(store)
    assert not check.ok and words in check.message


def test_wrong_path_is_named(store, tmp_path: Path) -> None:
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        settings.set_value(store, "portal.url", f"{sim.url}/sai-duong-dan")
        check = devices.check_portal(store)
    assert not check.ok and "HTTP 404" in check.message


def _wrapped(cause: BaseException) -> TransientPortalError:
    """What HttpPortalAdapter raises for a transport failure: httpx's error with the OS error under it."""
    try:
        try:
            raise cause
        except BaseException as exc:
            raise httpx.ConnectError("boom") from exc
    except httpx.HTTPError as exc:
        try:
            raise TransientPortalError("Mất kết nối tới cổng (ConnectError).") from exc
        except TransientPortalError as outer:
            return outer


@pytest.mark.parametrize(("cause", "words"), [
    (ssl.SSLCertVerificationError(1, "certificate verify failed"), "Chứng chỉ TLS"),
    (socket.gaierror(-2, "Name or service not known"), "Không tìm thấy máy chủ «portal.example.vn»"),
    (httpx.ConnectTimeout("slow"), "trong 10 giây"),
    (httpx.ReadTimeout("slow"), "không trả lời trong 30 giây"),
    (OSError(101, "Network is unreachable"), "Mất kết nối tới cổng"),
])
def test_network_failures_are_told_apart(store, cause: BaseException, words: str) -> None:
    settings.set_value(store, "portal.url", "https://portal.example.vn")
    message = devices._failure(_wrapped(cause), portal_config(store))
    assert words in message
