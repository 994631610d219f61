"""The day close shows the day's digitisation (Decision 766 group 4) on screen and in print, with
the figures services/digitisation.py gives for the same day (both DBs)."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select

from counterdesk.domain import status as st
from counterdesk.domain.report_data import Digitisation
from counterdesk.domain.roles import Actor
from counterdesk.models import DayClose, DossierAttachment, User
from counterdesk.printing import day_close as day_close_pdf
from counterdesk.services import day_close, digitisation
from counterdesk.services.overview import day_bounds
from counterdesk.store.uow import Store
from tests.factories import make_dossier, vn

DAY = date(2026, 11, 10)


def _docs(*marks: tuple[bool, bool]) -> list[dict[str, object]]:
    return [{"name": f"Giấy {i}", "originals": 1, "copies": 0, "digitised": done, "reused": reused}
            for i, (done, reused) in enumerate(marks)]


def _scan(s: object, dossier_id: int, kind: str, name: str) -> None:
    """A stored scan, as services/attachments writes one with the component's digitised mark."""
    s.add(DossierAttachment(dossier_id=dossier_id, document_name=name, kind=kind, sha256="a" * 64, size=10,  # type: ignore[attr-defined]
                            pages=1, media_type="application/pdf", created_at=datetime.now(UTC)))


def _seed(store: Store) -> None:
    with store.write() as s:
        full = make_dossier(s, received_at=vn("2026-11-10T08:10"), due_at=vn("2026-11-13T08:10"))
        full.documents = _docs((True, False), (True, True))
        _scan(s, full.id, "component", "Giấy 0")
        _scan(s, full.id, "component", "Giấy 1")
        half = make_dossier(s, received_at=vn("2026-11-10T09:00"), due_at=vn("2026-11-13T09:00"))
        half.documents = _docs((True, False), (False, False))
        _scan(s, half.id, "component", "Giấy 0")
        none = make_dossier(s, received_at=vn("2026-11-10T10:00"), due_at=vn("2026-11-13T10:00"))
        none.documents = _docs((False, False))
        online = make_dossier(s, received_at=vn("2026-11-10T11:00"), due_at=vn("2026-11-13T11:00"), channel=2)
        online.documents = _docs((False, False))  # online papers arrive electronic: not counted
        other_day = make_dossier(s, received_at=vn("2026-11-11T08:00"), due_at=vn("2026-11-14T08:00"))
        other_day.documents = _docs((True, False))
        _scan(s, other_day.id, "component", "Giấy 0")
        for at, scanned in (("2026-11-10T14:00", True), ("2026-11-10T15:00", False)):
            done = make_dossier(s, received_at=vn("2026-11-03T08:00"), due_at=vn("2026-11-12T08:00"),
                                status=st.RETURNED, finished_at=vn(at))
            if scanned:
                _scan(s, done.id, "result", "Kết quả giải quyết")


def test_day_close_carries_the_digitisation_of_the_day(store: Store) -> None:
    _seed(store)
    rec = day_close.reconcile(store, DAY)
    assert rec.digitisation == Digitisation(dossiers=3, dossiers_with_digitised=2, dossiers_fully_digitised=1,
                                            components=5, components_digitised=3, components_reused=1,
                                            results=2, results_digitised=1)
    assert rec.digitisation == digitisation.period(store, *day_bounds(DAY))  # one home for the rule
    assert rec.digitisation.component_rate_text == "2/3 (66,7 %)"
    assert rec.digitisation.result_rate_text == "1/2 (50,0 %)"
    assert day_close.reconcile(store, date(2026, 11, 12)).digitisation.component_rate_text == "—"


def test_signed_close_keeps_the_figures_and_prints_them(store: Store) -> None:
    _seed(store)
    with store.read() as s:
        boss = s.scalars(select(User).where(User.role == "supervisor")).first()
        assert boss is not None
        actor = Actor(boss.id, boss.username, boss.role)
    rec = day_close.close_day(store, actor, DAY)
    with store.read() as s:
        summary = json.loads(s.scalars(select(DayClose.summary)).one())
    assert summary["digitisation"]["components_digitised"] == 3 and summary["digitisation"]["results"] == 2
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(day_close_pdf.render(rec))).pages)
    assert "Số hoá hồ sơ" in text and "2/3 (66,7 %)" in text and "1/2 (50,0 %)" in text
