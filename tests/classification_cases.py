"""Hand-computed classification boundaries, shared by the domain unit tests and the SQL
integration tests (each case's outcome is worked out in its comment; docs/rules.md R1–R9).

Period: November 2026; judged at the period's end (2026-12-01 00:00, Vietnam time). Unless said,
received 10/11 09:00 with the first receipt's due moment 13/11 10:00.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from counterdesk.domain import status as st
from counterdesk.domain.classification import Outcome
from tests.factories import vn

PERIOD_END = vn("2026-12-01T00:00")
RECEIVED = vn("2026-11-10T09:00")
DUE = vn("2026-11-13T10:00")


@dataclass(frozen=True)
class Case:
    name: str
    expected: Outcome
    status: int
    finished_at: datetime | None = None
    accepted: bool = True
    judged_due_at: datetime | None = DUE
    received_at: datetime = RECEIVED
    supplement_count: int = 0
    supplement_requested_at: datetime | None = None
    supplement_completed_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other dossier columns (rescheduled due…)
    portal: bool = False  # the final status arrives from the portal pull (4 → 10)


CASES: tuple[Case, ...] = (
    # R1: refused / sent back at the counter: never received
    Case("counter_send_back", Outcome.NOT_ACCEPTED, st.SUPPLEMENT, accepted=False, judged_due_at=None,
         supplement_count=1),
    Case("counter_refusal", Outcome.NOT_ACCEPTED, st.REFUSED, finished_at=RECEIVED, accepted=False,
         judged_due_at=None),
    # R2: refusal after review ends processing: 12/11 is a day before the due day → early
    Case("refused_after_review", Outcome.EARLY, st.REFUSED, finished_at=vn("2026-11-12T09:00")),
    # R5: exactly at the due minute → on time; one minute after → late
    Case("finished_at_due_minute", Outcome.ON_TIME, st.DONE, finished_at=DUE),
    Case("one_minute_after_due", Outcome.LATE, st.DONE, finished_at=DUE + timedelta(minutes=1)),
    # R5: same day as the due moment, before it → on time (not early); the day before → early
    Case("same_day_before_due", Outcome.ON_TIME, st.DONE, finished_at=vn("2026-11-13T08:00")),
    Case("day_before_due_evening", Outcome.EARLY, st.DONE, finished_at=vn("2026-11-12T23:59")),
    # R4: one request, 24 h wait: finished 14/11 09:00 − 24 h = 13/11 09:00 ≤ due → on time
    Case("one_supplement", Outcome.ON_TIME, st.DONE, finished_at=vn("2026-11-14T09:00"), supplement_count=1,
         supplement_requested_at=vn("2026-11-11T10:00"), supplement_completed_at=vn("2026-11-12T10:00")),
    # R4: two requests → late although finished two days before the due moment
    Case("two_supplements", Outcome.LATE, st.DONE, finished_at=vn("2026-11-11T10:00"), supplement_count=2,
         supplement_requested_at=vn("2026-11-10T10:00"), supplement_completed_at=vn("2026-11-10T15:00")),
    # R7: waiting for its one supplement at the period end (asked 12/11, before the due): clock stopped
    Case("clock_stopped_at_period_end", Outcome.CLOCK_STOPPED, st.SUPPLEMENT, supplement_count=1,
         supplement_requested_at=vn("2026-11-12T10:00")),
    # R7: the request itself came after the due moment → overdue while waiting
    Case("supplement_asked_after_due", Outcome.OVERDUE, st.SUPPLEMENT, supplement_count=1,
         supplement_requested_at=vn("2026-11-14T10:00")),
    # R3: apology gave 20/11; judged against 13/11 10:00 → finished 18/11 is late
    Case("rescheduled", Outcome.LATE, st.DONE, finished_at=vn("2026-11-18T10:00"),
         extra={"due_at": vn("2026-11-20T10:00"), "original_due_at": DUE, "rescheduled": True}),
    # R8: 4 → 10 pulled from the portal, NgayKetThucXuLy 13/11 09:30 → on time
    Case("pulled_from_portal_4_to_10", Outcome.ON_TIME, st.IN_PROGRESS, finished_at=vn("2026-11-13T09:30"),
         portal=True),
    # R7: unfinished: due 10/12 → in time at the period end; due 25/11 → overdue
    Case("in_progress_in_time", Outcome.IN_TIME, st.IN_PROGRESS, received_at=vn("2026-11-25T08:00"),
         judged_due_at=vn("2026-12-10T10:00")),
    Case("in_progress_overdue", Outcome.OVERDUE, st.IN_PROGRESS, received_at=vn("2026-11-20T08:00"),
         judged_due_at=vn("2026-11-25T10:00")),
    # R3: result on the spot, no due moment → on time
    Case("result_on_the_spot", Outcome.ON_TIME, st.RETURNED, finished_at=RECEIVED, judged_due_at=None),
    # R2: withdrawal of an accepted dossier ends processing (16/11 > due) → late
    Case("withdrawn_after_due", Outcome.LATE, st.WITHDRAWN, finished_at=vn("2026-11-16T08:00")),
)
