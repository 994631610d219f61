"""Staff and device accounts: argon2 login with lockout, account administration, all audited.

Login never tells the caller whether a username exists: an unknown name, a wrong password, a
disabled account and a temporarily locked one all get the same Vietnamese message, and an unknown
name still costs one argon2 verification so timing does not tell either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterdesk.domain.passwords import check_strong
from counterdesk.domain.roles import ADMIN, CLERK, DEVICE, ROLE_NAMES, SUPERVISOR, Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Counter, User
from counterdesk.services import audit
from counterdesk.store.uow import Store

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
ROLES = (CLERK, SUPERVISOR, ADMIN, DEVICE)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
LOGIN_FAILED = (
    "Đăng nhập không thành công: tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá "
    f"do nhập sai nhiều lần (thử lại sau {LOCK_MINUTES} phút). Liên hệ quản trị nếu cần hỗ trợ."
)


@dataclass(frozen=True)
class UserInfo:
    """An account as the UI and CLI see it (never the hash)."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    counter_id: int | None

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The one argon2 hasher (library defaults, RFC 9106 low-memory profile)."""
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash("counterdesk-no-such-user")


def hash_password(password: str) -> str:
    return hasher().hash(password)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _clean_username(username: str) -> str:
    return nfc(username).strip().lower()


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, u.role, u.active, u.locked_until, u.counter_id)


def actor_of(u: User) -> Actor:
    return Actor(user_id=u.id, username=u.username, role=u.role, counter_id=u.counter_id)


def _find(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.username) == _clean_username(username))).first()


def _get(session: Session, username: str) -> User:
    user = _find(session, username)
    if user is None:
        raise NotFound(f"Không có tài khoản '{_clean_username(username)[:60]}'.")
    return user


def _check_password_rule(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.", field="password")
    if len(password) > 256 or has_control_chars(password):
        raise InvalidInput("Mật khẩu quá dài hoặc chứa ký tự điều khiển.", field="password")


def _verify(stored: str, password: str) -> bool:
    try:
        return hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def login(store: Store, username: str, password: str, *, roles: frozenset[str] | None = None,
          now: datetime | None = None) -> Actor:
    """Check the password and return the user's Actor; count failures and lock after 5 for 15 min.

    ``roles`` limits which roles may open the calling mode (a kiosk account cannot open the desk).
    """
    at = _now(now)
    outcome: Actor | str = LOGIN_FAILED
    with store.write() as session:
        user = _find(session, username) if len(username) <= 60 else None
        if user is None:
            _verify(_dummy_hash(), password)  # same cost as a real attempt
            return _fail(LOGIN_FAILED)
        locked = user.locked_until is not None and user.locked_until > at
        good = _verify(user.password_hash, password) if user.password_hash else False
        if locked or not user.active:
            audit.append(session, actor_of(user), "user.login_refused", "user", str(user.id),
                         "locked" if locked else "disabled")
        elif not good:
            user.failed_attempts = (user.failed_attempts or 0) + 1
            detail = f"failures={user.failed_attempts}"
            if user.failed_attempts >= MAX_FAILURES:
                user.locked_until = at + timedelta(minutes=LOCK_MINUTES)
                user.failed_attempts = 0
                detail = f"locked until {user.locked_until:%Y-%m-%dT%H:%M:%SZ}"
            audit.append(session, actor_of(user), "user.login_failed", "user", str(user.id), detail)
        elif roles is not None and user.role not in roles:
            audit.append(session, actor_of(user), "user.login_refused", "user", str(user.id), "role")
            outcome = (f"Tài khoản có vai trò {ROLE_NAMES.get(user.role, user.role)}, "
                       "không dùng được cho chế độ này.")
        else:
            user.failed_attempts = 0
            user.locked_until = None
            if hasher().check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.append(session, actor_of(user), "user.login", "user", str(user.id))
            outcome = actor_of(user)
    return outcome if isinstance(outcome, Actor) else _fail(outcome)


def _fail(message: str) -> Actor:
    raise PermissionDenied(message)


def create_user(store: Store, actor: Actor, username: str, full_name: str, role: str, password: str,
                *, counter_number: int | None = None) -> UserInfo:
    """Add an account; usernames are lower-case ASCII so they are typed the same on every keyboard."""
    actor.require("users.edit")
    name = _clean_username(username)
    if not USERNAME_RE.match(name):
        raise InvalidInput("Tên đăng nhập gồm 2–60 ký tự a-z, 0-9, dấu chấm, gạch nối hoặc gạch dưới.",
                           field="username")
    full = nfc(full_name).strip()
    if not full or len(full) > 150 or has_control_chars(full):
        raise InvalidInput("Họ tên không được trống, tối đa 150 ký tự.", field="full_name")
    if role not in ROLES:
        raise InvalidInput(f"Vai trò phải là một trong: {', '.join(ROLES)}.", field="role")
    _check_password_rule(password)
    with store.read() as session:  # a taken name is refused before the slow hash, not after
        if _find(session, name) is not None:
            raise Conflict(f"Tên đăng nhập '{name}' đã có.", field="username")
    pw_hash = hash_password(password)
    with store.write() as session:
        if _find(session, name) is not None:
            raise Conflict(f"Tên đăng nhập '{name}' đã có.", field="username")
        counter_id = None
        if counter_number is not None:
            counter = session.scalars(select(Counter).where(Counter.number == counter_number)).first()
            if counter is None:
                raise NotFound(f"Không có quầy số {counter_number}.", field="counter")
            counter_id = counter.id
        user = User(username=name, full_name=full, role=role, password_hash=pw_hash, active=True,
                    failed_attempts=0, counter_id=counter_id)
        session.add(user)
        session.flush()
        audit.append(session, actor, "user.create", "user", str(user.id), f"{name} role={role}")
        return _info(user)


def set_active(store: Store, actor: Actor, username: str, active: bool) -> UserInfo:
    """Disable (or re-enable) an account; an administrator cannot disable their own."""
    actor.require("users.edit")
    with store.write() as session:
        user = _get(session, username)
        if not active and user.id == actor.user_id:
            raise Conflict("Không thể tự khoá tài khoản đang đăng nhập.")
        if user.active != active:
            user.active = active
            audit.append(session, actor, "user.enable" if active else "user.disable", "user", str(user.id))
        return _info(user)


def unlock(store: Store, actor: Actor, username: str) -> UserInfo:
    """Lift a lockout before its 15 minutes are up (an administrator who knows the person)."""
    actor.require("users.edit")
    with store.write() as session:
        user = _get(session, username)
        user.locked_until = None
        user.failed_attempts = 0
        audit.append(session, actor, "user.unlock", "user", str(user.id))
        return _info(user)


def change_password(store: Store, actor: Actor, username: str, new_password: str,
                    *, old_password: str | None = None, strong: bool = False) -> None:
    """Users change their own password (old one required); administrators reset anyone's.

    ``strong`` applies the strength rules of domain/passwords (an account replacing a password
    someone else chose). A user's own change lifts the must-change-password flag.
    """
    _check_password_rule(new_password)
    if strong:
        with store.read() as session:
            found = _find(session, username)
            full_name = found.full_name if found is not None else ""
        check_strong(new_password, username=_clean_username(username), full_name=full_name)
        if old_password is not None and old_password == new_password:
            raise InvalidInput("Mật khẩu mới phải khác mật khẩu hiện tại.", field="password")
    pw_hash = hash_password(new_password)
    with store.write() as session:
        user = _find(session, username)
        own = user is not None and actor.user_id is not None and user.id == actor.user_id
        if not own:
            actor.require("users.edit")
        if user is None:
            raise NotFound(f"Không có tài khoản '{_clean_username(username)[:60]}'.")
        if own and not _verify(user.password_hash, old_password or ""):
            raise PermissionDenied("Mật khẩu hiện tại không đúng.", field="old_password")
        user.password_hash = pw_hash
        if own:
            user.must_change_password = False
        user.failed_attempts = 0
        user.locked_until = None
        audit.append(session, actor, "user.password", "user", str(user.id), "self" if own else "reset")


def must_change_password(store: Store, user_id: int | None) -> bool:
    """Whether this account must choose its own password before it may work (demo accounts)."""
    if user_id is None:
        return False
    with store.read() as session:
        user = session.get(User, user_id)
        return bool(user is not None and user.must_change_password)


def list_users(store: Store) -> list[UserInfo]:
    with store.read() as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def get_user(store: Store, user_id: int) -> UserInfo:
    with store.read() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("Không tìm thấy tài khoản.")
        return _info(user)


def staff_actor(store: Store, username: str) -> Actor:
    """The actor of an active staff account named on the command line (``--as``); its role decides."""
    with store.read() as session:
        user = _get(session, username)
        if not user.active:
            raise PermissionDenied(f"Tài khoản '{user.username}' đã bị khoá, không thể thực hiện thao tác.")
        if user.role == DEVICE:
            raise PermissionDenied(f"'{user.username}' là tài khoản thiết bị, không thể xử lý hồ sơ.")
        return actor_of(user)


def device_actor(store: Store, mode: str) -> Actor:
    """The actor of an unattended device: its device account if one is named after the mode."""
    with store.read() as session:
        user = _find(session, mode)
        if user is not None and user.role == DEVICE and user.active:
            return actor_of(user)
    return Actor(user_id=None, username=mode, role=DEVICE)


def showcase_actor(store: Store, role: str) -> Actor:
    """The first active account of ``role`` (by name), acting without a password.

    Only `counterdesk gui --screenshot` uses this: it renders a staff window offscreen for the
    user guide and support, on the operator's own store, and never accepts input.
    """
    with store.read() as session:
        user = session.scalars(
            select(User).where(User.role == role, User.active.is_(True)).order_by(User.username).limit(1)
        ).first()
        if user is None:
            raise NotFound(f"Không có tài khoản đang hoạt động với vai trò {role} để chụp màn hình.")
        return actor_of(user)


KEEP: Any = object()  # "not given": leave the field as it is


def update_user(store: Store, actor: Actor, username: str, *, full_name: str | None = None,
                role: str | None = None, counter_number: int | Any | None = KEEP) -> UserInfo:
    """Change an account's name, role or counter (None: no counter); the last administrator stays one.

    Each change is audited with its old and new value, so the account's history can be read back.
    """
    actor.require("users.edit")
    changes: list[str] = []
    with store.write() as session:
        user = _get(session, username)
        if full_name is not None:
            full = nfc(full_name).strip()
            if not full or len(full) > 150 or has_control_chars(full):
                raise InvalidInput("Họ tên không được trống, tối đa 150 ký tự.", field="full_name")
            if full != user.full_name:
                changes.append(f"name: {user.full_name} → {full}")
                user.full_name = full
        if role is not None and role != user.role:
            if role not in ROLES:
                raise InvalidInput(f"Vai trò phải là một trong: {', '.join(ROLES)}.", field="role")
            if user.role == ADMIN:
                admins = session.scalar(select(func.count()).select_from(User).where(
                    User.role == ADMIN, User.active.is_(True), User.id != user.id)) or 0
                if not admins:
                    raise Conflict("Đây là tài khoản quản trị duy nhất còn hoạt động; tạo quản trị khác trước.",
                                   field="role")
            changes.append(f"role: {user.role} → {role}")
            user.role = role
        if counter_number is not KEEP:
            counter_id = None
            if counter_number is not None:
                counter = session.scalars(select(Counter).where(Counter.number == counter_number)).first()
                if counter is None:
                    raise NotFound(f"Không có quầy số {counter_number}.", field="counter")
                counter_id = counter.id
            if counter_id != user.counter_id:
                changes.append(f"counter: {user.counter_id} → {counter_id}")
                user.counter_id = counter_id
        if changes:
            audit.append(session, actor, "user.update", "user", str(user.id), "; ".join(changes)[:500])
        return _info(user)


def counter_number(store: Store, counter_id: int | None) -> int | None:
    """The number of the counter an account is tied to (the edit form shows numbers, not ids)."""
    if counter_id is None:
        return None
    with store.read() as session:
        counter = session.get(Counter, counter_id)
        return None if counter is None else counter.number
