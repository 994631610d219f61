"""The supervisor's report figures as plain data: what services compute and printing lays out.

Frozen dataclasses only (no I/O): ``services.reports`` and ``services.day_close`` fill them from
the database, ``printing`` renders them, the UI shows them. Living here (not in services) lets
printing take plain data without importing services (docs/architecture.md, import contracts).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

from counterdesk.domain.notice import rate_text as notice_rate_text

# ---------------------------------------------------------------- digitisation (Decision 766 group 4)


def rate_text(part: int, whole: int) -> str:
    """"12/15 (80,0 %)", or "—" when there is nothing to rate."""
    if not whole:
        return "—"
    return f"{part}/{whole} ({part / whole * 100:.1f} %)".replace(".", ",")


@dataclass(frozen=True)
class Digitisation:
    """Group 4 figures of a period (definitions: services/digitisation.py, their one home)."""

    dossiers: int = 0
    dossiers_with_digitised: int = 0
    dossiers_fully_digitised: int = 0
    components: int = 0
    components_digitised: int = 0
    components_reused: int = 0
    results: int = 0
    results_digitised: int = 0

    @property
    def component_rate(self) -> float | None:
        return self.dossiers_with_digitised / self.dossiers if self.dossiers else None

    @property
    def result_rate(self) -> float | None:
        return self.results_digitised / self.results if self.results else None

    @property
    def component_rate_text(self) -> str:
        return rate_text(self.dossiers_with_digitised, self.dossiers)

    @property
    def result_rate_text(self) -> str:
        return rate_text(self.results_digitised, self.results)


# ---------------------------------------------------------------- period statistics (Decision 766)


@dataclass(frozen=True)
class Counts:
    """One line of the statistics; sums so that groups add up exactly (docs/rules.md)."""

    carried_over: int = 0
    new_in_person: int = 0
    new_online: int = 0
    new_postal: int = 0
    not_accepted: int = 0  # refused or sent back at the counter (R1): not received
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending_in_time: int = 0
    pending_clock_stopped: int = 0
    pending_overdue: int = 0
    returned: int = 0
    withdrawn: int = 0
    refused: int = 0  # refused after acceptance (resolved, R2)
    processing_seconds: int = 0  # Σ (end − received − supplement wait) over resolved
    ratings: int = 0
    ratings_satisfied: int = 0
    disliked: int = 0  # dossiers rated "không hài lòng" in the period
    synced: int = 0  # received in the period and accepted by the portal (1.4)
    # 766 group 4: received in person or by post, accepted, with at least one paper stored as a scan
    # (services/digitisation.py); online dossiers need no scan (TT 03/2025 Art. 5(2))
    digitised: int = 0
    time_sum: float = 0.0  # Σ processing time of resolved dossiers in ``time_unit``
    time_unit: str = ""  # "" nothing resolved, a TIME_UNITS value, or "mixed"

    def __add__(self, other: Counts) -> Counts:
        values = {f.name: getattr(self, f.name) + getattr(other, f.name)
                  for f in fields(self) if f.name not in ("time_unit", "time_sum")}
        units = {u for u in (self.time_unit, other.time_unit) if u}
        unit = units.pop() if len(units) == 1 else ("mixed" if units else "")
        return Counts(**values, time_sum=self.time_sum + other.time_sum if unit != "mixed" else 0.0, time_unit=unit)

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
        return self.pending_in_time + self.pending_clock_stopped + self.pending_overdue

    @property
    def in_scope(self) -> int:
        return self.resolved + self.pending

    @property
    def on_time_rate(self) -> float | None:
        """Decision 766 indicator 2.1, as a fraction; None when nothing is in scope."""
        ok = self.early + self.on_time + self.pending_in_time + self.pending_clock_stopped
        return None if self.in_scope == 0 else ok / self.in_scope

    @property
    def avg_processing_hours(self) -> float | None:
        return None if self.resolved == 0 else self.processing_seconds / self.resolved / 3600

    @property
    def average_time(self) -> float | None:
        """Indicator 2.2 in ``time_unit``; None when nothing was resolved or units are mixed."""
        if self.resolved == 0 or self.time_unit in ("", "mixed"):
            return None
        return self.time_sum / self.resolved

    @property
    def satisfaction_rate(self) -> float | None:
        return None if self.ratings == 0 else self.ratings_satisfied / self.ratings

    @property
    def synced_rate(self) -> float | None:
        return None if self.new == 0 else self.synced / self.new

    @property
    def digitisable(self) -> int:
        """Dossiers whose papers the counter must digitise: new, in person or by post."""
        return self.new_in_person + self.new_postal

    @property
    def digitised_rate(self) -> float | None:
        return None if self.digitisable == 0 else self.digitised / self.digitisable

    @property
    def satisfaction_index(self) -> float | None:
        """5.4 as a fraction: 1 − late rate − dislike rate."""
        if self.in_scope == 0:
            return None
        return max(0.0, 1 - (self.late + self.pending_overdue) / self.in_scope - self.disliked / self.in_scope)


# ---------------------------------------------------------------- SQL helpers (dialect aware)


@dataclass(frozen=True)
class Row:
    key: str  # field code, procedure code or clerk id ("" for none)
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
    place_name: str = ""  # "<place>, ngày … tháng … năm …" under the motto
    head_title: str = ""  # the head's title in the signature block


# ---------------------------------------------------------------- daily intake log (Mẫu 07)


@dataclass(frozen=True)
class LogRow:
    stt: int | None
    code: str
    procedure: str
    applicant: str
    address_phone: str
    handling_unit: str
    received_at: datetime
    due_at: datetime | None  # the appointment in force (after a reschedule, the new one)
    returned_at: datetime | None
    delivery: str
    receiver: str
    log_book: str = ""  # Quyển số
    original_due_at: datetime | None = None  # the appointment promised on the receipt
    not_accepted: str = ""  # "Không tiếp nhận" / "Trả lại để bổ sung" for counter decisions

    @property
    def promised_at(self) -> datetime | None:
        """The appointment the receipt promised."""
        return self.original_due_at or self.due_at

    @property
    def rescheduled_at(self) -> datetime | None:
        """The new appointment given with an apology, when it differs from the promised one."""
        if self.due_at is None or self.promised_at is None or self.due_at == self.promised_at:
            return None
        return self.due_at


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
    notices_queued: int = 0
    notices_sent: int = 0
    fees_collected: int = 0  # whole đồng taken at the counter during the day (cash to hand over)
    fee_receipts: int = 0  # fee receipts (biên lai) written during the day
    # the day's dossiers by the one classification (docs/rules.md): not accepted at the counter, resolved
    # early / on time / late during the day, and those unfinished at the day's end that are overdue or waiting
    dossiers_not_accepted: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_overdue: int = 0
    pending_clock_stopped: int = 0
    digitisation: Digitisation = Digitisation()  # the day's dossiers and results scanned (766 group 4)

    @property
    def notice_rate(self) -> str:
        return notice_rate_text(self.notices_queued, self.notices_sent)

    @property
    def balanced(self) -> bool:
        return not any(self.discrepancy_counts.values())

    def summary_json(self) -> str:
        data = asdict(self)
        for key in ("discrepancies", "closed_at", "closed_by", "office_name", "parent_name"):
            data.pop(key)
        data["day"] = self.day.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
