"""Office settings: `config get/set`, validated by a registry of known keys."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import notice
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import nfc
from counterdesk.models import Office, Setting
from counterdesk.services import audit
from counterdesk.store.uow import Store

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SESSIONS = re.compile(r"^\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*$")


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = nfc(value)
        if len(value) > limit:
            raise InvalidInput(f"Giá trị dài quá {limit} ký tự.")
        return value
    return check


def _nonempty(limit: int) -> Callable[[str], str]:
    base = _text(limit)

    def check(value: str) -> str:
        value = base(value)
        if not value:
            raise InvalidInput("Giá trị không được để trống.")
        return value
    return check


def _cutoff(value: str) -> str:
    value = value.strip()
    if value in ("", "none", "không"):
        return ""
    if not _TIME.match(value):
        raise InvalidInput("Giờ chốt nhận phải có dạng HH:MM (ví dụ 15:00) hoặc 'none' để tắt.")
    return value


def _sessions(value: str) -> str:
    value = value.replace(" ", "")
    if not _SESSIONS.match(value):
        raise InvalidInput("Buổi làm việc phải có dạng 07:30-11:30,13:30-17:00.")
    times = [t for part in value.split(",") for t in part.split("-")]
    wrong = next((t for t in times if not _TIME.match(t)), None)
    if wrong is not None:
        raise InvalidInput(f"Buổi làm việc: «{wrong}» không phải giờ hợp lệ (từ 00:00 đến 23:59).")
    if times != sorted(times) or len(set(times)) != len(times):
        raise InvalidInput("Các buổi làm việc phải tăng dần, không chồng lên nhau.")
    return value


def _choice(*options: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value not in options:
            raise InvalidInput(f"Giá trị phải là một trong: {', '.join(options)}.")
        return value
    return check


def _int(lo: int, hi: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            number = int(value.strip())
        except ValueError as exc:
            raise InvalidInput("Giá trị phải là số nguyên.") from exc
        if not lo <= number <= hi:
            raise InvalidInput(f"Giá trị phải trong khoảng {lo}–{hi}.")
        return str(number)
    return check


def _bool(value: str) -> str:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "có", "on"):
        return "true"
    if v in ("0", "false", "no", "không", "off"):
        return "false"
    raise InvalidInput("Giá trị phải là true hoặc false.")


def _url(value: str) -> str:
    """Empty (no portal yet) or an http(s) address with a host."""
    from urllib.parse import urlsplit

    value = value.strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and len(value) <= 300
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        ok = False
    if not ok:
        raise InvalidInput("Địa chỉ cổng phải có dạng https://ten-may[:cổng]/… (tối đa 300 ký tự).")
    return value.rstrip("/")


def _template(kind: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        return notice.check_template(kind, value)
    return check


@dataclass(frozen=True)
class Key:
    validate: Callable[[str], str]
    default: str
    label: str
    office_column: str | None = None  # stored on Office instead of Setting


def notice_keys() -> dict[str, Key]:
    """Citizen SMS notices (issue 19): gateway, sending hours, accents, and one template per kind."""
    keys = {
        "notify.enabled": Key(_bool, "false", "Gửi tin nhắn SMS cho công dân"),
        "notify.url": Key(_url, "", "Địa chỉ cổng nhắn tin SMS"),
        "notify.secret": Key(_text(4000), "", "Mã truy cập cổng nhắn tin SMS (bí mật)"),
        "notify.batch_size": Key(_int(1, 1000), "50", "Số tin mỗi lô gửi"),
        "notify.hours": Key(_sessions, "07:30-17:30", "Giờ được gửi tin"),
        "notify.working_days_only": Key(_bool, "true", "Chỉ gửi tin vào ngày làm việc"),
        "notify.unaccented": Key(_bool, "true", "Gửi tin không dấu (máy điện thoại cũ; 160 ký tự/tin)"),
        "notify.receipt": Key(_bool, "false", "Gửi tin khi tiếp nhận (mã hồ sơ, ngày hẹn trả)"),
    }
    for kind, label in notice.KINDS.items():
        keys[f"notify.template.{kind}"] = Key(_template(kind), notice.DEFAULT_TEMPLATES[kind], f"Mẫu tin: {label}")
    return keys


KEYS: dict[str, Key] = {
    "office.agency_code": Key(_nonempty(40), "000.00.00.H00", "Mã cơ quan (mã định danh)", "agency_code"),
    "office.name": Key(_nonempty(200), "", "Tên cơ quan in trên biểu mẫu", "name"),
    "office.parent_name": Key(_text(200), "", "Đơn vị chủ quản", "parent_name"),
    "office.place_name": Key(_text(100), "", "Địa danh ghi ngày tháng", "place_name"),
    "office.address": Key(_text(300), "", "Địa chỉ", "address"),
    "office.phone": Key(_text(40), "", "Điện thoại", "phone"),
    "office.head_title": Key(_text(100), "GIÁM ĐỐC", "Chức danh thủ trưởng", "head_title"),
    "office.head_name": Key(_text(100), "", "Họ tên thủ trưởng", "head_name"),
    "office.sessions": Key(_sessions, "07:30-11:30,13:30-17:00", "Buổi làm việc", "sessions"),
    "office.cutoff": Key(_cutoff, "15:00", "Giờ chốt nhận hồ sơ", "cutoff"),
    "office.due_policy": Key(_choice("same_time", "end_of_day"), "same_time", "Cách tính giờ hẹn trả", "due_policy"),
    "office.sequence_start": Key(_int(1, 9_999_999), "1", "Đầu khối số hồ sơ", "sequence_start"),
    "office.sequence_end": Key(_int(1, 9_999_999), "", "Cuối khối số hồ sơ", "sequence_end"),
    "portal.url": Key(_url, "", "Địa chỉ cổng dịch vụ công tỉnh"),
    "portal.verify_tls": Key(_bool, "true", "Kiểm tra chứng chỉ TLS"),
    "portal.username": Key(_text(100), "", "Tài khoản kết nối cổng"),
    "portal.batch_size": Key(_int(1, 1000), "100", "Số mục mỗi lô đồng bộ"),
    "portal.token": Key(_text(4000), "", "Mã truy cập cổng (giữ trong kho khoá của hệ điều hành nếu có)"),
    "portal.timeout": Key(_int(1, 300), "30", "Thời gian chờ cổng trả lời (giây)"),
    "portal.interval": Key(_int(10, 3600), "60", "Chu kỳ đồng bộ nền (giây)"),
    "portal.upload_chunk_kb": Key(_int(16, 16384), "4096",
                                  "Cỡ mỗi đoạn khi gửi bản quét lên cổng (KB; đường truyền chậm: đặt nhỏ hơn)"),
    **notice_keys(),
    "queue.max_recalls": Key(_int(0, 20), "3", "Số lần gọi lại tối đa"),
    "queue.outside_hours": Key(_choice("off", "on"), "off",
                               "Cấp số và gọi số ngoài giờ làm việc (off: không cho phép; on: cho phép)"),
    "display.voice": Key(_choice("digits", "number", "off"), "digits", "Đọc số trên màn hình gọi số"),
    "qr.secret": Key(_text(200), "", "Khoá ký mã QR giấy tiếp nhận (bí mật)"),
    "kiosk.pin_hash": Key(_text(200), "", "PIN quản trị ki-ốt (đã băm)"),
    "printer.ticket": Key(_text(300), "pdf", "Máy in phiếu (network:IP, serial:/dev/…, win32:Tên, usb:VID:PID, pdf)"),
    "printer.receipt": Key(_text(300), "", "Máy in giấy tiếp nhận (tên máy in hệ thống)"),
    "backup.keep_days": Key(_int(1, 3650), "30", "Số ngày giữ bản sao lưu"),
    "backup.second_dir": Key(_text(300), "", "Thư mục sao lưu thứ hai (USB)"),
    "attachments.dir": Key(_text(300), "", "Thư mục lưu bản quét hồ sơ (thư mục dùng chung khi dùng PostgreSQL; để trống: trong thư mục dữ liệu)"),
    "attachments.ocr": Key(_bool, "false", "Nhận dạng chữ tiếng Việt (OCR) cho bản quét, chạy nền sau khi lưu (cần Tesseract)"),
    "scans.device": Key(_text(200), "", "Máy quét dùng khi số hoá tại quầy (tên thiết bị SANE, test: thiết bị thử; để trống: máy đầu tiên tìm thấy)"),
    "scans.watched_dir": Key(_text(300), "", "Thư mục theo dõi: máy quét mạng hoặc điện thoại lưu ảnh/PDF vào đây để quầy lấy vào hồ sơ"),
    "security.idle_lock_minutes": Key(_int(0, 240), "10", "Khoá màn hình sau số phút không thao tác (0: không khoá)"),
}


def _key(key: str) -> Key:
    spec = KEYS.get(key)
    if spec is None:
        raise NotFound(f"Không có thiết lập '{key}'. Các khoá hợp lệ: {', '.join(sorted(KEYS))}.")
    return spec


def office(session: Session) -> Office:
    found = session.scalars(select(Office).order_by(Office.id).limit(1)).first()
    if found is None:
        raise NotFound("CSDL chưa có thông tin cơ quan.")
    return found


def read(session: Session, key: str) -> str:
    spec = _key(key)
    if key == TOKEN_KEY:  # never shown: only whether one is set
        return "***" if _token_row(session, TOKEN_STORE_KEY) else ""
    if spec.office_column:
        value = getattr(office(session), spec.office_column)
        return "" if value is None else str(value)
    row = session.get(Setting, key)
    return spec.default if row is None else row.value


def get(store: Store, key: str) -> str:
    with store.read() as session:
        return read(session, key)


def get_many(store: Store, keys: Iterable[str]) -> dict[str, str]:
    """Several settings read in one transaction (a settings form, ``config list``)."""
    with store.read() as session:
        return {key: read(session, key) for key in keys}


def office_name(store: Store) -> str:
    """The office's name, as headers of the unattended screens show it."""
    with store.read() as session:
        return office(session).name


def set_value(store: Store, key: str, value: str, actor: Actor = SYSTEM_ACTOR) -> str:
    """Validate and store one setting; returns the stored form."""
    actor.require("settings.edit")
    spec = _key(key)
    if key == TOKEN_KEY:
        set_portal_token(store, value, actor)
        return "***" if value else ""
    clean = spec.validate(value) if value != "" or spec.office_column != "sequence_end" else ""
    with store.write() as session:
        if spec.office_column:
            target = office(session)
            current = getattr(target, spec.office_column)
            if isinstance(current, int) or spec.office_column in ("sequence_start", "sequence_end"):
                setattr(target, spec.office_column, int(clean) if clean else None)
            else:
                setattr(target, spec.office_column, clean)
            if target.sequence_end is not None and target.sequence_end < target.sequence_start:
                raise InvalidInput("Cuối khối số hồ sơ phải lớn hơn hoặc bằng đầu khối.")
        else:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=clean))
            else:
                row.value = clean
        audit.append(session, actor, "settings.set", "setting", key, clean if "hash" not in key and "secret" not in key else "***")
    return clean


# ---------------------------------------------------------------------------- portal token
TOKEN_KEY = "portal.token"
TOKEN_STORE_KEY = "portal.token_store"  # "keyring" | "settings" | "" — where the token is kept
KEYRING_SERVICE = "CounterDesk"
TOKEN_ASCII = ("Mã truy cập chỉ gồm chữ không dấu, chữ số và ký hiệu; có ký tự tiếng Việt có dấu "
               "là đã gõ hoặc dán nhầm.")


def _token_row(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def keyring_available() -> bool:
    """True when the OS offers a real keyring (not keyring's "fail" or "null" backends)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring | null.Keyring) and float(backend.priority) > 0
    except Exception:  # noqa: BLE001 - a broken keyring install means "no keyring"
        return False


def _account(store: Store) -> str:
    return f"portal.token@{store.url}"


def set_portal_token(store: Store, token: str, actor: Actor = SYSTEM_ACTOR) -> str:
    """Keep the agency's portal token: in the OS keyring when there is one, else in the settings
    table marked as such (so the administrator can see it is not protected). Returns where."""
    actor.require("settings.edit")
    token = token.strip()
    if len(token) > 4000 or any(ch in token for ch in "\r\n"):
        raise InvalidInput("Mã truy cập không hợp lệ (quá dài hoặc có xuống dòng).")
    if not token.isascii():  # it travels in an HTTP header, which cannot carry "ã" or "đ"
        raise InvalidInput(TOKEN_ASCII)
    where = "settings"
    if keyring_available():
        try:
            import keyring

            if token:
                keyring.set_password(KEYRING_SERVICE, _account(store), token)
            else:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    keyring.delete_password(KEYRING_SERVICE, _account(store))
            where = "keyring"
        except Exception:  # noqa: BLE001 - locked or broken keyring: fall back, say so
            where = "settings"
    with store.write() as session:
        _put(session, TOKEN_KEY, token if where == "settings" else "")
        _put(session, TOKEN_STORE_KEY, (where if token else ""))
        audit.append(session, actor, "settings.set", "setting", TOKEN_KEY, f"*** ({where})" if token else "(xoá)")
    return where


def portal_token(store: Store) -> str:
    """The portal token, wherever it is kept; empty when none is set or the keyring is locked."""
    with store.read() as session:
        where = _token_row(session, TOKEN_STORE_KEY)
        plain = _token_row(session, TOKEN_KEY)
    if where != "keyring":
        return plain
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _account(store)) or ""
    except Exception:  # noqa: BLE001 - unreadable keyring: sync reports an auth problem
        return ""


def token_storage(store: Store) -> str:
    """Where the token is kept: "keyring", "settings" (not protected) or "" (none)."""
    with store.read() as session:
        return _token_row(session, TOKEN_STORE_KEY)
