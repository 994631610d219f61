"""Build tests/fixtures/store-0.1.0.sqlite: a store made by release 0.1.0 (schema 0002) for upgrade tests.

It also writes store-0.1.0.json: the figures 0.1.0 computed from it (counts per status, the
period report's totals, a known dossier), which the upgraded store must reproduce. Run once per release, from that release's tree, and commit the file it writes; later releases
only read it (tests/integration/test_upgrade_fixture.py). Deterministic: fixed dates, fixed seed.

    PYTHONPATH=. python scripts/make_upgrade_fixture.py [OUT]

What it holds: the demo office, 6 working days of seeded history (tickets, dossiers, events),
then a handful of dossiers received through the real services and moved into every status,
queue tickets issued and called, office settings changed and the calendar edited: each of those
writes the audit chain, so the upgraded store must still verify.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk.domain.clock import VN_TZ  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "store-0.1.0.sqlite"
REPORT_FROM, REPORT_TO = date(2026, 11, 1), date(2026, 11, 30)
REPORT_NOW = datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ)  # figures are taken "as of" this moment
SEED_END = date(2026, 11, 19)
DAY = datetime(2026, 11, 20, 8, 0, tzinfo=VN_TZ)
PROCEDURE = "1.004873"  # a short one-stop procedure in the shipped catalogue
# The dossier whose fields the upgrade test checks one by one.
KNOWN_APPLICANT = {"name": "Nguyễn Thị Hồng Nhung", "id_number": "079190001234", "birth_date": "1990-05-17",
                   "gender": "Nữ", "phone": "0908123456", "address": "12 Lý Tự Trọng, phường Sài Gòn, TP. Hồ Chí Minh"}


def _at(minutes: int) -> datetime:
    return DAY + timedelta(minutes=minutes)


def build(path: Path, home: Path) -> dict[str, object]:
    from counterdesk.services import calendar, demo, intake, lifecycle, queue, settings, setup, users

    store = setup.open_store(str(path), home)
    try:
        demo.seed(store, days=6, per_day=15, end=SEED_END)
        admin = users.login(store, "admin", setup.DEMO_PASSWORD)
        clerk = users.login(store, "canbo1", setup.DEMO_PASSWORD)
        settings.set_value(store, "office.cutoff", "16:00", admin)
        settings.set_value(store, "queue.max_recalls", "2", admin)
        calendar.set_day(store, date(2026, 12, 24), working=False, label="Nghỉ bù (thử)", actor=admin)
        for n in range(6):
            queue.issue_ticket(store, admin, "ABCD"[n % 4], now=_at(n))
        queue.call_next(store, clerk, 1, now=_at(10))
        queue.start_serving(store, clerk, 1, now=_at(11))
        codes = []
        for n in range(9):
            doc = {"procedure": PROCEDURE, "received_at": _at(15 + n * 5).isoformat(), "sets": 1,
                   "applicant": dict(KNOWN_APPLICANT, id_number=f"0791900012{30 + n}",
                                     name=KNOWN_APPLICANT["name"] if n == 0 else f"Trần Văn Thử {n}")}
            codes.append(intake.accept(store, intake.request_from_document(doc), clerk).code)
        at = _at(120)
        lifecycle.hand_over(store, clerk, codes[1], now=at)                       # IN_PROGRESS
        lifecycle.request_supplement(store, clerk, codes[2], reason="Thiếu bản sao giấy khai sinh", now=at)
        lifecycle.hand_over(store, clerk, codes[3], now=at)
        lifecycle.request_financial(store, clerk, codes[3], note="Nộp lệ phí", now=at)  # FINANCIAL
        lifecycle.refuse(store, clerk, codes[4], reason="Không thuộc thẩm quyền", now=at)
        lifecycle.withdraw(store, clerk, codes[5], reason="Công dân xin rút", now=at)
        lifecycle.stop(store, clerk, codes[6], reason="Theo đề nghị của cơ quan giải quyết", now=at)
        lifecycle.result_ready(store, clerk, codes[7], now=at)                    # DONE
        lifecycle.result_ready(store, clerk, codes[8], now=at)
        lifecycle.return_result(store, clerk, codes[8], now=at + timedelta(minutes=30))  # RETURNED
        return {"revision": "0002", "known_code": codes[0], "codes": codes, **figures(store, codes[0])}
    finally:
        store.dispose()


def figures(store: object, known_code: str) -> dict[str, object]:
    """What 0.1.0 itself reported about this store: the upgrade test expects the same after upgrading."""
    from dataclasses import asdict

    from sqlalchemy import func, select

    from counterdesk.models import AuditEntry, Dossier, Ticket
    from counterdesk.services import lifecycle, reports

    with store.read() as s:  # type: ignore[attr-defined]
        per_status = dict(s.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all())
        tickets = s.scalar(select(func.count()).select_from(Ticket))
        audit_entries = s.scalar(select(func.count()).select_from(AuditEntry))
    known = lifecycle.get(store, known_code)  # type: ignore[arg-type]
    report = reports.period_statistics(store, REPORT_FROM, REPORT_TO, now=REPORT_NOW)  # type: ignore[arg-type]
    return {
        "per_status": {str(k): v for k, v in sorted(per_status.items())},
        "tickets": tickets,
        "audit_entries": audit_entries,
        "known": {"status": known.status, "applicant": known.applicant_name,
                  "id_number": known.applicant_id_number, "procedure": known.procedure_code,
                  "received_at": known.received_at.isoformat(), "due_at": known.due_at.isoformat()},
        "period_total": asdict(report.total),
    }


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "store.sqlite3"
        info = build(work, Path(tmp))
        con = sqlite3.connect(work)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
        con.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(work.read_bytes())
    out.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
