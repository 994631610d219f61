"""`counterdesk counter add|list|rename|retire` and `counterdesk line add|list|rename|retire|map|unmap`
(DESIGN §7 style): the office's counters and queue service lines from the shell.

The command line acts as the system; every change is validated and audited by services/counters.py.
"""

from __future__ import annotations

import json
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.roles import SYSTEM, Actor

CLI_ACTOR = Actor(user_id=None, username="cli", role=SYSTEM)


def _done(ctx: Context, payload: dict[str, Any], text: str) -> int:
    print(json.dumps(payload, ensure_ascii=False) if getattr(ctx.args, "json", False) else text)
    return EXIT_OK


def counter_add(ctx: Context) -> int:
    from counterdesk.services import counters

    row = counters.add_counter(ctx.store(), CLI_ACTOR, ctx.args.number, ctx.args.name or "")
    return _done(ctx, row.as_json(), f"Đã thêm quầy số {row.number} ({row.name}).")


def counter_list(ctx: Context) -> int:
    from counterdesk.services import counters

    rows = counters.list_counters(ctx.store())
    text = "\n".join(f"{r.number}\t{r.name}\t{'hoạt động' if r.active else 'đã ngừng'}\t{', '.join(r.lines) or '—'}"
                     for r in rows)
    return _done(ctx, {"counters": [r.as_json() for r in rows]}, text)


def counter_rename(ctx: Context) -> int:
    from counterdesk.services import counters

    counters.rename_counter(ctx.store(), CLI_ACTOR, ctx.args.number, ctx.args.name)
    return _done(ctx, {"number": ctx.args.number}, f"Đã đổi tên quầy số {ctx.args.number}.")


def counter_retire(ctx: Context) -> int:
    from counterdesk.services import counters

    counters.retire_counter(ctx.store(), CLI_ACTOR, ctx.args.number)
    return _done(ctx, {"number": ctx.args.number, "active": False},
                 f"Quầy số {ctx.args.number} đã ngừng hoạt động (lịch sử được giữ).")


def line_add(ctx: Context) -> int:
    from counterdesk.services import counters

    a = ctx.args
    row = counters.add_line(ctx.store(), CLI_ACTOR, a.prefix, a.name, first_number=a.first, last_number=a.last,
                            daily_cap=a.daily_cap, is_return_line=a.return_line)
    return _done(ctx, row.as_json(), f"Đã thêm dãy số {row.prefix} ({row.name}).")


def line_list(ctx: Context) -> int:
    from counterdesk.services import counters

    rows = counters.list_lines(ctx.store())
    text = "\n".join(
        f"{r.prefix}\t{r.name}\t{r.first_number}–{r.last_number}\t{'đang cấp số' if r.active else 'đã ngừng'}\t"
        f"quầy {', '.join(map(str, r.counters)) or '—'}" for r in rows)
    return _done(ctx, {"lines": [r.as_json() for r in rows]}, text)


def line_rename(ctx: Context) -> int:
    from counterdesk.services import counters

    counters.rename_line(ctx.store(), CLI_ACTOR, ctx.args.prefix, ctx.args.name)
    return _done(ctx, {"prefix": ctx.args.prefix.upper()}, f"Đã đổi tên dãy số {ctx.args.prefix.upper()}.")


def line_retire(ctx: Context) -> int:
    from counterdesk.services import counters

    counters.retire_line(ctx.store(), CLI_ACTOR, ctx.args.prefix)
    return _done(ctx, {"prefix": ctx.args.prefix.upper(), "active": False},
                 f"Dãy số {ctx.args.prefix.upper()} đã ngừng cấp số.")


def _mapping(mapped: bool) -> Any:
    def handler(ctx: Context) -> int:
        from counterdesk.services import counters

        change = counters.map_line if mapped else counters.unmap_line
        change(ctx.store(), CLI_ACTOR, ctx.args.line, ctx.args.counter)
        verb = "gọi" if mapped else "thôi gọi"
        return _done(ctx, {"line": ctx.args.line.upper(), "counter": ctx.args.counter, "mapped": mapped},
                     f"Quầy số {ctx.args.counter} {verb} số dãy {ctx.args.line.upper()}.")
    return handler


def register(sub: Any) -> None:
    c = sub.add_parser("counter", help="quầy giao dịch: thêm, liệt kê, đổi tên, ngừng")
    csub = c.add_subparsers(dest="counter_command", required=True, parser_class=type(c))

    def command(parent: Any, name: str, handler: Any, help_text: str) -> Any:
        p = parent.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="in một đối tượng JSON")
        p.set_defaults(handler=handler)
        return p

    a = command(csub, "add", counter_add, "thêm quầy")
    a.add_argument("--number", type=int, required=True, help="số quầy, ví dụ 5")
    a.add_argument("--name", default=None, help="tên hiển thị, mặc định 'Quầy N'")
    command(csub, "list", counter_list, "liệt kê quầy (cả quầy đã ngừng)")
    r = command(csub, "rename", counter_rename, "đổi tên quầy")
    r.add_argument("number", type=int)
    r.add_argument("--name", required=True)
    command(csub, "retire", counter_retire, "ngừng một quầy (giữ lịch sử)").add_argument("number", type=int)

    ln = sub.add_parser("line", help="dãy số thứ tự: thêm, liệt kê, đổi tên, ngừng, gán cho quầy")
    lsub = ln.add_subparsers(dest="line_command", required=True, parser_class=type(ln))
    la = command(lsub, "add", line_add, "thêm dãy số")
    la.add_argument("--prefix", required=True, help="1–3 chữ cái, ví dụ E")
    la.add_argument("--name", required=True, help="lĩnh vực, ví dụ 'Đất đai'")
    la.add_argument("--first", type=int, default=1, help="số đầu (mặc định 1)")
    la.add_argument("--last", type=int, default=999, help="số cuối (mặc định 999)")
    la.add_argument("--daily-cap", type=int, default=None, help="số phiếu tối đa mỗi ngày")
    la.add_argument("--return-line", action="store_true", help="dãy trả kết quả")
    command(lsub, "list", line_list, "liệt kê dãy số (cả dãy đã ngừng)")
    lr = command(lsub, "rename", line_rename, "đổi tên dãy số")
    lr.add_argument("prefix")
    lr.add_argument("--name", required=True)
    command(lsub, "retire", line_retire, "ngừng cấp số một dãy").add_argument("prefix")
    for name, mapped, text in (("map", True, "cho một quầy gọi số của dãy"), ("unmap", False, "bỏ gán dãy khỏi quầy")):
        m = command(lsub, name, _mapping(mapped), text)
        m.add_argument("--line", required=True, help="mã dãy, ví dụ A")
        m.add_argument("--counter", type=int, required=True, help="số quầy")
