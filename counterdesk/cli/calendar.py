"""`counterdesk calendar export|import|confirm|set-day|show`: the office's working calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context


def _year(text: str) -> int:
    from counterdesk.domain.errors import InvalidInput

    if not text.strip().isdigit():
        raise InvalidInput(f"Năm '{text[:10]}' không hợp lệ (ví dụ 2027).")
    return int(text)


def _date(text: str) -> date:
    from counterdesk.domain.errors import InvalidInput

    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"Ngày '{text[:20]}' không hợp lệ; dùng dạng YYYY-MM-DD.") from exc


def export(ctx: Context) -> int:
    from counterdesk.domain.errors import InvalidInput
    from counterdesk.services import calendar

    text = calendar.export_year(ctx.store(), _year(ctx.args.year))
    out = Path(ctx.args.out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Không ghi được tệp {out}: {exc.strerror or exc}.") from exc
    print(out)
    return EXIT_OK


def import_(ctx: Context) -> int:
    from counterdesk.domain.errors import InvalidInput
    from counterdesk.services import calendar

    path = Path(ctx.args.file)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Tệp {path} không phải văn bản UTF-8 (byte {exc.start}).") from exc
    summary = calendar.import_year(ctx.store(), text)
    print(f"Đã nhập lịch năm {summary.year}: {summary.off_days} ngày nghỉ, {summary.working_days} ngày làm việc khai báo.")
    return EXIT_OK


def confirm(ctx: Context) -> int:
    from counterdesk.services import calendar

    year = _year(ctx.args.year)
    calendar.confirm_year(ctx.store(), year)
    print(f"Đã xác nhận lịch năm {year}.")
    return EXIT_OK


def set_day(ctx: Context) -> int:
    from counterdesk.services import calendar

    day = _date(ctx.args.date)
    if ctx.args.reset:
        st = calendar.reset_day(ctx.store(), day)
    else:
        st = calendar.set_day(ctx.store(), day, working=ctx.args.working, label=ctx.args.label or "")
    state = "ngày làm việc" if st.working else "ngày nghỉ"
    print(f"{day:%d/%m/%Y}: {state}" + (f" ({st.label})" if st.label else ""))
    return EXIT_OK


def show(ctx: Context) -> int:
    from counterdesk.services import calendar

    view = calendar.year_view(ctx.store(), _year(ctx.args.year))
    print(f"Lịch năm {view.year}: {view.status_name}")
    for st in view.days:
        if st.kind in ("off", "makeup") and (st.label or st.day.weekday() < 5):
            mark = "làm bù" if st.working else "nghỉ"
            print(f"{st.day.isoformat()}\t{mark}\t{st.label}")
    return EXIT_OK


def register(sub: Any) -> None:
    cal = sub.add_parser("calendar", help="lịch làm việc của cơ quan")
    csub = cal.add_subparsers(dest="calendar_command", required=True, parser_class=type(cal))
    e = csub.add_parser("export", help="xuất lịch một năm ra tệp")
    e.add_argument("year")
    e.add_argument("--out", required=True, help="tệp đích")
    e.set_defaults(handler=export)
    i = csub.add_parser("import", help="nhập lịch một năm từ tệp (tất cả hoặc không)")
    i.add_argument("file")
    i.set_defaults(handler=import_)
    c = csub.add_parser("confirm", help="xác nhận lịch tạm tính của một năm")
    c.add_argument("year")
    c.set_defaults(handler=confirm)
    s = csub.add_parser("set-day", help="đặt một ngày là ngày làm việc hoặc ngày nghỉ của cơ quan")
    s.add_argument("date")
    mode = s.add_mutually_exclusive_group(required=True)
    mode.add_argument("--working", action="store_true", help="ngày làm việc")
    mode.add_argument("--off", action="store_true", help="ngày nghỉ")
    mode.add_argument("--reset", action="store_true", help="bỏ thiết lập riêng, theo lịch chung")
    s.add_argument("--label", default="", help="nhãn, ví dụ 'Nghỉ bù sự kiện của phường'")
    s.set_defaults(handler=set_day)
    sh = csub.add_parser("show", help="liệt kê ngày nghỉ và ngày làm bù của một năm")
    sh.add_argument("year")
    sh.set_defaults(handler=show)
