"""One classification of a dossier for every figure and paper (Decision 766 indicator 2.1).

The statistics, the book, Mẫu 06, the return slip, the kiosk and the day close all ask this
module, so a dossier is "trước hạn", "đúng hạn" or "quá hạn" in the same words everywhere. The
rules and their sources are written out in docs/rules.md; the period statistics evaluate the same
rules in SQL (services/statistics.py) and the integration tests check both agree dossier by dossier.

Rules (legal-rules.md §8, "Reading §8 for a counter's own statistics"):

* only accepted dossiers are received; one refused or sent back at the counter is ``NOT_ACCEPTED``;
* the end of processing is the first terminal status, with 766's priority (``end_of_processing``);
* the judged due moment is the first receipt's (``judged_due_at``): neither a supplement restart
  nor an apology's new date moves it;
* one supplement request: the wait (completed − requested) is subtracted; while it is still
  awaited the clock is stopped and the dossier is judged at the request moment; more than one
  request: late;
* early ⇔ the adjusted end falls on a Vietnamese calendar day before the due day; on time ⇔ at or
  before the due moment; late ⇔ after it (one second past the due minute is late). No due moment
  (result given on the spot) ⇔ on time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from counterdesk.domain import status as st
from counterdesk.domain.clock import business_day, to_vn


class Outcome(StrEnum):
    NOT_ACCEPTED = "not_accepted"
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    IN_TIME = "in_time"  # in progress, within time
    OVERDUE = "overdue"  # in progress, past the due moment
    CLOCK_STOPPED = "clock_stopped"  # in progress, waiting for its one supplement


RESOLVED: Final = frozenset({Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE})
IN_PROGRESS: Final = frozenset({Outcome.IN_TIME, Outcome.OVERDUE, Outcome.CLOCK_STOPPED})
# Counted as "finished or still in time" in the 2.1 numerator.
IN_TIME: Final = frozenset({Outcome.EARLY, Outcome.ON_TIME, Outcome.IN_TIME, Outcome.CLOCK_STOPPED})

# The words printed and shown for each outcome (papers, screens, exports).
WORDS: Final[dict[Outcome, str]] = {
    Outcome.NOT_ACCEPTED: "Không tiếp nhận",
    Outcome.EARLY: "Trước hạn",
    Outcome.ON_TIME: "Đúng hạn",
    Outcome.LATE: "Quá hạn",
    Outcome.IN_TIME: "Đang giải quyết – trong hạn",
    Outcome.OVERDUE: "Đang giải quyết – quá hạn",
    Outcome.CLOCK_STOPPED: "Chờ bổ sung – dừng tính thời gian",
}

# Decision 766: among the terminal statuses a dossier reached, the first moment of the highest.
END_PRIORITY: Final[tuple[frozenset[int], ...]] = (
    frozenset({st.DONE}), frozenset({st.RETURNED}), frozenset({st.STOPPED, st.REFUSED, st.WITHDRAWN}),
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the classification needs to know about one dossier (moments aware or naive VN)."""

    accepted: bool
    judged_due_at: datetime | None  # the first receipt's due moment; None: result on the spot
    finished_at: datetime | None  # end of processing (end_of_processing)
    supplement_count: int = 0  # requests after acceptance
    supplement_requested_at: datetime | None = None  # the first request
    supplement_completed_at: datetime | None = None  # the complete dossier back after it


def end_of_processing(statuses: Iterable[tuple[int, datetime]]) -> datetime | None:
    """The end of processing from a dossier's (status reached, moment) history (766 §2.1):
    Đã xử lý xong > Đã trả kết quả > Dừng/Từ chối/Rút, each at its first moment."""
    seen = list(statuses)
    for group in END_PRIORITY:
        moments = [at for status, at in seen if status in group]
        if moments:
            return min(moments)
    return None


def supplement_wait(facts: Facts, moment: datetime) -> timedelta:
    """Time spent waiting for the one supplement before ``moment`` (subtracted from the clock)."""
    asked = facts.supplement_requested_at
    if facts.supplement_count != 1 or asked is None or asked >= moment:
        return timedelta()
    back = facts.supplement_completed_at
    until = moment if back is None or back > moment else back
    return until - asked


def judge(facts: Facts, moment: datetime) -> Outcome:
    """Early / on time / late of a processing that ends at ``moment`` (also a hand-over step's
    result on Mẫu 06)."""
    if facts.supplement_count > 1:
        return Outcome.LATE
    due = facts.judged_due_at
    if due is None:
        return Outcome.ON_TIME
    adjusted = moment - supplement_wait(facts, moment)
    if adjusted > due:
        return Outcome.LATE
    return Outcome.EARLY if business_day(adjusted) < business_day(to_vn(due)) else Outcome.ON_TIME


def classify(facts: Facts, at: datetime) -> Outcome:
    """The dossier's outcome as of ``at`` (the end of the period, or now if earlier)."""
    if not facts.accepted:
        return Outcome.NOT_ACCEPTED
    if facts.finished_at is not None and facts.finished_at < at:
        return judge(facts, facts.finished_at)
    if facts.supplement_count > 1:
        return Outcome.OVERDUE
    waiting = (facts.supplement_count == 1 and facts.supplement_requested_at is not None
               and facts.supplement_requested_at < at
               and (facts.supplement_completed_at is None or facts.supplement_completed_at >= at))
    if judge(facts, at) is Outcome.LATE:
        return Outcome.OVERDUE
    return Outcome.CLOCK_STOPPED if waiting else Outcome.IN_TIME


def word(outcome: Outcome | str) -> str:
    """The Vietnamese word of an outcome ("" for an unknown value)."""
    try:
        return WORDS[Outcome(outcome)]
    except ValueError:
        return ""
