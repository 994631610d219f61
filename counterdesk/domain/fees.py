"""Fees and charges (phí, lệ phí) of a procedure: the rule in the catalogue and the amount it gives.

A rule is written as one short line in the catalogue so an administrator can read and edit it:

    none                                   no fee
    flat:10000                             a fixed amount per case (chứng thực chữ ký: 10.000 đ)
    per_copy:5000                          an amount per copy (bản) issued
    per_page:1=2000,3=1000;cap=200000      per page of one copy, the price changing from a page on,
                                           capped per copy (chứng thực bản sao: 2.000 đ/trang, từ
                                           trang 3 1.000 đ/trang, tối đa 200.000 đ/bản)

Sources: legal-rules.md §9 (Decree 23/2015 Art. 7, TT 226/2016/TT-BTC as cited by Đồng Nai).
Amounts are whole đồng. An exemption (on-time civil-status registration, policy groups) makes the
fee 0 and is recorded with its reason by the service; the rule itself knows nothing of people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

from counterdesk.domain.errors import InvalidInput

Kind = Literal["none", "flat", "per_copy", "per_page"]
KINDS: Final[tuple[Kind, ...]] = ("none", "flat", "per_copy", "per_page")
KIND_NAMES: Final[dict[Kind, str]] = {
    "none": "Không thu phí",
    "flat": "Một mức cho mỗi trường hợp",
    "per_copy": "Theo số bản",
    "per_page": "Theo số trang mỗi bản (có bậc và mức trần)",
}
MAX_AMOUNT: Final = 100_000_000  # đồng; larger is a typing mistake at a commune counter
MAX_PAGES: Final = 10_000
MAX_COPIES: Final = 1_000

_AMOUNT = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True, slots=True)
class FeeRule:
    kind: Kind = "none"
    amount: int = 0  # flat / per_copy
    tiers: tuple[tuple[int, int], ...] = ()  # per_page: (first page of the tier, price a page), ascending
    cap_per_copy: int | None = None  # per_page: at most this much for one copy

    @property
    def needs_pages(self) -> bool:
        return self.kind == "per_page"

    @property
    def needs_copies(self) -> bool:
        return self.kind in ("per_page", "per_copy")

    def text(self) -> str:
        """The catalogue's one-line form (``parse(rule.text()) == rule``)."""
        if self.kind in ("flat", "per_copy"):
            return f"{self.kind}:{self.amount}"
        if self.kind == "per_page":
            tiers = ",".join(f"{first}={price}" for first, price in self.tiers)
            return f"per_page:{tiers}" + ("" if self.cap_per_copy is None else f";cap={self.cap_per_copy}")
        return "none"

    def describe(self) -> str:
        """Vietnamese wording for the clerk and the receipt ("2.000 đ/trang; từ trang 3: 1.000 đ/trang…")."""
        if self.kind == "flat":
            return f"{money(self.amount)}/trường hợp"
        if self.kind == "per_copy":
            return f"{money(self.amount)}/bản"
        if self.kind == "per_page":
            parts = [f"{money(price)}/trang" if first == 1 else f"từ trang {first}: {money(price)}/trang"
                     for first, price in self.tiers]
            if self.cap_per_copy is not None:
                parts.append(f"tối đa {money(self.cap_per_copy)}/bản")
            return "; ".join(parts)
        return "Không thu phí"


NO_FEE: Final = FeeRule()


def money(amount: int) -> str:
    """12000 → "12.000 đ" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def _amount(raw: str, what: str) -> int:
    raw = raw.strip()
    if not _AMOUNT.match(raw) or int(raw) > MAX_AMOUNT:
        raise InvalidInput(f"{what} '{raw[:20]}' phải là số đồng nguyên từ 0 đến {money(MAX_AMOUNT)}.")
    return int(raw)


def parse(text: str | None, *, legacy_fee: int = 0) -> FeeRule:
    """The catalogue's rule text → a rule; empty text keeps an older catalogue's single fee as flat."""
    raw = (text or "").strip().lower()
    if not raw:
        return FeeRule("flat", legacy_fee) if legacy_fee > 0 else NO_FEE
    kind, _, rest = raw.partition(":")
    kind = kind.strip()
    if kind == "none" and not rest.strip():
        return NO_FEE
    if kind in ("flat", "per_copy"):
        return FeeRule(kind, _amount(rest, "Mức phí"))  # type: ignore[arg-type]
    if kind == "per_page":
        tiers_text, _, cap_text = rest.partition(";")
        tiers: list[tuple[int, int]] = []
        for part in (p for p in tiers_text.split(",") if p.strip()):
            first_text, sep, price_text = part.partition("=")
            first = first_text.strip()
            if not sep or not first.isdigit() or not 1 <= int(first) <= MAX_PAGES:
                raise InvalidInput(f"Bậc phí '{part.strip()[:20]}' phải có dạng TRANG=GIÁ, ví dụ 3=1000.")
            tiers.append((int(first), _amount(price_text, "Giá mỗi trang")))
        if not tiers or tiers[0][0] != 1:
            raise InvalidInput("Phí theo trang phải có bậc bắt đầu từ trang 1, ví dụ per_page:1=2000,3=1000.")
        if any(a[0] >= b[0] for a, b in pairwise(tiers)):
            raise InvalidInput("Các bậc phí theo trang phải theo thứ tự trang tăng dần.")
        cap: int | None = None
        if cap_text.strip():
            key, sep, value = cap_text.partition("=")
            if key.strip() != "cap" or not sep:
                raise InvalidInput("Mức trần phải viết ;cap=SỐ_ĐỒNG, ví dụ ;cap=200000.")
            cap = _amount(value, "Mức trần")
        return FeeRule("per_page", 0, tuple(tiers), cap)
    raise InvalidInput(
        f"Quy tắc phí '{(text or '')[:40]}' không hợp lệ: dùng none, flat:SỐ, per_copy:SỐ "
        "hoặc per_page:1=GIÁ,TRANG=GIÁ;cap=SỐ."
    )


def _one_copy(rule: FeeRule, pages: int) -> int:
    total = 0
    for i, (first, price) in enumerate(rule.tiers):
        last = rule.tiers[i + 1][0] - 1 if i + 1 < len(rule.tiers) else pages
        if pages >= first:
            total += (min(pages, last) - first + 1) * price
    return total if rule.cap_per_copy is None else min(total, rule.cap_per_copy)


def compute(rule: FeeRule, *, pages: int = 0, copies: int = 1) -> int:
    """The fee in whole đồng for ``copies`` copies of ``pages`` pages each (pages only for per_page)."""
    if not 0 <= copies <= MAX_COPIES:
        raise InvalidInput(f"Số bản phải từ 0 đến {MAX_COPIES}.", field="copies")
    if not 0 <= pages <= MAX_PAGES:
        raise InvalidInput(f"Số trang phải từ 0 đến {MAX_PAGES}.", field="pages")
    if rule.kind == "flat":
        return rule.amount
    if rule.kind == "per_copy":
        return rule.amount * copies
    if rule.kind == "per_page":
        if pages < 1 or copies < 1:
            raise InvalidInput("Phí tính theo trang: cần nhập số trang và số bản (ít nhất 1).", field="pages")
        return _one_copy(rule, pages) * copies
    return 0


@dataclass(frozen=True, slots=True)
class FeeQuote:
    """What the clerk and the receipt show: the amount, how it was reached, and an exemption if any."""

    amount: int
    explanation: str
    exemption: str = ""


def quote(rule: FeeRule, *, pages: int = 0, copies: int = 1, exemption: str = "") -> FeeQuote:
    exemption = exemption.strip()
    if exemption:
        return FeeQuote(0, f"Miễn phí: {exemption}", exemption)
    amount = compute(rule, pages=pages, copies=copies)
    if rule.kind == "per_page":
        how = f"{pages} trang × {copies} bản ({rule.describe()})"
    elif rule.kind == "per_copy":
        how = f"{copies} bản × {money(rule.amount)}"
    else:
        how = rule.describe()
    return FeeQuote(amount, f"{money(amount)} — {how}")
