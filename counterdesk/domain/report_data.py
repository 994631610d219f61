"""The supervisor's report figures as plain data: what services compute and printing lays out.

Frozen dataclasses only (no I/O): ``services.reports`` and ``services.day_close`` fill them from
the database, ``printing`` renders them, the UI shows them. Living here (not in services) lets
printing take plain data without importing services (docs/architecture.md, import contracts).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

# ---------------------------------------------------------------- period statistics (Decision 766)


@dataclass(frozen=True)
class Counts:
    """One line of the statistics table; sums so that groups add up exactly."""

    carried_over: int = 0
    new_in_person: int = 0
    new_online: int = 0
    new_postal: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    returned: int = 0
    withdrawn: int = 0
    refused: int = 0
    processing_seconds: int = 0
    ratings: int = 0
    ratings_satisfied: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def new(self) -> int:
        return self.new_in_person + self.new_online + self.new_postal

    @property
    def received(self) -> int:
        return self.carried_over + self.new

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def pending(self) -> int:
        return self.pending_in_time + self.pending_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Decision 766 indicator 2.1, as a fraction; None when nothing is in scope."""
        scope = self.resolved + self.pending
        return None if scope == 0 else (self.early + self.on_time + self.pending_in_time) / scope

    @property
    def avg_processing_hours(self) -> float | None:
        return None if self.resolved == 0 else self.processing_seconds / self.resolved / 3600

    @property
    def satisfaction_rate(self) -> float | None:
        return None if self.ratings == 0 else self.ratings_satisfied / self.ratings


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    counts: Counts


@dataclass(frozen=True)
class QueueTimes:
    tickets: int = 0
    called: int = 0
    no_show: int = 0
    wait_seconds: int = 0
    served: int = 0
    serve_seconds: int = 0

    def __add__(self, other: QueueTimes) -> QueueTimes:
        return QueueTimes(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def avg_wait_minutes(self) -> float | None:
        return None if self.called == 0 else self.wait_seconds / self.called / 60

    @property
    def avg_serve_minutes(self) -> float | None:
        return None if self.served == 0 else self.serve_seconds / self.served / 60


@dataclass(frozen=True)
class QueueRow:
    key: str
    label: str
    times: QueueTimes


@dataclass(frozen=True)
class DayPoint:
    day: date
    received: int
    resolved: int
    resolved_in_time: int

    @property
    def on_time_rate(self) -> float | None:
        return None if self.resolved == 0 else self.resolved_in_time / self.resolved


@dataclass(frozen=True)
class PeriodReport:
    start: date
    end: date
    office_name: str
    parent_name: str
    generated_at: datetime
    total: Counts
    by_field: tuple[Row, ...]
    by_procedure: tuple[Row, ...]
    by_clerk: tuple[Row, ...]
    queue_total: QueueTimes
    queue_by_line: tuple[QueueRow, ...]
    queue_by_clerk: tuple[QueueRow, ...]
    daily: tuple[DayPoint, ...] = field(default=())


# ---------------------------------------------------------------- daily intake log (Mẫu 07)


@dataclass(frozen=True)
class LogRow:
    stt: int
    code: str
    procedure: str
    applicant: str
    address_phone: str
    handling_unit: str
    received_at: datetime
    due_at: datetime | None
    returned_at: datetime | None
    delivery: str
    receiver: str


@dataclass(frozen=True)
class DailyLog:
    day: date
    office_name: str
    parent_name: str
    field_code: str | None
    field_name: str
    rows: tuple[LogRow, ...]


# ---------------------------------------------------------------- day close reconciliation


KIND_LABELS = {
    "ticket_no_outcome": "Phiếu đã phục vụ nhưng không có hồ sơ và chưa kết thúc",
    "ticket_open": "Phiếu còn đang gọi/đang phục vụ khi chốt",
    "dossier_no_receipt": "Hồ sơ tiếp nhận chưa in giấy tiếp nhận",
    "dossier_no_outbox": "Hồ sơ không có bản ghi đồng bộ (outbox)",
    "outbox_quarantined": "Bản ghi đồng bộ bị cổng từ chối (cách ly)",
}


@dataclass(frozen=True)
class Discrepancy:
    kind: str
    ref: str
    detail: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Reconciliation:
    day: date
    office_name: str
    parent_name: str
    tickets_issued: int
    tickets_called: int
    tickets_served: int
    tickets_done: int
    tickets_no_show: int
    tickets_waiting: int
    dossiers_received: int
    receipts_printed: int
    outbox_accepted: int
    outbox_pending: int
    outbox_quarantined: int
    discrepancy_counts: dict[str, int]
    discrepancies: tuple[Discrepancy, ...]
    closed_at: datetime | None = None
    closed_by: str = ""

    @property
    def balanced(self) -> bool:
        return not any(self.discrepancy_counts.values())

    def summary_json(self) -> str:
        data = asdict(self)
        for key in ("discrepancies", "closed_at", "closed_by", "office_name", "parent_name"):
            data.pop(key)
        data["day"] = self.day.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
