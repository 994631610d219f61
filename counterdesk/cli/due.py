"""`counterdesk due --received ISO --duration N --unit UNIT [--json]`: the appointment date (DESIGN §7)."""

from __future__ import annotations

import json
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def due(ctx: Context) -> int:
    from counterdesk.domain.clock import iso_vn, now_vn, parse_vn_iso
    from counterdesk.domain.errors import InvalidInput
    from counterdesk.services import calendar

    raw = ctx.args.received
    try:
        received = parse_vn_iso(raw) if raw else now_vn()
    except ValueError as exc:
        raise InvalidInput(f"Thời điểm nhận '{raw[:40]}' không hợp lệ; dùng dạng ISO 8601, ví dụ 2026-11-20T09:15.") from exc
    duration = ctx.args.duration
    if duration is None:
        if ctx.args.unit != "same_day":
            raise InvalidInput("Thiếu --duration (thời hạn giải quyết); chỉ đơn vị same_day mới được bỏ trống.")
        duration = "0"
    store = ctx.store()
    result = calendar.due(store, received_at=received, duration=duration, unit=ctx.args.unit, cutoff=ctx.args.cutoff)
    if ctx.args.json:
        print(json.dumps({
            "received": iso_vn(received),
            "start": iso_vn(result.start),
            "due": iso_vn(result.due),
            "duration": str(duration),
            "unit": ctx.args.unit,
            "working_days": result.working_days,
            "skipped": list(result.skipped),
            "explanation": result.explanation,
            "provisional": result.provisional,
        }, ensure_ascii=False))
    else:
        print(iso_vn(result.due))
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("due", help="tính ngày giờ hẹn trả kết quả")
    p.add_argument("--received", help="thời điểm nhận đủ hồ sơ (ISO 8601; không có múi giờ = giờ Việt Nam); mặc định: bây giờ")
    p.add_argument("--duration", help="thời hạn (số; same_day: 0)")
    p.add_argument("--unit", required=True, help="working_days | working_hours | same_day | calendar_days | months")
    p.add_argument("--cutoff", default=None, help="giờ chốt nhận HH:MM; 'none' để tắt; mặc định: của cơ quan")
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON kèm giải thích")
    p.set_defaults(handler=due)
