"""The one classification (domain/classification.py) on hand-computed boundaries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counterdesk.domain import status as st
from counterdesk.domain.classification import Facts, Outcome, classify, end_of_processing, judge, word
from tests.classification_cases import CASES, DUE, PERIOD_END, Case
from tests.factories import vn


def _facts(case: Case) -> Facts:
    return Facts(accepted=case.accepted, judged_due_at=case.judged_due_at, finished_at=case.finished_at,
                 supplement_count=case.supplement_count, supplement_requested_at=case.supplement_requested_at,
                 supplement_completed_at=case.supplement_completed_at)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_boundary(case: Case) -> None:
    assert classify(_facts(case), PERIOD_END) is case.expected


def test_unfinished_when_the_period_ends_before_the_end_of_processing() -> None:
    facts = Facts(accepted=True, judged_due_at=DUE, finished_at=vn("2026-12-02T08:00"))
    assert classify(facts, PERIOD_END) is Outcome.OVERDUE
    assert classify(facts, vn("2026-11-13T09:00")) is Outcome.IN_TIME


def test_supplement_completed_after_the_period_end_still_stops_the_clock() -> None:
    facts = Facts(accepted=True, judged_due_at=DUE, finished_at=None, supplement_count=1,
                  supplement_requested_at=vn("2026-11-12T10:00"), supplement_completed_at=vn("2026-12-03T08:00"))
    assert classify(facts, PERIOD_END) is Outcome.CLOCK_STOPPED
    # judged at the request moment (12/11 10:00, the day before the due day): the wait never counts
    assert judge(facts, PERIOD_END) is Outcome.EARLY


def test_end_of_processing_priority() -> None:
    t = vn("2026-11-12T08:00")
    assert end_of_processing([(st.IN_PROGRESS, t), (st.RETURNED, t + timedelta(hours=2)),
                              (st.DONE, t + timedelta(hours=5))]) == t + timedelta(hours=5)
    assert end_of_processing([(st.STOPPED, t), (st.RETURNED, t + timedelta(hours=1))]) == t + timedelta(hours=1)
    assert end_of_processing([(st.REFUSED, t + timedelta(hours=1)), (st.WITHDRAWN, t)]) == t
    assert end_of_processing([(st.IN_PROGRESS, t)]) is None


def test_words_are_the_same_everywhere() -> None:
    assert (word("early"), word(Outcome.ON_TIME), word("late")) == ("Trước hạn", "Đúng hạn", "Quá hạn")
    assert word("nonsense") == ""
