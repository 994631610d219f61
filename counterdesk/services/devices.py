"""Trying the office's devices from the settings page: the ticket printer, the A4 receipt printer
and the provincial portal connection, so a wrong value shows up there and not at the counter.

Nothing here writes to the store: a trial slip issues no ticket, and the portal check pulls one
page without applying it or moving the stored cursor.
"""

from __future__ import annotations

import errno
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import InvalidInput
from counterdesk.models import SyncState
from counterdesk.printing.ticket import PrinterError, TicketSlip, printer_from_spec
from counterdesk.printing.trial_page import a4_trial_pdf
from counterdesk.services.sync_admin import PortalConfig, make_adapter, portal_config
from counterdesk.store.uow import Store
from counterdesk.sync.engine import CURSOR_KEY
from counterdesk.sync.portal import MalformedAnswer, PortalAuthError, TransientPortalError

TRIAL_NUMBER = "A000"  # numbering starts at 1: no real ticket ever has this number
TRIAL_LINE = "PHIẾU IN THỬ"
PRINTER_ADVICE = "Kiểm tra máy in đã bật, còn giấy, đúng cáp hoặc địa chỉ, rồi bấm In thử lại."


# ---------------------------------------------------------------------------- printers


def try_ticket_printer(spec: str, home: Path, *, office_name: str = "", at: datetime | None = None) -> str:
    """Print a marked sample slip on the printer that ``spec`` names (the text typed in the
    settings, so it can be tried before saving, empty meaning the default ``pdf``) and return
    where it went. Raises InvalidInput for a bad spec, PrinterError when the printer fails."""
    printer = printer_from_spec(spec.strip() or "pdf", home)
    slip = TicketSlip(ticket_id=0, number=TRIAL_NUMBER, line_name=TRIAL_LINE, priority=False,
                      issued_at=at or now_vn(), ahead=0, office_name=office_name.strip() or "CounterDesk")
    try:
        return printer.print_slip(slip)
    except PrinterError as exc:  # the counter's "number is stored" advice means nothing here
        raise PrinterError(exc.problem, PRINTER_ADVICE) from exc


def receipt_trial_pdf(*, office_name: str, parent_name: str, place: str, printer_name: str,
                      at: datetime | None = None) -> bytes:
    """The one-page A4 trial print for the receipt printer (frame on the form margins, 100 mm ruler)."""
    return a4_trial_pdf(office_name=office_name.strip() or "CounterDesk", parent_name=parent_name.strip(),
                        place=place.strip(), printer_name=printer_name.strip(), at=at or now_vn())


# ---------------------------------------------------------------------------- portal


@dataclass(frozen=True)
class PortalCheck:
    """The answer of a portal connection check (plain data for the GUI thread)."""

    ok: bool
    message: str  # Vietnamese, says what to do when not ok
    ms: int | None  # round trip of the trial request; None when nothing was sent


def check_portal(store: Store) -> PortalCheck:
    """Reach the configured portal with the saved URL, token, TLS check and timeout, the way sync
    does, without sending anything: one pull of at most one change from the stored cursor, whose
    answer is checked and dropped (the cursor stays, so sync still gets those changes)."""
    config = portal_config(store)
    if not config.configured:
        return PortalCheck(False, "Chưa đặt địa chỉ cổng dịch vụ công: nhập ô «Địa chỉ cổng dịch vụ công tỉnh» "
                                  "rồi bấm Lưu thiết lập.", None)
    try:
        adapter = make_adapter(config)
    except InvalidInput as exc:
        return PortalCheck(False, exc.message, None)
    with store.read() as session:
        cursor = session.scalar(select(SyncState.value).where(SyncState.key == CURSOR_KEY)) or ""
    started = time.perf_counter()
    try:
        adapter.pull(cursor, 1)
    except (TransientPortalError, PortalAuthError) as exc:
        return PortalCheck(False, _failure(exc, config), _ms(started))
    finally:
        adapter.close()
    ms = _ms(started)
    message = f"Kết nối cổng {_host(config.url)} thành công ({ms} ms): cổng trả lời đúng định dạng"
    message += "." if config.token else "; chưa lưu mã truy cập nhưng cổng vẫn nhận."
    if not config.verify_tls and config.url.startswith("https:"):
        message += " Lưu ý: đang tắt kiểm tra chứng chỉ TLS."
    return PortalCheck(True, message, ms)


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and its causes (httpx and httpcore keep the socket or TLS error underneath)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _failure(exc: TransientPortalError | PortalAuthError, config: PortalConfig) -> str:
    """What went wrong, in words an administrator can act on."""
    parts = urlsplit(config.url)
    host = parts.hostname or config.url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if isinstance(exc, PortalAuthError):
        if not config.token:
            return ("Cổng yêu cầu mã truy cập nhưng chưa lưu mã nào: nhập ô «Mã truy cập cổng» "
                    "rồi bấm Lưu thiết lập.")
        return ("Cổng từ chối mã truy cập đã lưu (sai hoặc hết hạn): nhập lại mã do đơn vị quản lý cổng cấp "
                "ở ô «Mã truy cập cổng» rồi bấm Lưu thiết lập.")
    if isinstance(exc, MalformedAnswer):
        if exc.status is not None and 300 <= exc.status < 400:
            return (f"Địa chỉ {config.url} chuyển hướng sang nơi khác (HTTP {exc.status}): "
                    "dùng đúng địa chỉ đầy đủ của cổng (thường bắt đầu bằng https://).")
        if exc.status is not None:
            return (f"Máy chủ {host} trả lời HTTP {exc.status}: có máy chủ ở địa chỉ này nhưng không phải giao diện "
                    "đồng bộ của cổng; kiểm tra lại đường dẫn trong địa chỉ cổng.")
        return (f"Máy chủ {host} trả lời nhưng không đúng định dạng của cổng: địa chỉ có thể trỏ tới một trang "
                "web khác, hoặc cổng đang lỗi.")
    if exc.status is not None:
        if exc.status == 429:
            return "Cổng đang quá tải (HTTP 429): đã tới được cổng nhưng cổng chưa nhận thêm yêu cầu; thử lại sau ít phút."
        if exc.status >= 500:
            return (f"Cổng đang gặp sự cố (HTTP {exc.status}): lỗi ở phía cổng, không phải ở thiết lập của máy này; "
                    "thử lại sau.")
        return f"Cổng tạm thời không nhận yêu cầu (HTTP {exc.status}): thử lại sau."
    return _network_failure(exc, config, host, port)


def _network_failure(exc: BaseException, config: PortalConfig, host: str, port: int) -> str:
    """No HTTP answer at all: name lookup, refused, timeout, TLS or a dropped connection."""
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = getattr(cause, "verify_message", "") or getattr(cause, "reason", "") or cause
            return (f"Chứng chỉ TLS của cổng {host} không được tin cậy ({reason}): kiểm tra địa chỉ cổng và "
                    "đồng hồ của máy này; chỉ tắt «Kiểm tra chứng chỉ TLS» khi đơn vị quản lý cổng yêu cầu.")
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "reason", "") or cause
            return (f"Không thiết lập được kết nối bảo mật TLS với {host}:{port} ({reason}): "
                    "máy chủ ở địa chỉ này có thể không dùng https, hoặc sai số cổng.")
        if isinstance(cause, socket.gaierror):
            return (f"Không tìm thấy máy chủ «{host}»: kiểm tra chính tả địa chỉ cổng, mạng và DNS "
                    "của máy này.")
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return (f"Máy chủ {host} từ chối kết nối ở cổng {port}: sai số cổng trong địa chỉ, hoặc dịch vụ cổng "
                    "chưa chạy.")
        if isinstance(cause, httpx.ConnectTimeout):
            return (f"Không kết nối được tới {host} trong {min(10.0, config.timeout):g} giây: máy chủ tắt, "
                    "sai địa chỉ, hoặc tường lửa chặn.")
        if isinstance(cause, httpx.TimeoutException):
            return (f"Cổng {host} nhận kết nối nhưng không trả lời trong {config.timeout:g} giây: cổng đang chậm; "
                    "thử lại sau hoặc tăng «Thời gian chờ cổng trả lời».")
    return f"Mất kết nối tới cổng {host} ({exc}): kiểm tra mạng của máy này rồi thử lại."
