"""First-run setup of a real office: identity, counters and service lines, printers, the calendar
check and the administrator's own password — from the wizard (ui/setup) or a file
(`counterdesk setup --from FILE`, docs/setup-file.md). Everything is validated before anything
is written, and written in one transaction: a bad plan changes nothing.
"""

from __future__ import annotations

import json
import secrets
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counterdesk.domain.dossier_code import check_national_agency
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.domain.passwords import check_strong
from counterdesk.domain.roles import ADMIN, Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import CalendarYear, Counter, CounterLine, Office, ServiceLine, Setting, User
from counterdesk.paths import resource_path
from counterdesk.printing.ticket import printer_from_spec
from counterdesk.services import audit, calendar, catalog, settings
from counterdesk.services.users import USERNAME_RE, actor_of, hash_password
from counterdesk.store.uow import Store

MAX_COUNTERS = 99
MAX_LINES = 26
# The usual lines of a commune centre: the wizard's and the file's starting point.
DEFAULT_LINES = (
    ("A", "Tư pháp – Hộ tịch", False),
    ("B", "Chứng thực", False),
    ("C", "Đất đai – Xây dựng", False),
    ("D", "Lao động – Thương binh và Xã hội", False),
    ("R", "Trả kết quả", True),
)
OFFICE_FIELDS = ("name", "parent_name", "place_name", "address", "phone", "head_title", "head_name")


@dataclass(frozen=True)
class LineSpec:
    prefix: str
    name: str
    is_return_line: bool = False


@dataclass(frozen=True)
class SetupPlan:
    """What the administrator chose; ``validate`` returns the cleaned plan or raises InvalidInput."""

    agency_code: str
    name: str
    admin_password: str
    parent_name: str = ""
    place_name: str = ""
    address: str = ""
    phone: str = ""
    head_title: str = "GIÁM ĐỐC"
    head_name: str = ""
    counters: int = 4
    lines: tuple[LineSpec, ...] = tuple(LineSpec(*line) for line in DEFAULT_LINES)
    ticket_printer: str = "pdf"
    receipt_printer: str = ""
    confirm_years: tuple[int, ...] = ()
    admin_username: str = "admin"
    admin_full_name: str = "Quản trị hệ thống"
    extra: tuple[str, ...] = ()  # keys of the file this release does not know: refused, never ignored


def validate(plan: SetupPlan) -> SetupPlan:
    """The plan with every value cleaned; the first problem as a Vietnamese InvalidInput."""
    if plan.extra:
        raise InvalidInput(f"Tệp thiết lập có mục không dùng: {', '.join(plan.extra)}.")
    agency = check_national_agency(plan.agency_code)
    office_values: dict[str, Any] = {f: settings.KEYS[f"office.{f}"].validate(nfc(getattr(plan, f)).strip()) for f in OFFICE_FIELDS}
    lines = check_lines(plan)
    ticket = plan.ticket_printer.strip() or "pdf"
    printer_from_spec(ticket, Path("."))  # InvalidInput names the accepted forms
    receipt = settings.KEYS["printer.receipt"].validate(plan.receipt_printer.strip())
    years = tuple(sorted(set(plan.confirm_years)))
    for year in years:
        if year in calendar.OFFICIAL_YEARS or not calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
            raise InvalidInput(f"Năm {year}: chỉ xác nhận được năm có lịch tạm tính.", field="confirm_years")
    username = nfc(plan.admin_username).strip().lower()
    if not USERNAME_RE.match(username):
        raise InvalidInput("Tên đăng nhập quản trị gồm 2–60 ký tự a-z, 0-9, dấu chấm, gạch nối hoặc gạch dưới.",
                           field="admin_username")
    full = nfc(plan.admin_full_name).strip()
    if not full or len(full) > 150 or has_control_chars(full):
        raise InvalidInput("Họ tên quản trị không được trống, tối đa 150 ký tự.", field="admin_full_name")
    check_strong(plan.admin_password, username=username, full_name=full)
    return SetupPlan(agency_code=agency, admin_password=plan.admin_password, counters=plan.counters,
                     lines=tuple(lines), ticket_printer=ticket, receipt_printer=receipt, confirm_years=years,
                     admin_username=username, admin_full_name=full, **office_values)


def check_lines(plan: SetupPlan) -> tuple[LineSpec, ...]:
    """The plan's counters and lines checked; the lines cleaned (prefix upper-case, names NFC)."""
    if not 1 <= plan.counters <= MAX_COUNTERS:
        raise InvalidInput(f"Số quầy phải từ 1 đến {MAX_COUNTERS}.", field="counters")
    if not 1 <= len(plan.lines) <= MAX_LINES:
        raise InvalidInput(f"Cần từ 1 đến {MAX_LINES} dãy số (lĩnh vực xếp hàng).", field="lines")
    lines: list[LineSpec] = []
    seen: set[str] = set()
    for i, line in enumerate(plan.lines, start=1):
        prefix = line.prefix.strip().upper()
        name = nfc(line.name).strip()
        if not (1 <= len(prefix) <= 3 and prefix.isascii() and prefix.isalpha()):
            raise InvalidInput(f"Dãy số {i}: ký hiệu gồm 1–3 chữ cái không dấu (ví dụ A).", field="lines")
        if prefix in seen:
            raise InvalidInput(f"Dãy số {i}: ký hiệu {prefix} bị trùng.", field="lines")
        if not name or len(name) > 150 or has_control_chars(name):
            raise InvalidInput(f"Dãy số {prefix}: tên không được trống, tối đa 150 ký tự.", field="lines")
        seen.add(prefix)
        lines.append(LineSpec(prefix, name, bool(line.is_return_line)))
    if sum(line.is_return_line for line in lines) > 1:
        raise InvalidInput("Chỉ một dãy số được là dãy trả kết quả.", field="lines")
    return tuple(lines)


def has_office(store: Store) -> bool:
    with store.read() as session:
        return session.scalars(select(Office.id).limit(1)).first() is not None


def is_demo(store: Store) -> bool:
    """Whether the store's office is the demo one (chosen as "Dùng thử với dữ liệu mẫu")."""
    with store.read() as session:
        row = session.get(Setting, DEMO_KEY)
        return row is not None and row.value == "1"


DEMO_KEY = "setup.demo"


def calendar_years(store: Store, today: date) -> list[tuple[int, str, bool]]:
    """This year and next: (year, status name, provisional?) for the wizard's calendar check."""
    with store.read() as session:
        out = []
        for year in (today.year, today.year + 1):
            status = calendar.year_status(session, year)
            out.append((year, calendar.YEAR_STATUS_NAMES[status], status == "provisional"))
        return out


def apply(store: Store, plan: SetupPlan) -> Actor:
    """Create the office from a validated plan, all or nothing; returns the administrator's Actor."""
    plan = validate(plan)
    rows = catalog.parse_csv(resource_path("catalog", "procedures.csv").read_text(encoding="utf-8"))
    pw_hash = hash_password(plan.admin_password)
    with store.write() as session:
        if session.scalars(select(Office.id).limit(1)).first() is not None:
            raise Conflict("CSDL này đã có cơ quan; thiết lập lần đầu chỉ chạy trên CSDL mới (dùng --db cho tệp khác).")
        office = Office(agency_code=plan.agency_code, **{f: getattr(plan, f) for f in OFFICE_FIELDS})
        session.add(office)
        session.flush()
        lines = [ServiceLine(office_id=office.id, prefix=line.prefix, name=line.name, is_return_line=line.is_return_line,
                             sort_order=i, first_number=1, last_number=999, daily_cap=None, active=True)
                 for i, line in enumerate(plan.lines)]
        counters = [Counter(office_id=office.id, number=n, name=f"Quầy {n}", active=True)
                    for n in range(1, plan.counters + 1)]
        session.add_all([*lines, *counters])
        session.flush()
        session.add_all([CounterLine(counter_id=c.id, line_id=line.id) for c in counters for line in lines])
        admin = User(username=plan.admin_username, full_name=plan.admin_full_name, role=ADMIN, password_hash=pw_hash,
                     active=True, failed_attempts=0, must_change_password=False)
        session.add(admin)
        session.flush()
        actor = actor_of(admin)
        catalog.upsert(session, rows)
        for key, value in (("qr.secret", secrets.token_hex(32)), ("printer.ticket", plan.ticket_printer),
                           ("printer.receipt", plan.receipt_printer)):
            session.add(Setting(key=key, value=value))
        now = datetime.now(UTC)
        for year in plan.confirm_years:
            if calendar.year_status(session, year) == "provisional":
                session.add(CalendarYear(year=year, source="confirmed", confirmed_by=admin.id, confirmed_at=now))
                audit.append(session, actor, "calendar.confirm_year", "calendar_year", str(year))
        audit.append(session, actor, "setup.office", "office", str(office.id),
                     f"{plan.agency_code} counters={plan.counters} lines={','.join(x.prefix for x in plan.lines)}")
        audit.append(session, actor, "user.create", "user", str(admin.id), f"{admin.username} role={ADMIN}")
    calendar.invalidate_cache()
    return actor


# ---------------------------------------------------------------------------- the setup file

_PLAN_KEYS = {"agency_code", "name", "parent_name", "place_name", "address", "phone", "head_title", "head_name"}


def _section(doc: dict[str, Any], name: str) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise InvalidInput(f"Tệp thiết lập: mục [{name}] phải là một bảng.")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"Tệp thiết lập: {where} phải là chuỗi.")
    return value


def plan_from_document(doc: Any) -> SetupPlan:
    """A SetupPlan from the parsed TOML/JSON document (format: docs/setup-file.md)."""
    if not isinstance(doc, dict):
        raise InvalidInput("Tệp thiết lập phải là một bảng (TOML) hoặc đối tượng (JSON).")
    unknown = set(doc) - {"office", "counters", "lines", "printers", "calendar", "admin"}
    office = _section(doc, "office")
    unknown |= {f"office.{k}" for k in set(office) - _PLAN_KEYS}
    kw: dict[str, Any] = {k: _str(v, f"office.{k}") for k, v in office.items() if k in _PLAN_KEYS}
    for required in ("agency_code", "name"):
        if required not in kw:
            raise InvalidInput(f"Tệp thiết lập thiếu office.{required}.")
    counters = doc.get("counters", 4)
    if not isinstance(counters, int) or isinstance(counters, bool):
        raise InvalidInput("Tệp thiết lập: counters phải là số nguyên.")
    kw["counters"] = counters
    if "lines" in doc:
        raw = doc["lines"]
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            raise InvalidInput("Tệp thiết lập: lines phải là danh sách [[lines]] có prefix và name.")
        kw["lines"] = tuple(LineSpec(_str(x.get("prefix"), "lines.prefix"), _str(x.get("name"), "lines.name"),
                                     bool(x.get("return", False))) for x in raw)
        unknown |= {f"lines.{k}" for x in raw for k in set(x) - {"prefix", "name", "return"}}
    printers = _section(doc, "printers")
    unknown |= {f"printers.{k}" for k in set(printers) - {"ticket", "receipt"}}
    kw["ticket_printer"] = _str(printers.get("ticket", "pdf"), "printers.ticket")
    kw["receipt_printer"] = _str(printers.get("receipt", ""), "printers.receipt")
    cal = _section(doc, "calendar")
    unknown |= {f"calendar.{k}" for k in set(cal) - {"confirm_years"}}
    years = cal.get("confirm_years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        raise InvalidInput("Tệp thiết lập: calendar.confirm_years phải là danh sách năm.")
    kw["confirm_years"] = tuple(years)
    admin = _section(doc, "admin")
    unknown |= {f"admin.{k}" for k in set(admin) - {"username", "full_name", "password"}}
    if "password" not in admin:
        raise InvalidInput("Tệp thiết lập thiếu admin.password (mật khẩu riêng của quản trị).")
    kw["admin_password"] = _str(admin["password"], "admin.password")
    kw["admin_username"] = _str(admin.get("username", "admin"), "admin.username")
    kw["admin_full_name"] = _str(admin.get("full_name", "Quản trị hệ thống"), "admin.full_name")
    kw["extra"] = tuple(sorted(unknown))
    return SetupPlan(**kw)


def load_file(path: Path) -> SetupPlan:
    """Read a setup file: .toml or .json (by suffix), UTF-8."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp {path}.") from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError):
        raise InvalidInput(f"Không đọc được tệp {path} (cần văn bản UTF-8).") from None
    try:
        doc = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"TOML không hợp lệ: {exc}.") from None
    return validate(plan_from_document(doc))
