"""`counterdesk sync [--once]`, `sync status [--json]`, `sync list`, `sync retry ID…`."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from counterdesk.cli import EXIT_BAD_INPUT, EXIT_OK, Context


def _policy(ctx: Context) -> Any:
    from counterdesk.services import sync_admin

    backoff = getattr(ctx.args, "backoff", None)
    return None if backoff is None else sync_admin.quick_policy(base=backoff, cap=max(backoff * 20, backoff))


def _summary(report: Any) -> str:
    if report.busy:
        return "Một tiến trình đồng bộ khác đang chạy trên CSDL này; bỏ qua lượt này."
    state = "trực tuyến" if report.online else ("ngoại tuyến" if report.online is False else "không có gì để gửi")
    text = (f"Đồng bộ ({state}): {report.accepted} mục cổng đã nhận ({report.duplicates} trùng), "
            f"{report.quarantined} bị từ chối, {report.released} chờ gửi lại; nhận {report.applied} cập nhật từ cổng.")
    if report.uploads:
        text += f" Bản quét: {report.uploads} tệp đã ở cổng ({report.upload_bytes / 1e6:.1f} MB gửi lượt này)."
    return text + (f" Lỗi: {report.error}" if report.error else "")


def run(ctx: Context) -> int:
    from counterdesk.services import sync_admin

    store = ctx.store()
    policy = _policy(ctx)
    if ctx.args.once:
        report = sync_admin.run_once(store, retry=policy, max_batches=ctx.args.max_batches, home=ctx.home)
        if ctx.args.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            print(_summary(report))
        if report.online is False:
            print(f"counterdesk: không đồng bộ được với cổng: {report.error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_OK
    interval = sync_admin.portal_config(store).interval
    while True:  # until Ctrl-C (exit 130)
        report = sync_admin.run_once(store, retry=policy, home=ctx.home)
        print(_summary(report), flush=True)
        time.sleep(sync_admin.next_run_delay(report, interval).total_seconds())


def show_status(ctx: Context) -> int:
    from counterdesk.services import sync_admin

    data = sync_admin.status(ctx.store())
    if ctx.args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    print(f"Chờ gửi: {data['pending']}  Đang gửi: {data['sending']}  Cổng đã nhận: {data['accepted']}  "
          f"Bị từ chối: {data['quarantined']}")
    scans = data["attachments"]
    print(f"Bản quét — chờ gửi: {scans['pending'] + scans['sending']}  Cổng đã nhận: {scans['accepted']}  "
          f"Bị từ chối: {scans['quarantined']}")
    print(f"Lần đồng bộ thành công gần nhất: {data['last_success'] or 'chưa có'}")
    if data["last_error"]:
        print(f"Lỗi gần nhất: {data['last_error']}")
    return EXIT_OK


def list_(ctx: Context) -> int:
    from counterdesk.domain.clock import iso_vn
    from counterdesk.services import sync_admin

    rows = sync_admin.list_entries(ctx.store(), ctx.args.state, limit=ctx.args.limit)
    if ctx.args.json:
        print(json.dumps([{"id": r.id, "key": r.key, "dossier": r.dossier_code, "kind": r.kind, "state": r.state,
                           "attempts": r.attempts, "created_at": iso_vn(r.created_at),
                           "last_error": r.last_error} for r in rows], ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        print(f"{r.id}\t{r.state}\t{r.dossier_code}\t{r.kind}\t{r.attempts}\t{r.last_error}")
    return EXIT_OK


def retry(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import sync_admin

    moved = sync_admin.retry(ctx.store(), SYSTEM_ACTOR, ctx.args.ids)
    print(f"Đã đưa {moved} mục về hàng chờ gửi.")
    return EXIT_OK


def queue_parser(sub: Any, name: str, help_text: str, *, once: str, noun: str,
                 handlers: dict[str, Callable[[Context], int]]) -> Any:
    """`NAME [--once]` with `status`, `list` and `retry` subcommands: the shape of every delivery
    queue's command (sync, notify); returns the subcommands so a queue can add its own."""
    p = sub.add_parser(name, help=help_text)
    p.add_argument("--once", action="store_true", help=once)
    p.add_argument("--json", action="store_true", help="(với --once) in kết quả dạng JSON")
    p.add_argument("--max-batches", type=int, default=None, help="giới hạn số lô trong một lượt")
    p.add_argument("--backoff", type=float, default=None,
                   help="thời gian chờ cơ sở giữa các lần thử lại (giây; dùng với cổng mô phỏng)")
    p.set_defaults(handler=handlers["run"])
    ssub = p.add_subparsers(dest=f"{name}_command", parser_class=type(p))
    st = ssub.add_parser("status", help=f"số {noun} theo trạng thái, lần thành công gần nhất")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=handlers["status"])
    ls = ssub.add_parser("list", help=f"liệt kê {noun}")
    ls.add_argument("--state", choices=["pending", "sending", "accepted", "quarantined"])
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=handlers["list"])
    rt = ssub.add_parser("retry", help=f"đưa {noun} bị cách ly về hàng chờ gửi")
    rt.add_argument("ids", type=int, nargs="+")
    rt.set_defaults(handler=handlers["retry"])
    return ssub


def register(sub: Any) -> None:
    queue_parser(sub, "sync", "đồng bộ với cổng dịch vụ công tỉnh", noun="mục đồng bộ",
                 once="một lượt: gửi hết mục đến hạn, nhận cập nhật, rồi thoát",
                 handlers={"run": run, "status": show_status, "list": list_, "retry": retry})
