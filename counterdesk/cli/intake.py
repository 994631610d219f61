"""`counterdesk intake --json FILE|- [--allow-duplicate]`: create a dossier, print its code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def _read(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp {source}.") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise InvalidInput(f"Tệp {source} không phải văn bản UTF-8.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.") from None


def intake(ctx: Context) -> int:
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.services import intake as service
    from counterdesk.services.intake_document import request_from_document

    request = request_from_document(_read(ctx.args.json))
    try:
        result = service.accept(ctx.store(), request, SYSTEM_ACTOR, allow_duplicate=ctx.args.allow_duplicate)
    except service.DuplicateDossier as exc:
        raise InvalidInput(f"{exc.message.removesuffix(' Vẫn tạo thêm hồ sơ mới?')} "
                           "Dùng --allow-duplicate để vẫn tạo hồ sơ mới.") from None
    print(result.code)
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("intake", help="tiếp nhận hồ sơ từ tài liệu JSON, in mã hồ sơ")
    p.add_argument("--json", required=True, metavar="FILE|-", help="tệp JSON (hoặc - để đọc từ stdin)")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="vẫn tạo khi người này đã nộp cùng thủ tục trong ngày")
    p.set_defaults(handler=intake)
