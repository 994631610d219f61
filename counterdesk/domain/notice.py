"""Citizen notices by SMS: kinds, administrator-edited templates, SMS length, quiet hours (pure rules).

A notice carries no personal data: only the dossier code, the office and dates (plus, for a
supplement request, which papers and where). Templates name their fields in braces — ``{code}``,
``{office}``, ``{date}``, ``{papers}``, ``{place}`` — and anything else is refused when the
administrator saves the template. Old phones show diacritics as boxes, so every text also has an
accent-free form (:func:`counterdesk.domain.text.unaccent`), and its length is measured against
the SMS limits: 160 characters in GSM-7, 70 once a single character needs UCS-2.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime, time
from typing import Final

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import nfc, unaccent

RESULT_READY: Final = "result_ready"
SUPPLEMENT: Final = "supplement"
APOLOGY: Final = "apology"
RECEIPT: Final = "receipt"

KINDS: Final[dict[str, str]] = {
    RESULT_READY: "Đã có kết quả",
    SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    APOLOGY: "Xin lỗi và hẹn lại ngày trả",
    RECEIPT: "Giấy tiếp nhận (mã hồ sơ, ngày hẹn trả)",
}

# The fields each kind may use: nothing that identifies the citizen beyond the dossier code.
FIELDS: Final[dict[str, frozenset[str]]] = {
    RESULT_READY: frozenset({"code", "office", "date"}),
    SUPPLEMENT: frozenset({"code", "office", "papers", "place"}),
    APOLOGY: frozenset({"code", "office", "date"}),
    RECEIPT: frozenset({"code", "office", "date"}),
}

DEFAULT_TEMPLATES: Final[dict[str, str]] = {
    RESULT_READY: "{office}: Hồ sơ {code} đã có kết quả từ {date}. Mời ông/bà đến Bộ phận Một cửa nhận.",
    SUPPLEMENT: "{office}: Hồ sơ {code} cần bổ sung: {papers}. Nơi nộp: {place}.",
    APOLOGY: "{office} xin lỗi ông/bà: hồ sơ {code} trễ hạn, hẹn trả kết quả ngày {date}.",
    RECEIPT: "{office} đã tiếp nhận hồ sơ {code}, hẹn trả kết quả ngày {date}.",
}

SMS_GSM7: Final = 160
SMS_UCS2: Final = 70
MAX_TEMPLATE: Final = 480
MAX_FIELD: Final = 120  # a long list of papers is cut so one notice stays a few SMS at most

# GSM 03.38 basic alphabet (one septet each) and its extension table (escape + one septet each).
_GSM_BASIC = frozenset("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9})$")


@dataclass(frozen=True, slots=True)
class SmsLength:
    """How a text travels as SMS: its encoding, length in that encoding, the single-SMS limit and parts."""

    chars: int
    encoding: str  # "GSM-7" | "UCS-2"
    limit: int
    parts: int

    @property
    def fits(self) -> bool:
        return self.chars <= self.limit

    def describe(self) -> str:
        over = "" if self.fits else f" — vượt, thành {self.parts} tin"
        return f"{self.chars}/{self.limit} ký tự ({self.encoding}){over}"


def sms_length(text: str) -> SmsLength:
    """Length against 160 (GSM-7) or 70 (UCS-2, any character outside GSM-7) per SMS; parts when longer."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        chars = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        limit, per_part, encoding = SMS_GSM7, 153, "GSM-7"
    else:
        chars = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
        limit, per_part, encoding = SMS_UCS2, 67, "UCS-2"
    parts = 1 if chars <= limit else -(-chars // per_part)
    return SmsLength(chars=chars, encoding=encoding, limit=limit, parts=parts)


def check_template(kind: str, text: str) -> str:
    """The template in NFC, or InvalidInput naming the unknown field or the broken brace."""
    if kind not in KINDS:
        raise InvalidInput(f"Không có loại thông báo '{kind}' (dùng {', '.join(KINDS)}).")
    text = nfc(text)
    if not text:
        raise InvalidInput("Mẫu tin nhắn không được để trống.")
    if len(text) > MAX_TEMPLATE:
        raise InvalidInput(f"Mẫu tin nhắn dài quá {MAX_TEMPLATE} ký tự.")
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise InvalidInput("Mẫu tin nhắn có dấu ngoặc { } không khớp.") from None
    names = [name for _, name, _, _ in parsed if name is not None]
    bad = [name for _, name, spec, conv in parsed if name is not None and (spec or conv)]
    if bad:
        raise InvalidInput("Trường trong mẫu chỉ ghi {ten_truong}, không kèm định dạng.")
    allowed = FIELDS[kind]
    unknown = sorted({n for n in names if n not in allowed})
    if unknown:
        raise InvalidInput(f"Mẫu '{KINDS[kind]}' không dùng được trường {{{unknown[0]}}}; "
                           f"chỉ dùng {', '.join('{' + f + '}' for f in sorted(allowed))}.")
    return text


def render(kind: str, template: str, values: dict[str, str], *, accents: bool = True) -> str:
    """The notice text: fields filled (each cut to MAX_FIELD), NFC, or accent-free for old phones."""
    template = check_template(kind, template)
    clean = {name: nfc(values.get(name, ""))[:MAX_FIELD] for name in FIELDS[kind]}
    text = nfc(template.format_map(clean))
    return text if accents else unaccent(text)


def phone_number(raw: str) -> str:
    """A Vietnamese mobile number as 10 digits (0xxxxxxxxx), or "" when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    found = _PHONE.match(digits)
    return "0" + found.group(1) if found else ""


def mask_phone(phone: str) -> str:
    """A phone as staff screens may show it: the last three digits only."""
    return "•••••••" + phone[-3:] if len(phone) >= 3 else ""


def parse_hours(text: str) -> list[tuple[time, time]]:
    """``07:30-11:30,13:30-17:00`` as windows; the settings validator already checked the form."""
    windows = []
    for part in text.replace(" ", "").split(","):
        start, _, end = part.partition("-")
        windows.append((time.fromisoformat(start), time.fromisoformat(end)))
    return windows


def within_hours(moment: datetime, hours: str) -> bool:
    """True when ``moment`` (business time) falls inside one of the sending windows (minute ends included)."""
    clock = moment.time().replace(second=0, microsecond=0, tzinfo=None)
    return any(start <= clock <= end for start, end in parse_hours(hours))


def rate_text(queued: int, sent: int) -> str:
    """"12/12 (100%)", or "không có tin" when nothing was queued."""
    return f"{sent}/{queued} ({sent * 100 // queued}%)" if queued else "không có tin"
