"""`counterdesk lookup CODE [--json]`: exactly the kiosk's public view."""

from __future__ import annotations

import json
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def lookup(ctx: Context) -> int:
    from counterdesk.services.lookup import public_view

    view = public_view(ctx.store(), ctx.args.code)
    if ctx.args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False))
    else:
        width = max(len(label) for label, _ in view.lines())
        for label, value in view.lines():
            print(f"{label.ljust(width)}  {value}")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("lookup", help="tra cứu hồ sơ (thông tin công khai như ki-ốt)")
    p.add_argument("code", help="mã hồ sơ hoặc nội dung mã QR trên giấy tiếp nhận")
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    p.set_defaults(handler=lookup)
