"""`counterdesk catalog import FILE | search TEXT`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def import_(ctx: Context) -> int:
    from counterdesk.services import catalog

    added, updated = catalog.import_file(ctx.store(), Path(ctx.args.file))
    print(f"Đã nhập danh mục: {added} thủ tục mới, {updated} cập nhật.")
    return EXIT_OK


def search(ctx: Context) -> int:
    from counterdesk.services import catalog

    for p in catalog.search(ctx.store(), " ".join(ctx.args.text)):
        print(f"{p.code}\t{p.name}\t{p.field_name}")
    return EXIT_OK


def register(sub: Any) -> None:
    cat = sub.add_parser("catalog", help="danh mục thủ tục hành chính")
    csub = cat.add_subparsers(dest="catalog_command", required=True, parser_class=type(cat))
    i = csub.add_parser("import", help="nhập tệp CSV danh mục (kiểm tra từng dòng)")
    i.add_argument("file")
    i.set_defaults(handler=import_)
    s = csub.add_parser("search", help="tìm thủ tục (không cần dấu)")
    s.add_argument("text", nargs="+")
    s.set_defaults(handler=search)
