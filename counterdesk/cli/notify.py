"""`counterdesk notify [--once]`, `notify status [--json]`, `notify list`, `notify retry ID…`,
`notify optout SO_GIAY_TO [--undo]`, `notify templates` — citizen SMS notices through the gateway."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, EXIT_OK, Context
from counterdesk.cli.sync import _policy, queue_parser


def _summary(report: Any) -> str:
    if report.busy:
        return "Một tiến trình gửi tin khác đang chạy trên CSDL này; bỏ qua lượt này."
    if report.online is None and report.error:
        return str(report.error)
    state = "trực tuyến" if report.online else ("ngoại tuyến" if report.online is False else "không có tin để gửi")
    text = (f"Gửi tin ({state}): {report.accepted} tin cổng SMS đã nhận ({report.duplicates} trùng), "
            f"{report.quarantined} bị từ chối, {report.released} chờ gửi lại.")
    return text + (f" Lỗi: {report.error}" if report.error else "")


def run(ctx: Context) -> int:
    from counterdesk.services import notify

    store = ctx.store()
    policy = _policy(ctx)
    if ctx.args.once:
        report = notify.run_once(store, retry=policy, max_batches=ctx.args.max_batches)
        print(json.dumps(report.as_dict(), ensure_ascii=False) if ctx.args.json else _summary(report))
        if report.online is False:
            print(f"counterdesk: không gửi được tin qua cổng SMS: {report.error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_OK
    while True:  # until Ctrl-C (exit 130)
        report = notify.run_once(store, retry=policy)
        print(_summary(report), flush=True)
        time.sleep(notify.next_delay(report).total_seconds())


def show_status(ctx: Context) -> int:
    from counterdesk.services import notify

    data = notify.status(ctx.store())
    if ctx.args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    rate = notify.rate_text(data["pending"] + data["sending"] + data["sent"] + data["quarantined"], data["sent"])
    print(f"Chờ gửi: {data['pending']}  Đang gửi: {data['sending']}  Đã gửi: {data['sent']}  "
          f"Bị từ chối: {data['quarantined']}  Tỷ lệ gửi được: {rate}")
    print(f"Gửi tin: {'bật' if data['enabled'] else 'tắt'}; cổng SMS: {data['gateway_url'] or 'chưa đặt'}")
    print(f"Lần gửi thành công gần nhất: {data['last_success'] or 'chưa có'}")
    if data["last_error"]:
        print(f"Lỗi gần nhất: {data['last_error']}")
    return EXIT_OK


def list_(ctx: Context) -> int:
    from counterdesk.domain.clock import iso_vn
    from counterdesk.services import notify

    rows = notify.list_notices(ctx.store(), ctx.args.state, limit=ctx.args.limit)
    if ctx.args.json:
        print(json.dumps([{"id": r.id, "dossier": r.dossier_code, "kind": r.kind, "state": r.state,
                           "attempts": r.attempts, "created_at": iso_vn(r.created_at), "phone": r.phone,
                           "text": r.text, "last_error": r.last_error} for r in rows], ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        print(f"{r.id}\t{r.state}\t{r.dossier_code}\t{r.kind}\t{r.phone}\t{r.attempts}\t{r.last_error}")
    return EXIT_OK


def retry(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import notify

    moved = notify.retry(ctx.store(), SYSTEM_ACTOR, ctx.args.ids)
    print(f"Đã đưa {moved} tin về hàng chờ gửi.")
    return EXIT_OK


def optout(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import notify

    off = notify.set_opt_out(ctx.store(), SYSTEM_ACTOR, ctx.args.id_number, not ctx.args.undo)
    print("Đã ghi: không gửi tin nhắn cho người này." if off else "Đã ghi: gửi tin nhắn lại cho người này.")
    return EXIT_OK


def templates(ctx: Context) -> int:
    from counterdesk.services import notify

    for p in notify.templates(ctx.store()):
        print(f"[{p.kind}] {p.label}")
        print(f"  có dấu    {p.accented_length.describe()}: {p.accented}")
        print(f"  không dấu {p.unaccented_length.describe()}: {p.unaccented}")
    return EXIT_OK


def register(sub: Any) -> None:
    nsub = queue_parser(sub, "notify", "gửi tin nhắn SMS cho công dân qua cổng nhắn tin", noun="tin nhắn",
                        once="một lượt: gửi hết tin đến hạn rồi thoát",
                        handlers={"run": run, "status": show_status, "list": list_, "retry": retry})
    oo = nsub.add_parser("optout", help="người nộp không muốn nhận tin (theo số CCCD/giấy tờ)")
    oo.add_argument("id_number")
    oo.add_argument("--undo", action="store_true", help="nhận tin trở lại")
    oo.set_defaults(handler=optout)
    nsub.add_parser("templates", help="xem các mẫu tin và độ dài so với giới hạn SMS").set_defaults(handler=templates)
