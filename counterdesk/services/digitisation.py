"""Decision 766 group 4 (số hoá hồ sơ) for a period: how many papers were digitised at the counter.

Definitions (legal-rules.md §8, TT 03/2025 Art. 5(2)), for dossiers received in [start, end):

* scope: dossiers accepted (not refused or sent back at the counter: those papers never entered
  the office), in person or by post (KenhThucHien ≠ 2: online dossiers arrive already electronic
  and need no scan) — ``in_scope``;
* **components** = their listed papers; **digitised** = marked ``digitised`` (DuocSoHoa);
  **reused** = of those, taken from an earlier scan of the same citizen;
* **dossiers with a digitised component** (HoSoCoThanhPhanSoHoa: a component scan is stored —
  ``has_component_scan``) and **fully digitised** dossiers;
* **component rate** = dossiers with a digitised component / dossiers in scope (766 gives full marks
  from 80 %);
* **results**: dossiers whose result came (status 9 or 10) with ``finished_at`` in the period, and
  of those the ones with a scanned result.

This module is the rules' one home: the day close (services/day_close.py, its screen and print)
takes the figures from here (a plain ``domain.report_data.Digitisation``), and the Decision 766
scorecard (services/statistics.py) counts its digitised dossiers with ``in_scope`` and
``has_component_scan``, so both say the same rate for the same days.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.report_data import Digitisation
from counterdesk.models import Dossier, DossierAttachment
from counterdesk.models.attachment import COMPONENT, RESULT
from counterdesk.store.uow import Store

ONLINE_CHANNEL = 2  # KenhThucHien 2 (trực tuyến)


def in_scope(d: type[Dossier] = Dossier) -> ColumnElement[bool]:
    """Dossiers whose papers the counter is expected to digitise (see the module docstring)."""
    return and_(d.accepted, or_(d.channel.is_(None), d.channel != ONLINE_CHANNEL))


def has_component_scan(d: type[Dossier] = Dossier) -> ColumnElement[bool]:
    """At least one paper of the dossier is stored as a scan (written with its digitised mark)."""
    return exists().where(DossierAttachment.dossier_id == d.id, DossierAttachment.kind == COMPONENT)


def period(store: Store, start: datetime, end: datetime) -> Digitisation:
    """The figures for dossiers received (results: finished) in [start, end)."""
    with store.read() as session:
        return figures(session, start, end)


def figures(session: Session, start: datetime, end: datetime) -> Digitisation:
    """The same figures inside a caller's transaction (the day close reads them with the rest)."""
    docs = session.execute(select(Dossier.documents, has_component_scan()).where(
        Dossier.received_at >= start, Dossier.received_at < end, in_scope())).all()
    has_result = exists().where(DossierAttachment.dossier_id == Dossier.id, DossierAttachment.kind == RESULT)
    results = session.execute(select(has_result).where(
        Dossier.status.in_(st.HAS_RESULT), Dossier.finished_at >= start, Dossier.finished_at < end)).scalars().all()
    components = digitised = reused = with_any = full = 0
    for listed, scanned in docs:
        marks = [bool(d.get("digitised")) for d in listed or []]
        components += len(marks)
        digitised += sum(marks)
        reused += sum(1 for d in listed or [] if d.get("digitised") and d.get("reused"))
        with_any += bool(scanned)
        full += bool(marks) and all(marks)
    return Digitisation(len(docs), with_any, full, components, digitised, reused,
                        len(results), sum(1 for r in results if r))
