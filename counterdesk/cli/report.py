"""`counterdesk report daily|period|close`: the supervisor's printed reports from the command line."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counterdesk.cli import EXIT_OK, Context
from counterdesk.domain.errors import InvalidInput


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{name}: ngày không hợp lệ '{text}' (dạng YYYY-MM-DD).", field=name) from None


def _write(out: str, data: bytes) -> None:
    """Write beside the target then rename: a half-written report never replaces a good one."""
    path = Path(out)
    if not path.parent.exists():
        raise InvalidInput(f"Thư mục '{path.parent}' không tồn tại.", field="out")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(path)


def daily(ctx: Context) -> int:
    from counterdesk.printing import daily_log
    from counterdesk.services import reports

    day = _day(ctx.args.date, "--date")
    log = reports.daily_log(ctx.store(), day, ctx.args.field)
    _write(ctx.args.out, daily_log.render(log))
    return EXIT_OK


def period(ctx: Context) -> int:
    from counterdesk.printing import period_report
    from counterdesk.services import reports, scorecard

    start, end = _day(ctx.args.from_, "--from"), _day(ctx.args.to, "--to")
    if ctx.args.json:
        card = scorecard.scorecard(ctx.store(), start, end)
        print(json.dumps(scorecard.to_json(card), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not ctx.args.out:
        raise InvalidInput("Cần --out (tệp .pdf hoặc .xlsx) hoặc --json.", field="out")
    suffix = Path(ctx.args.out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise InvalidInput("--out phải là tệp .pdf hoặc .xlsx.", field="out")
    report = reports.period_statistics(ctx.store(), start, end)
    if suffix == ".pdf":
        data = period_report.render_pdf(report, number=ctx.args.number or "")
    else:
        card = scorecard.scorecard(ctx.store(), start, end, now=report.generated_at)
        drill = scorecard.drill_down(ctx.store(), start, end, now=report.generated_at, limit=None)
        data = period_report.render_xlsx(report, extra=scorecard.export_sheets(card, drill))
    _write(ctx.args.out, data)
    return EXIT_OK


def close(ctx: Context) -> int:
    from counterdesk.domain.report_data import KIND_LABELS
    from counterdesk.domain.roles import SYSTEM_ACTOR
    from counterdesk.printing import day_close as day_close_pdf
    from counterdesk.services import day_close, reports

    day = _day(ctx.args.date, "--date")
    store = ctx.store()
    rec = day_close.close_day(store, SYSTEM_ACTOR, day)
    lines = [
        f"Đã chốt sổ ngày {day:%d/%m/%Y}.",
        f"Phiếu: cấp {rec.tickets_issued}, gọi {rec.tickets_called}, vắng {rec.tickets_no_show}; "
        f"hồ sơ: {rec.dossiers_received}, đã in giấy tiếp nhận {rec.receipts_printed}; "
        f"đồng bộ: gửi {rec.outbox_accepted}, chờ {rec.outbox_pending}, cách ly {rec.outbox_quarantined}.",
    ]
    for kind, count in rec.discrepancy_counts.items():
        if count:
            lines.append(f"Chênh lệch — {KIND_LABELS[kind]}: {count}")
    print("\n".join(lines))
    if ctx.args.out:
        _write(ctx.args.out, day_close_pdf.render(rec, reports.daily_log(store, day)))
    return EXIT_OK


def late(ctx: Context) -> int:
    from counterdesk.printing import late_list
    from counterdesk.services import lateness

    suffix = Path(ctx.args.out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise InvalidInput("--out phải là tệp .pdf hoặc .xlsx.", field="out")
    doc = lateness.late_list(ctx.store())
    _write(ctx.args.out, late_list.render_pdf(doc) if suffix == ".pdf" else late_list.render_xlsx(doc))
    return EXIT_OK


def register(sub: Any) -> None:
    rep = sub.add_parser("report", help="sổ theo dõi hồ sơ, báo cáo thống kê, chốt sổ cuối ngày")
    rsub = rep.add_subparsers(dest="report_command", required=True, parser_class=type(rep))
    d = rsub.add_parser("daily", help="Sổ theo dõi hồ sơ (Mẫu 07) của một ngày, PDF")
    d.add_argument("--date", required=True, help="YYYY-MM-DD")
    d.add_argument("--out", required=True, help="tệp PDF")
    d.add_argument("--field", default=None, help="mã lĩnh vực (mặc định: tất cả)")
    d.set_defaults(handler=daily)
    p = rsub.add_parser("period", help="thống kê theo kỳ, PDF hoặc XLSX")
    p.add_argument("--from", dest="from_", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", required=True, help="YYYY-MM-DD")
    p.add_argument("--out", default=None, help="tệp .pdf hoặc .xlsx")
    p.add_argument("--number", default=None, help="số báo cáo trong sổ văn bản đi (in sau «Số:»)")
    p.add_argument("--json", action="store_true",
                   help="in các chỉ số Quyết định 766 (tổng, theo lĩnh vực, thủ tục, cán bộ) dạng JSON")
    p.set_defaults(handler=period)
    late_p = rsub.add_parser("late", help="danh sách hồ sơ quá hạn, sắp đến hạn, PDF hoặc XLSX")
    late_p.add_argument("--out", required=True, help="tệp .pdf hoặc .xlsx")
    late_p.set_defaults(handler=late)
    c = rsub.add_parser("close", help="chốt sổ cuối ngày (một lần mỗi ngày) và in biên bản kèm sổ")
    c.add_argument("--date", required=True, help="YYYY-MM-DD")
    c.add_argument("--out", default=None, help="tệp PDF biên bản + sổ theo dõi")
    c.set_defaults(handler=close)
