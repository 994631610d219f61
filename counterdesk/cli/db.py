"""`counterdesk db upgrade|check|backup|restore`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput, StoreError


def _sqlite_file(ctx: Context) -> Path:
    from counterdesk.paths import default_db_url
    from counterdesk.store.config import resolve_db_url
    from counterdesk.store.engine import sqlite_path

    url = resolve_db_url(ctx.args.db, ctx.home) or default_db_url(ctx.home)
    path = sqlite_path(url)
    if path is None:
        raise InvalidInput("Lệnh này chỉ dùng cho CSDL SQLite; với PostgreSQL hãy dùng pg_dump/pg_restore.")
    return path


def upgrade(ctx: Context) -> int:
    from counterdesk.store import migrate

    store = ctx.store(seed=False)
    print(f"CSDL đã ở phiên bản mới nhất ({migrate.current_revision(store.engine)}).")
    return EXIT_OK


def check(ctx: Context) -> int:
    from counterdesk.store import migrate
    from counterdesk.store.backup import check_file
    from counterdesk.store.engine import make_engine, normalise_url

    if ctx.args.db and not ctx.args.db.startswith(("sqlite", "/", ".")) and "://" in ctx.args.db:
        engine = make_engine(normalise_url(ctx.args.db))
        try:
            at_head = migrate.is_at_head(engine)
        except Exception as exc:
            raise StoreError(f"Không kết nối được CSDL ({exc.__class__.__name__}).") from exc
        finally:
            engine.dispose()
    else:
        path = _sqlite_file(ctx)
        check_file(path)
        engine = make_engine(str(path))
        try:
            at_head = migrate.is_at_head(engine)
        finally:
            engine.dispose()
    print("CSDL nguyên vẹn." + ("" if at_head else " Lược đồ chưa ở phiên bản mới nhất: chạy 'counterdesk db upgrade'."))
    return EXIT_OK


def backup(ctx: Context) -> int:
    from counterdesk.store.backup import backup_to, check_file

    path = _sqlite_file(ctx)
    check_file(path, quick=True)
    if ctx.args.out:
        dest = backup_to(path, Path(ctx.args.out))
        print(dest)
        return EXIT_OK
    from counterdesk.services.backups import run_backup

    result = run_backup(ctx.store(), ctx.home, "manual")
    for warning in result.warnings:
        print(f"counterdesk: cảnh báo: {warning}", file=sys.stderr)
    print(result.path)
    return EXIT_OK


def backups(ctx: Context) -> int:
    from counterdesk.services.backups import list_backups
    from counterdesk.store.backup import check_store_file

    found = list_backups(ctx.home)
    if not found:
        print(f"Chưa có bản sao lưu nào trong {ctx.home / 'backups'}.")
        return EXIT_OK
    for info in found:
        state = "tốt"
        if ctx.args.check:
            try:
                check_store_file(info.path)
            except StoreError:
                state = "HỎNG"
        else:
            state = "-"
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}\t{info.reason}\t{info.size // 1024} KB\t{state}\t{info.path}")
    return EXIT_OK


def restore(ctx: Context) -> int:
    from counterdesk.store.backup import restore_from

    path = _sqlite_file(ctx)
    kept = restore_from(Path(ctx.args.file), path)
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
    b = dbsub.add_parser("backup", help="sao lưu trực tuyến")
    b.add_argument("--out", help="tệp đích")
    b.set_defaults(handler=backup)
    ls = dbsub.add_parser("backups", help="liệt kê các bản sao lưu (mới nhất trước)")
    ls.add_argument("--check", action="store_true", help="kiểm tra từng bản")
    ls.set_defaults(handler=backups)
    r = dbsub.add_parser("restore", help="phục hồi từ bản sao lưu (được kiểm tra trước)")
    r.add_argument("file")
    r.set_defaults(handler=restore)
