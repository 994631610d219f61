"""`counterdesk fee quote|pay|register`: fees computed, collected and listed from the command line."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.roles import SYSTEM, Actor

CLI_ACTOR = Actor(user_id=None, username="cli", role=SYSTEM)


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{name}: ngày không hợp lệ '{text}' (dạng YYYY-MM-DD).", field=name) from None


def _actor(ctx: Context) -> Actor:
    """``--as USER`` acts as that active staff account (its role is checked); otherwise the system."""
    from counterdesk.services.users import staff_actor

    return staff_actor(ctx.store(), ctx.args.as_user) if ctx.args.as_user else CLI_ACTOR


def quote(ctx: Context) -> int:
    from counterdesk.services import fees

    q = fees.quote(ctx.store(), ctx.args.procedure, pages=ctx.args.pages, copies=ctx.args.copies,
                   exemption=ctx.args.exemption)
    if ctx.args.json:
        print(json.dumps({"fee": q.amount, "explanation": q.explanation, "exemption": q.exemption},
                         ensure_ascii=False))
    else:
        print(q.explanation)
    return EXIT_OK


def pay(ctx: Context) -> int:
    from counterdesk.services import fees

    paid = fees.record_payment(ctx.store(), ctx.args.code, amount=ctx.args.amount, receipt_no=ctx.args.receipt,
                               actor=_actor(ctx))
    if ctx.args.json:
        print(json.dumps({"code": paid.code, "fee": paid.fee, "fee_paid": paid.paid, "receipt_no": paid.receipt_no,
                          "paid_at": paid.paid_at.isoformat(timespec="seconds")}, ensure_ascii=False))
    else:
        print(f"Đã thu {paid.paid:,} đ cho hồ sơ {paid.code} (biên lai {paid.receipt_no}).".replace(",", "."))
    return EXIT_OK


def register_report(ctx: Context) -> int:
    from pathlib import Path

    from counterdesk.cli.report import _write
    from counterdesk.printing import fee_register
    from counterdesk.services import fees

    start, end = _day(ctx.args.from_, "--from"), _day(ctx.args.to, "--to")
    suffix = Path(ctx.args.out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise InvalidInput("--out phải là tệp .pdf hoặc .xlsx.", field="out")
    reg = fees.register(ctx.store(), start, end, _actor(ctx))
    _write(ctx.args.out, fee_register.render_pdf(reg) if suffix == ".pdf" else fee_register.render_xlsx(reg))
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("fee", help="phí, lệ phí: tính, thu, sổ theo dõi")
    fee_sub = p.add_subparsers(dest="fee_command", required=True)
    q = fee_sub.add_parser("quote", help="tính phí theo thủ tục, số trang, số bản")
    q.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 2.000815")
    q.add_argument("--pages", type=int, default=0, help="số trang mỗi bản")
    q.add_argument("--copies", type=int, default=0, help="số bản")
    q.add_argument("--exemption", default="", help="lý do miễn phí (nếu có)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=quote)
    pay_p = fee_sub.add_parser("pay", help="ghi nhận đã thu phí của một hồ sơ")
    pay_p.add_argument("code", help="mã hồ sơ")
    pay_p.add_argument("--amount", type=int, required=True, help="số tiền đã thu (đồng)")
    pay_p.add_argument("--receipt", required=True, help="số biên lai thu phí, lệ phí")
    pay_p.add_argument("--as", dest="as_user", default="", help="tên đăng nhập của cán bộ thu")
    pay_p.add_argument("--json", action="store_true")
    pay_p.set_defaults(handler=pay)
    r = fee_sub.add_parser("register", help="sổ theo dõi thu phí, lệ phí (PDF/XLSX)")
    r.add_argument("--from", dest="from_", required=True)
    r.add_argument("--to", required=True)
    r.add_argument("--out", required=True, help="tệp .pdf hoặc .xlsx")
    r.add_argument("--as", dest="as_user", default="")
    r.set_defaults(handler=register_report)
