"""Decision 766 group 4 has one rule (services/digitisation.py): the scorecard and the day close
give the same digitised dossiers and the same scope for the same days (both DBs)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from counterdesk.domain import status as st
from counterdesk.models import DossierAttachment
from counterdesk.services import digitisation, scorecard
from counterdesk.services.overview import day_bounds
from counterdesk.store.uow import Store
from tests.factories import make_dossier, vn

DAY = date(2026, 11, 10)


def _scan(s: object, dossier_id: int) -> None:
    s.add(DossierAttachment(dossier_id=dossier_id, document_name="Tờ khai", kind="component",  # type: ignore[attr-defined]
                            sha256="b" * 64, size=10, pages=1, media_type="application/pdf",
                            created_at=datetime.now(UTC)))


def test_scorecard_and_day_close_count_digitised_dossiers_alike(store: Store) -> None:
    with store.write() as s:
        for hour, channel, scanned in ((8, 1, True), (9, 1, False), (10, 3, True), (11, 2, True), (13, 2, False)):
            d = make_dossier(s, received_at=vn(f"2026-11-10T{hour:02d}:00"), due_at=vn("2026-11-13T16:00"),
                             channel=channel)
            d.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0, "digitised": scanned}]
            if scanned:
                _scan(s, d.id)
        # refused at the counter: never accepted, its papers never entered the office
        refused = make_dossier(s, received_at=vn("2026-11-10T14:00"), due_at=None, status=st.REFUSED,
                               accepted=False)
        refused.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0, "digitised": False}]
    day = digitisation.period(store, *day_bounds(DAY))
    card = scorecard.scorecard(store, DAY, DAY, now=vn("2026-11-20T08:00"))
    # in scope: the two in person and the postal one; online and refused are left out on both sides
    assert (day.dossiers, day.dossiers_with_digitised) == (3, 2)
    assert (card.total.digitisable, card.total.digitised) == (day.dossiers, day.dossiers_with_digitised)
    assert card.total.digitised_rate == day.component_rate
    assert scorecard.to_json(card)["total"]["digitised_rate"] == 66.67
