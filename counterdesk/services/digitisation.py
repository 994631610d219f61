"""Decision 766 group 4 (số hoá hồ sơ) for a period: how many papers were digitised at the counter.

Definitions (legal-rules.md §8, TT 03/2025 Art. 5(2)), for dossiers received in [start, end):

* scope: dossiers accepted at the counter or by post (KenhThucHien ≠ 2: online dossiers arrive
  already electronic and need no scan), not refused (status 3);
* **components** = their listed papers; **digitised** = marked ``digitised`` (DuocSoHoa);
  **reused** = of those, taken from an earlier scan of the same citizen;
* **dossiers with a digitised component** (HoSoCoThanhPhanSoHoa) and **fully digitised** dossiers;
* **component rate** = dossiers with a digitised component / dossiers in scope (766 gives full marks
  from 80 %);
* **results**: dossiers whose result came (status 9 or 10) with ``finished_at`` in the period, and
  of those the ones with a scanned result.

The scorecard and the day close are meant to show these figures; this module only computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from counterdesk.domain import status as st
from counterdesk.models import Dossier, DossierAttachment
from counterdesk.services.attachments import RESULT
from counterdesk.store.uow import Store

ONLINE_CHANNEL = 2  # KenhThucHien 2 (trực tuyến)


@dataclass(frozen=True)
class Digitisation:
    dossiers: int
    dossiers_with_digitised: int
    dossiers_fully_digitised: int
    components: int
    components_digitised: int
    components_reused: int
    results: int
    results_digitised: int

    @property
    def component_rate(self) -> float | None:
        return self.dossiers_with_digitised / self.dossiers if self.dossiers else None

    @property
    def result_rate(self) -> float | None:
        return self.results_digitised / self.results if self.results else None


def period(store: Store, start: datetime, end: datetime) -> Digitisation:
    """The figures for dossiers received (results: finished) in [start, end)."""
    with store.read() as session:
        docs = session.scalars(select(Dossier.documents).where(
            Dossier.received_at >= start, Dossier.received_at < end, Dossier.status != st.REFUSED,
            (Dossier.channel.is_(None)) | (Dossier.channel != ONLINE_CHANNEL))).all()
        has_result = exists().where(DossierAttachment.dossier_id == Dossier.id,
                                    DossierAttachment.kind == RESULT)
        results = session.execute(select(has_result).where(
            Dossier.status.in_(st.HAS_RESULT), Dossier.finished_at >= start, Dossier.finished_at < end)).scalars().all()
    components = digitised = reused = with_any = full = 0
    for listed in docs:
        marks = [bool(d.get("digitised")) for d in listed or []]
        components += len(marks)
        digitised += sum(marks)
        reused += sum(1 for d in listed or [] if d.get("digitised") and d.get("reused"))
        with_any += any(marks)
        full += bool(marks) and all(marks)
    return Digitisation(len(docs), with_any, full, components, digitised, reused,
                        len(results), sum(1 for r in results if r))
