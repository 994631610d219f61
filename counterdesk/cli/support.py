"""`counterdesk support bundle --out FILE.zip`: the support zip (services/support.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import DomainError


def support_bundle(ctx: Context) -> int:
    from counterdesk.services import support

    store, problem = None, ""
    try:
        store = ctx.store(seed=False)
    except DomainError as exc:  # a store that does not open is exactly when a report is wanted
        problem = exc.message
    path = support.bundle(Path(ctx.args.out), ctx.home, store, problem=problem)
    print(path)
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("support", help="báo cáo lỗi gửi bộ phận kỹ thuật")
    ssub = p.add_subparsers(dest="support_command", required=True, parser_class=type(p))
    b = ssub.add_parser("bundle", help="gom báo cáo lỗi, phiên bản, thiết lập, nhật ký (đã che dữ liệu cá nhân) vào một tệp zip")
    b.add_argument("--out", required=True, metavar="FILE.zip")
    b.set_defaults(handler=support_bundle)
