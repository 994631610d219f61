"""The receipt's QR payload: the dossier code plus a short signature, verifiable offline.

Payload ``CD1|<dossier code>|<signature>``; the signature is a truncated HMAC-SHA256 of the code
under the office's secret (setting ``qr.secret``, made at first start). No personal data is in it.
A kiosk of the same office holds the secret and can tell a genuine receipt from a forged one
without the network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from counterdesk.domain.errors import InvalidInput

PREFIX = "CD1"
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9.]{2,38}-\d{6}-\d{4,8}$")
_SIG_LEN = 16  # base32 chars = 80 bits


def sign(code: str, secret: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), code.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(mac).decode("ascii")[:_SIG_LEN]


def payload(code: str, secret: str) -> str:
    """The QR text for a receipt (QR alphanumeric-friendly: upper case, digits, . - |)."""
    return f"{PREFIX}|{code}|{sign(code, secret)}"


def verify(text: str, secret: str) -> str:
    """Return the dossier code if ``text`` is a genuine receipt QR; InvalidInput otherwise."""
    parts = text.strip().split("|")
    if len(parts) != 3 or parts[0] != PREFIX or not CODE_RE.match(parts[1]):
        raise InvalidInput("Mã QR không phải của giấy tiếp nhận hồ sơ.")
    if not hmac.compare_digest(sign(parts[1], secret), parts[2]):
        raise InvalidInput("Mã QR không hợp lệ (chữ ký không đúng). Vui lòng liên hệ quầy tiếp nhận.")
    return parts[1]


def looks_like_code(text: str) -> bool:
    """A typed or Code 128-scanned dossier code (the barcode carries the bare code)."""
    return bool(CODE_RE.match(text.strip()))
