"""The classification facts of a stored dossier (domain/classification.py), for every paper and
screen that shows whether a dossier is early, on time or late."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counterdesk.domain.classification import Facts, Outcome, classify
from counterdesk.domain.clock import now_vn, to_vn


def _vn(moment: datetime | None) -> datetime | None:
    return None if moment is None else to_vn(moment)


def facts_of(dossier: Any) -> Facts:
    """Facts from a Dossier row (ORM object or a result row with the same attribute names)."""
    return Facts(
        accepted=bool(dossier.accepted), judged_due_at=_vn(dossier.judged_due_at),
        finished_at=_vn(dossier.finished_at), supplement_count=int(dossier.supplement_count or 0),
        supplement_requested_at=_vn(dossier.supplement_requested_at),
        supplement_completed_at=_vn(dossier.supplement_completed_at),
    )


def outcome_of(dossier: Any, at: datetime | None = None) -> Outcome:
    """The dossier's outcome now (or as of ``at``)."""
    return classify(facts_of(dossier), to_vn(at) if at is not None else now_vn())
