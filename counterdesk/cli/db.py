"""`counterdesk db upgrade|check|backup|restore`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def upgrade(ctx: Context) -> int:
    from counterdesk.services import database

    store = ctx.store(seed=False)
    print(f"CSDL đã ở phiên bản mới nhất ({database.schema_revision(store)}).")
    return EXIT_OK


def check(ctx: Context) -> int:
    from counterdesk.services import database

    at_head = database.check(ctx.args.db, ctx.home)
    print("CSDL nguyên vẹn." + ("" if at_head else " Lược đồ chưa ở phiên bản mới nhất: chạy 'counterdesk db upgrade'."))
    return EXIT_OK


def stats(ctx: Context) -> int:
    """The statistics rollup against a recomputation from the dossiers (exit 2 when they differ)."""
    from counterdesk.services import database

    store = ctx.store(seed=False)
    if ctx.args.rebuild:
        print(f"Đã tính lại bảng tổng hợp thống kê ({database.rebuild_statistics(store)} ô).")
    problems = database.statistics_problems(store)
    if not problems:
        print("Bảng tổng hợp thống kê khớp với hồ sơ.")
        return EXIT_OK
    for line in problems[:50]:
        print(line)
    print(f"{len(problems)} ô lệch; chạy 'counterdesk db stats --rebuild' để tính lại.", file=sys.stderr)
    return 2


def backup(ctx: Context) -> int:
    from counterdesk.services import database

    if ctx.args.out:
        print(database.backup_file(ctx.args.db, ctx.home, Path(ctx.args.out)))
        return EXIT_OK
    from counterdesk.services.backups import run_backup

    database.quick_check(ctx.args.db, ctx.home)
    result = run_backup(ctx.store(), ctx.home, "manual")
    for warning in result.warnings:
        print(f"counterdesk: cảnh báo: {warning}", file=sys.stderr)
    print(result.path)
    return EXIT_OK


def backups(ctx: Context) -> int:
    from counterdesk.services import database
    from counterdesk.services.backups import list_backups

    found = list_backups(ctx.home)
    if not found:
        print(f"Chưa có bản sao lưu nào trong {ctx.home / 'backups'}.")
        return EXIT_OK
    for info in found:
        state = ("tốt" if database.backup_is_good(info.path) else "HỎNG") if ctx.args.check else "-"
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}\t{info.reason}\t{info.size // 1024} KB\t{state}\t{info.path}")
    return EXIT_OK


def restore(ctx: Context) -> int:
    from counterdesk.services import database

    kept = database.restore(ctx.args.db, ctx.home, Path(ctx.args.file))
    print(f"Đã phục hồi từ {ctx.args.file}." + (f" Tệp cũ được giữ tại {kept}." if kept else ""))
    from counterdesk.services.attachments import restore_files

    restored, left = restore_files(ctx.store(), ctx.home)
    if restored or left:
        print(f"Bản quét: khôi phục {restored} tệp" + (f", còn thiếu {len(left)} tệp." if left else "."))
    return EXIT_OK


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="nâng cấp, kiểm tra, sao lưu, phục hồi CSDL")
    dbsub = db.add_subparsers(dest="db_command", required=True, parser_class=type(db))
    dbsub.add_parser("upgrade", help="nâng cấp lược đồ CSDL").set_defaults(handler=upgrade)
    dbsub.add_parser("check", help="kiểm tra tính toàn vẹn").set_defaults(handler=check)
    st = dbsub.add_parser("stats", help="đối chiếu bảng tổng hợp thống kê với hồ sơ")
    st.add_argument("--rebuild", action="store_true", help="tính lại bảng tổng hợp trước khi đối chiếu")
    st.set_defaults(handler=stats)
    b = dbsub.add_parser("backup", help="sao lưu trực tuyến")
    b.add_argument("--out", help="tệp đích")
    b.set_defaults(handler=backup)
    ls = dbsub.add_parser("backups", help="liệt kê các bản sao lưu (mới nhất trước)")
    ls.add_argument("--check", action="store_true", help="kiểm tra từng bản")
    ls.set_defaults(handler=backups)
    r = dbsub.add_parser("restore", help="phục hồi từ bản sao lưu (được kiểm tra trước)")
    r.add_argument("file")
    r.set_defaults(handler=restore)
