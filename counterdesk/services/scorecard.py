"""Decision 766 scorecard of a period: 2.1, 2.2, 1.4, 5.4 and the digitisation rate, for the office
and per field, procedure and clerk, each with its formula and the dossiers behind it.

The counts come from services/statistics.py (the one classification, evaluated in SQL); this
module only names the figures, writes their formulas (docs/rules.md, "Decision 766 figures") and
lists the dossiers behind a figure (drill-down) for the screen and the XLSX export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from counterdesk.domain.classification import WORDS, Outcome
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.report_data import Counts, Row
from counterdesk.models import Applicant, Dossier, Procedure, User
from counterdesk.services.overview import day_bounds
from counterdesk.services.settings import office
from counterdesk.services.statistics import (
    CODES,
    NO_CLERK,
    TIME_UNIT_NAMES,
    breakdown,
    check_period,
    classified,
    scope_rows,
)
from counterdesk.store.uow import Store


@dataclass(frozen=True)
class Figure:
    key: str  # the JSON key
    code: str  # the indicator's number in Decision 766
    name: str
    formula: str
    value: Callable[[Counts], float | None]  # a fraction (rates) or a time in the row's unit
    drill: tuple[Outcome, ...]  # the outcomes of the dossiers behind the figure's denominator


_IN_SCOPE = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.IN_TIME, Outcome.CLOCK_STOPPED,
             Outcome.OVERDUE)
_RESOLVED = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
_RECEIVED_ALL = (*_IN_SCOPE,)

FIGURES: tuple[Figure, ...] = (
    Figure("on_time_rate", "2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn",
           "(trước hạn + đúng hạn + đang giải quyết trong hạn + chờ bổ sung) / (đã giải quyết + đang giải quyết)",
           lambda c: c.on_time_rate, _IN_SCOPE),
    Figure("average_time", "2.2", "Thời gian giải quyết trung bình",
           "Σ (kết thúc xử lý − tiếp nhận − thời gian chờ bổ sung) / số hồ sơ đã giải quyết, "
           "theo đơn vị thời hạn của thủ tục (ngày làm việc, ngày, giờ, tháng)",
           lambda c: c.average_time, _RESOLVED),
    Figure("synced_rate", "1.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG",
           "hồ sơ tiếp nhận trong kỳ đã được cổng nhận / hồ sơ tiếp nhận trong kỳ",
           lambda c: c.synced_rate, _RECEIVED_ALL),
    Figure("satisfaction_index", "5.4", "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
           "100% − (quá hạn + đang quá hạn) / (đã giải quyết + đang giải quyết) − "
           "hồ sơ bị đánh giá không hài lòng / (đã giải quyết + đang giải quyết)",
           lambda c: c.satisfaction_index, _IN_SCOPE),
    Figure("digitised_rate", "4", "Tỷ lệ hồ sơ được số hóa",
           "hồ sơ tiếp nhận trực tiếp hoặc qua bưu chính trong kỳ có thành phần đã lưu bản số hóa / "
           "hồ sơ tiếp nhận trực tiếp hoặc qua bưu chính trong kỳ (hồ sơ trực tuyến đã là bản điện tử, "
           "TT 03/2025 Đ.5(2))",
           lambda c: c.digitised_rate, _RECEIVED_ALL),
)
FIGURE_BY_KEY = {f.key: f for f in FIGURES}
LEVELS = {"field": "Lĩnh vực", "procedure": "Thủ tục", "clerk": "Cán bộ tiếp nhận"}


@dataclass(frozen=True)
class Scorecard:
    start: date
    end: date
    office_name: str
    parent_name: str
    generated_at: datetime
    total: Counts
    by_field: tuple[Row, ...]
    by_procedure: tuple[Row, ...]
    by_clerk: tuple[Row, ...]

    def level(self, name: str) -> tuple[Row, ...]:
        return {"field": self.by_field, "procedure": self.by_procedure, "clerk": self.by_clerk}[name]


def scorecard(store: Store, start: date, end: date, *, now: datetime | None = None) -> Scorecard:
    """The 766 figures of the days start..end (inclusive); unfinished dossiers judged at min(end, now)."""
    check_period(start, end)
    _, e_at = day_bounds(end)
    now = to_vn(now) if now is not None else now_vn()
    with store.read() as s:
        b = breakdown(s, start, end, int(min(e_at, now).timestamp()))
        off = office(s)
        return Scorecard(start, end, off.name, off.parent_name, now, b.total, b.by_field, b.by_procedure,
                         b.by_clerk)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def counts_json(c: Counts) -> dict[str, Any]:
    """The counts behind the figures, with English snake_case keys."""
    return {
        "received": c.received, "carried_over": c.carried_over, "new": c.new, "new_in_person": c.new_in_person,
        "new_online": c.new_online, "new_postal": c.new_postal, "not_accepted": c.not_accepted,
        "resolved": c.resolved, "early": c.early, "on_time": c.on_time, "late": c.late,
        "in_progress": c.pending, "in_time": c.pending_in_time, "clock_stopped": c.pending_clock_stopped,
        "overdue": c.pending_overdue, "withdrawn": c.withdrawn, "refused_after_acceptance": c.refused,
        "returned": c.returned, "synced": c.synced, "disliked": c.disliked, "ratings": c.ratings,
        "digitised": c.digitised, "digitisable": c.digitisable,
    }


def figures_json(c: Counts) -> dict[str, Any]:
    """The five figures of one row: rates in percent (2 decimals), the average time in its unit."""
    avg = c.average_time
    return {
        "on_time_rate": _pct(c.on_time_rate),
        "average_time": None if avg is None else round(avg, 2),
        "average_time_unit": c.time_unit or None,
        "synced_rate": _pct(c.synced_rate),
        "satisfaction_index": _pct(c.satisfaction_index),
        "digitised_rate": _pct(c.digitised_rate),
        **counts_json(c),
    }


def to_json(card: Scorecard) -> dict[str, Any]:
    """The scorecard as printed by `counterdesk report period --json`."""
    def rows(level: tuple[Row, ...]) -> list[dict[str, Any]]:
        return [{"key": r.key, "label": r.label, **figures_json(r.counts)} for r in level]

    return {
        "period": {"from": card.start.isoformat(), "to": card.end.isoformat()},
        "office": card.office_name,
        "generated_at": card.generated_at.isoformat(timespec="seconds"),
        "rates_unit": "percent",
        "formulas": {f.key: {"indicator": f.code, "name": f.name, "formula": f.formula} for f in FIGURES},
        "total": figures_json(card.total),
        "by_field": rows(card.by_field),
        "by_procedure": rows(card.by_procedure),
        "by_clerk": rows(card.by_clerk),
    }


def format_figure(c: Counts, key: str) -> str:
    """A figure as shown on screen and in the export: "87,50 %", "2,40 ngày làm việc", "—"."""
    value = FIGURE_BY_KEY[key].value(c)
    if value is None:
        return "—" if key != "average_time" or c.time_unit != "mixed" else "nhiều đơn vị"
    if key == "average_time":
        return f"{value:.2f} {TIME_UNIT_NAMES.get(c.time_unit, '')}".replace(".", ",")
    return f"{value * 100:.2f} %".replace(".", ",")


# ---------------------------------------------------------------- drill-down


@dataclass(frozen=True)
class DrillRow:
    code: str
    procedure: str
    applicant: str
    clerk: str
    received_at: datetime
    judged_due_at: datetime | None
    finished_at: datetime | None
    supplement_count: int
    outcome: Outcome

    @property
    def outcome_word(self) -> str:
        return WORDS[self.outcome]


def drill_down(store: Store, start: date, end: date, *, level: str | None = None, key: str | None = None,
               outcomes: tuple[Outcome, ...] | None = None, now: datetime | None = None,
               limit: int | None = 5000) -> list[DrillRow]:
    """The dossiers behind a figure: those of the period in the row (``level``/``key``: a field
    code, procedure code or clerk id; none for the office) with one of ``outcomes``."""
    check_period(start, end)
    s_at, _ = day_bounds(start)
    _, e_at = day_bounds(end)
    now = to_vn(now) if now is not None else now_vn()
    ref = int(min(e_at, now).timestamp())
    with store.read() as s:
        where: list[Any] = []
        if level == "field" or level == "procedure":
            col = Procedure.field_code if level == "field" else Procedure.code
            where.append(Dossier.procedure_id.in_(select(Procedure.id).where(col == (key or ""))))
        elif level == "clerk":
            where.append(Dossier.clerk_id.is_(None) if not key else Dossier.clerk_id == int(key))
        c = classified(scope_rows(s, s_at, e_at, where=tuple(where)), ref)
        d = Dossier
        q = (select(d.code, Procedure.name, Applicant.full_name, User.full_name, d.received_at, d.judged_due_at,
                    d.finished_at, d.supplement_count, c.c.outcome, c.c.fin_s)
             .join(d, d.id == c.c.id).join(Procedure, Procedure.id == d.procedure_id)
             .join(Applicant, Applicant.id == d.applicant_id).outerjoin(User, User.id == d.clerk_id)
             .order_by(d.received_at, d.id))
        if outcomes is not None:
            q = q.where(c.c.outcome.in_([CODES[o] for o in outcomes]))
        if limit is not None:
            q = q.limit(limit)
        by_code = {v: k for k, v in CODES.items()}
        return [DrillRow(code=r[0], procedure=r[1], applicant=r[2], clerk=r[3] or NO_CLERK,
                         received_at=to_vn(r[4]), judged_due_at=None if r[5] is None else to_vn(r[5]),
                         finished_at=None if r[6] is None or r[9] is None else to_vn(r[6]),
                         supplement_count=int(r[7] or 0), outcome=by_code[int(r[8])])
                for r in s.execute(q)]


# ---------------------------------------------------------------- export tables (plain data for XLSX)


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    widths: tuple[float, ...]


_COUNT_HEADS = (("received", "Tiếp nhận"), ("resolved", "Đã giải quyết"), ("early", "Trước hạn"),
                ("on_time", "Đúng hạn"), ("late", "Quá hạn"), ("in_time", "Đang giải quyết trong hạn"),
                ("clock_stopped", "Chờ bổ sung (dừng tính)"), ("overdue", "Đang quá hạn"),
                ("not_accepted", "Không tiếp nhận"), ("synced", "Đã đồng bộ"), ("disliked", "Không hài lòng"),
                ("digitised", "Đã số hóa"))


def export_sheets(card: Scorecard, drill: list[DrillRow]) -> list[Sheet]:
    """The scorecard as sheets: formulas, one sheet per level (office total last) and the dossiers."""
    sheets = [Sheet("766 - Công thức", ("Chỉ số", "Tên", "Công thức"),
                    tuple((f"{f.code} ({f.key})", f.name, f.formula) for f in FIGURES), (22, 48, 110))]
    heads = (*(f"{f.code} {f.name}" for f in FIGURES), *(h for _, h in _COUNT_HEADS))
    for level, label in LEVELS.items():
        rows = []
        for r in (*card.level(level), Row("", "Tổng cộng", card.total)):
            counts = counts_json(r.counts)
            rows.append((r.key, r.label, *(format_figure(r.counts, f.key) for f in FIGURES),
                         *(counts[k] for k, _ in _COUNT_HEADS)))
        sheets.append(Sheet(f"766 - {label}", ("Mã", label, *heads), tuple(rows),
                            (12, 44, *([18] * len(FIGURES)), *([12] * len(_COUNT_HEADS)))))
    sheets.append(Sheet("766 - Hồ sơ", ("Mã hồ sơ", "Thủ tục", "Người nộp", "Cán bộ tiếp nhận", "Tiếp nhận",
                                         "Hẹn trả (lần đầu)", "Kết thúc xử lý", "Số lần bổ sung", "Phân loại"),
                        tuple((r.code, r.procedure, r.applicant, r.clerk, _naive(r.received_at),
                               _naive(r.judged_due_at), _naive(r.finished_at), r.supplement_count, r.outcome_word)
                              for r in drill),
                        (24, 50, 26, 24, 18, 18, 18, 10, 30)))
    return sheets


def _naive(moment: datetime | None) -> datetime | None:
    """Vietnam wall-clock time for a spreadsheet cell (XLSX has no time zones)."""
    return None if moment is None else to_vn(moment).replace(tzinfo=None)
