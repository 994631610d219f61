"""`counterdesk audit verify`: walk the hash chain; exit 2 naming the first broken entry."""

from __future__ import annotations

import sys
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, EXIT_OK, Context


def verify(ctx: Context) -> int:
    from counterdesk.services import audit

    report = audit.verify(ctx.store(seed=False))
    if report.ok:
        print(f"Nhật ký kiểm toán nguyên vẹn: {report.entries} mục.")
        return EXIT_OK
    print(f"counterdesk: nhật ký kiểm toán bị can thiệp — mục đầu tiên hỏng: #{report.first_broken_id}; "
          f"{report.reason}", file=sys.stderr)
    return EXIT_BAD_INPUT


def register(sub: Any) -> None:
    a = sub.add_parser("audit", help="nhật ký kiểm toán")
    asub = a.add_subparsers(dest="audit_command", required=True, parser_class=type(a))
    asub.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký").set_defaults(handler=verify)
