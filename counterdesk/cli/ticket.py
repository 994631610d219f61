"""`counterdesk ticket issue|call|recall|no-show|start|finish|transfer|cancel|reprint|status` (DESIGN §7).

Separate processes (several dispensers, several counters) can run these against one store at once.
"""

from __future__ import annotations

import json
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.roles import SYSTEM, Actor

CLI_ACTOR = Actor(user_id=None, username="cli", role=SYSTEM)


def _out(ctx: Context, payload: dict[str, Any], text: str) -> int:
    print(json.dumps(payload, ensure_ascii=False) if ctx.args.json else text)
    return EXIT_OK


def _ticket_text(info: Any, verb: str) -> str:
    where = f" → Quầy {info.counter}" if info.counter is not None else ""
    return f"{info.number}{where} ({verb}; dãy {info.line} – {info.line_name})"


def issue(ctx: Context) -> int:
    from counterdesk.services import opening_hours, queue

    store = ctx.store()
    if not ctx.args.line and not ctx.args.dossier:
        from counterdesk.domain.errors import InvalidInput

        raise InvalidInput("Hãy chọn dãy số (--line A) hoặc mã hồ sơ (--dossier).")
    opening_hours.check(store)  # like the dispenser: no ticket outside hours unless overridden
    if ctx.args.dossier:
        issued = queue.issue_return_ticket(store, CLI_ACTOR, ctx.args.dossier, priority=ctx.args.priority)
    else:
        issued = queue.issue_ticket(store, CLI_ACTOR, ctx.args.line, priority=ctx.args.priority)
    payload = issued.as_json()
    if ctx.args.print:
        payload["printed_to"] = queue.print_ticket(store, issued.ticket.id, queue.ticket_printer(store, ctx.home))
        payload["printed"] = True
    text = f"{issued.ticket.number} (dãy {issued.ticket.line} – {issued.ticket.line_name}; {issued.ahead} người chờ trước)"
    return _out(ctx, payload, text)


def call(ctx: Context) -> int:
    from counterdesk.services import queue

    store = ctx.store()
    if ctx.args.ticket:
        chosen = queue.find_ticket(store, ctx.args.ticket)
        info = queue.call_ticket(store, CLI_ACTOR, ctx.args.counter, chosen.id)
    else:
        info = queue.call_next(store, CLI_ACTOR, ctx.args.counter)
    return _out(ctx, info.as_json(), _ticket_text(info, "đã gọi"))


def _by_counter(name: str, verb: str) -> Any:
    def handler(ctx: Context) -> int:
        from counterdesk.services import queue

        info = getattr(queue, name)(ctx.store(), CLI_ACTOR, ctx.args.counter)
        return _out(ctx, info.as_json(), _ticket_text(info, verb))
    return handler


def transfer(ctx: Context) -> int:
    from counterdesk.services import queue

    info = queue.transfer(ctx.store(), CLI_ACTOR, ctx.args.counter, to_line=ctx.args.to_line,
                          to_counter=ctx.args.to_counter, note=ctx.args.note or "")
    target = f"quầy {info.target_counter}" if info.target_counter else f"dãy {info.line}"
    return _out(ctx, info.as_json(), f"{info.number} đã chuyển sang {target}")


def cancel(ctx: Context) -> int:
    from counterdesk.services import queue

    store = ctx.store()
    info = queue.cancel(store, CLI_ACTOR, queue.find_ticket(store, ctx.args.number).id, note=ctx.args.note or "")
    return _out(ctx, info.as_json(), f"{info.number} đã huỷ")


def reprint(ctx: Context) -> int:
    from counterdesk.services import queue

    store = ctx.store()
    found = queue.find_ticket(store, ctx.args.number)
    where = queue.print_ticket(store, found.id, queue.ticket_printer(store, ctx.home))
    return _out(ctx, {**found.as_json(), "printed": True, "printed_to": where}, f"{found.number} đã in lại: {where}")


def status(ctx: Context) -> int:
    from counterdesk.services import queue

    store = ctx.store()
    lines = queue.lines(store)
    payload = {"lines": [{"line": x.prefix, "name": x.name, "waiting": x.waiting, "priority_waiting": x.priority_waiting,
                          "last_called": x.last_number} for x in lines]}
    text = "\n".join(f"{x.prefix}\t{x.waiting} chờ ({x.priority_waiting} ưu tiên)\t{x.name}" for x in lines)
    return _out(ctx, payload, text)


def register(sub: Any) -> None:
    t = sub.add_parser("ticket", help="số thứ tự: cấp, gọi, gọi lại, vắng, phục vụ, kết thúc, chuyển, huỷ")
    tsub = t.add_subparsers(dest="ticket_command", required=True, parser_class=type(t))

    def command(name: str, handler: Any, help_text: str) -> Any:
        p = tsub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="in một đối tượng JSON")
        p.set_defaults(handler=handler)
        return p

    i = command("issue", issue, "cấp số mới (đã lưu trước khi in)")
    i.add_argument("--line", default=None, help="mã dãy số, ví dụ A")
    i.add_argument("--priority", action="store_true", help="số ưu tiên")
    i.add_argument("--dossier", default=None, help="mã hồ sơ (phiếu trả kết quả)")
    i.add_argument("--print", action="store_true", help="in phiếu theo thiết lập printer.ticket")
    c = command("call", call, "gọi số tiếp theo (hoặc số chỉ định) đến quầy")
    c.add_argument("--counter", type=int, required=True)
    c.add_argument("--ticket", default=None, help="số cụ thể, ví dụ A012")
    for name, fn, verb, help_text in (
        ("recall", "recall", "đã gọi lại", "gọi lại số hiện tại của quầy"),
        ("no-show", "no_show", "vắng mặt", "báo vắng số hiện tại"),
        ("start", "start_serving", "đang phục vụ", "bắt đầu phục vụ số hiện tại"),
        ("finish", "finish", "đã xong", "kết thúc phục vụ số hiện tại"),
    ):
        command(name, _by_counter(fn, verb), help_text).add_argument("--counter", type=int, required=True)
    tr = command("transfer", transfer, "chuyển số hiện tại sang dãy hoặc quầy khác")
    tr.add_argument("--counter", type=int, required=True)
    target = tr.add_mutually_exclusive_group(required=True)
    target.add_argument("--to-line", default=None)
    target.add_argument("--to-counter", type=int, default=None)
    tr.add_argument("--note", default=None)
    ca = command("cancel", cancel, "huỷ một số của hôm nay")
    ca.add_argument("number")
    ca.add_argument("--note", default=None)
    command("reprint", reprint, "in lại phiếu của một số hôm nay").add_argument("number")
    command("status", status, "số người đang chờ theo dãy")
