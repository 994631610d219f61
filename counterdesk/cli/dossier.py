"""`counterdesk dossier show CODE [--json]` and `dossier act CODE ACTION [--as USER] [--at ISO] [--note TEXT]`.

``act`` runs the desk's own lifecycle functions (services.dossier_actions), with their permission
checks. Without ``--as`` it acts as the command line's system actor, like every other command
(``ticket``, ``intake``): the event then names no staff member and the audit trail says "cli".
With ``--as USER`` it acts as that active staff account, whose role must allow the action (a
clerk cannot reschedule; a device account cannot act at all). ``--at`` (ISO, Vietnam time when
no offset is given) backdates the action for training data and tests.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.clock import iso_vn
from counterdesk.domain.roles import SYSTEM, Actor

CLI_ACTOR = Actor(user_id=None, username="cli", role=SYSTEM)


def _moment(raw: str | None, what: str) -> datetime | None:
    from counterdesk.domain.clock import parse_vn_iso
    from counterdesk.domain.errors import InvalidInput

    if raw is None:
        return None
    try:
        return parse_vn_iso(raw)
    except ValueError as exc:
        raise InvalidInput(f"{what} '{raw[:40]}' không hợp lệ; dùng dạng ISO 8601, ví dụ 2026-11-20T09:15.") from exc


def _text(record: dict[str, Any]) -> str:
    rows = [
        ("Mã hồ sơ", record["code"]), ("Trạng thái", f"{record['status']} – {record['status_name']}"),
        ("Thủ tục", f"{record['procedure']} – {record['procedure_name']}"),
        ("Tiếp nhận", record["received_at"]), ("Hẹn trả", record["due_at"] or "trả ngay"),
        ("Kết thúc xử lý", record["finished_at"] or "—"), ("Đã trả", record["returned_at"] or "—"),
        ("Đơn vị giải quyết", record["handling_unit"]), ("Đang giữ hồ sơ", record["holder"]),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    lines += [f"  {e['at']}  {e['kind']:<10} {e['from_status'] or '':>2}→{e['to_status'] or '':<2} "
              f"{e['actor'] or '—'}  {e['note']}".rstrip() for e in record["events"]]
    return "\n".join(lines)


def show(ctx: Context) -> int:
    from counterdesk.services import dossier_actions

    record = dossier_actions.record(ctx.store(), ctx.args.code)
    print(json.dumps(record, ensure_ascii=False) if ctx.args.json else _text(record))
    return EXIT_OK


def act(ctx: Context) -> int:
    from counterdesk.services import dossier_actions, users

    store = ctx.store()
    actor = users.staff_actor(store, ctx.args.as_user) if ctx.args.as_user else CLI_ACTOR
    state = dossier_actions.act(store, actor, ctx.args.code, ctx.args.action, note=ctx.args.note or "",
                                now=_moment(ctx.args.at, "Thời điểm --at"), due=_moment(ctx.args.due, "Ngày hẹn --due"))
    print(f"{state.code}: {state.status} – {state.status_name}")
    return EXIT_OK


def find(ctx: Context) -> int:
    from counterdesk.services import search

    result = search.find_dossiers(ctx.store(), ctx.args.text)
    if ctx.args.json:
        print(json.dumps({
            "query": result.query, "kind": result.kind, "more": result.more,
            "items": [{"code": f.code, "applicant_name": f.applicant_name, "id_number": f.id_number,
                       "phone": f.phone, "procedure_name": f.procedure_name, "status": f.status,
                       "status_name": f.status_name, "received_at": iso_vn(f.received_at),
                       "due_at": None if f.due_at is None else iso_vn(f.due_at)} for f in result.items],
        }, ensure_ascii=False))
    else:
        for f in result.items:
            print(f"{f.code}  {f.received_at:%d/%m/%Y}  {f.applicant_name}  {f.procedure_name[:50]}  {f.status_name}")
        print(result.message)
    return EXIT_OK


def register(sub: Any) -> None:
    d = sub.add_parser("dossier", help="xem trạng thái và lịch sử hồ sơ; thực hiện một thao tác xử lý")
    dsub = d.add_subparsers(dest="dossier_command", required=True, parser_class=type(d))
    s = dsub.add_parser("show", help="trạng thái, các mốc thời gian và lịch sử của một hồ sơ")
    s.add_argument("code", help="mã hồ sơ")
    s.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    s.set_defaults(handler=show)
    f = dsub.add_parser("find", help="tìm hồ sơ theo mã, họ tên, số định danh, số điện thoại hoặc mã QR")
    f.add_argument("text", help="nội dung tìm (không dấu cũng được, thứ tự từ tuỳ ý)")
    f.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    f.set_defaults(handler=find)
    from counterdesk.cli.attach import add_files_parser

    add_files_parser(dsub, help="các bản quét (thành phần hồ sơ, kết quả) của một hồ sơ")
    a = dsub.add_parser("act", help="một thao tác xử lý hồ sơ, như ở quầy (handover, result_ready, return_result…)")
    a.add_argument("code", help="mã hồ sơ")
    a.add_argument("action", help="tên thao tác: handover, transfer, refuse, request_supplement, complete_supplement, "
                                  "request_financial, financial_done, withdraw, stop, result_ready, return_result, "
                                  "reschedule")
    a.add_argument("--as", dest="as_user", default=None, help="tài khoản cán bộ thực hiện (mặc định: hệ thống 'cli')")
    a.add_argument("--at", default=None, help="thời điểm thực hiện, ISO 8601 giờ Việt Nam (mặc định: bây giờ)")
    a.add_argument("--note", default=None, help="ghi chú / lý do (bắt buộc với refuse, stop, request_supplement…)")
    a.add_argument("--due", default=None, help="ngày hẹn mới (chỉ với reschedule), ISO 8601")
    a.set_defaults(handler=act)
