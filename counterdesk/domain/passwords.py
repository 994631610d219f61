"""Password strength for the accounts that guard an office (the administrator chosen at setup, and
anyone replacing a password someone else chose): long enough, mixed, not guessable from the name,
and never one the project has ever published (the old demo password)."""

from __future__ import annotations

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import fold, has_control_chars

MIN_STRONG = 10
# Every password the project has printed in a README, a guide or a release note. A store must never
# hold one of them: setup refuses them and the tests check created stores against this list.
PUBLISHED = ("motcua@2026", "admin", "123456", "12345678", "password", "matkhau", "counterdesk")


def classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password mixes."""
    return sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))


def check_strong(password: str, *, username: str = "", full_name: str = "") -> str:
    """The password, or InvalidInput saying in Vietnamese what to change."""
    if has_control_chars(password) or len(password) > 256:
        raise InvalidInput("Mật khẩu quá dài hoặc chứa ký tự điều khiển.", field="password")
    if len(password) < MIN_STRONG:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_STRONG} ký tự.", field="password")
    if classes(password) < 3:
        raise InvalidInput("Mật khẩu phải có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký hiệu.",
                           field="password")
    folded = fold(password)
    if any(fold(p) in folded for p in PUBLISHED if len(p) >= 6):
        raise InvalidInput("Mật khẩu này (hoặc một phần của nó) đã được công bố; hãy chọn mật khẩu khác.",
                           field="password")
    for part in (username, *full_name.split()):
        if len(part) >= 3 and fold(part) in folded:
            raise InvalidInput("Mật khẩu không được chứa tên đăng nhập hoặc họ tên.", field="password")
    return password


def strength_hint(password: str) -> str:
    """One line for the setup page as the administrator types (empty when the password is fine)."""
    try:
        check_strong(password)
    except InvalidInput as exc:
        return exc.message
    return ""
