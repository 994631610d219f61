"""Citizens' satisfaction ratings after a result is returned (Decision 766 group 5).

A rating belongs to the dossier and to the ticket the citizen was served on (the return-line
ticket of the day the result was handed over, else the intake ticket). One rating per dossier:
the kiosk must not let a single visitor stuff the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import exists, select

from counterdesk.domain import status as st
from counterdesk.domain.clock import business_day, now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Dossier, Rating, Ticket
from counterdesk.services.lookup import parse_scan
from counterdesk.store.uow import Store

VERY_SATISFIED, SATISFIED, DISSATISFIED = 3, 2, 1
SCORES: Final[dict[int, str]] = {VERY_SATISFIED: "Rất hài lòng", SATISFIED: "Hài lòng", DISSATISFIED: "Không hài lòng"}
MAX_REASON = 500


@dataclass(frozen=True)
class RatingInfo:
    id: int
    dossier_code: str
    ticket_id: int | None
    score: int
    score_name: str
    reason: str
    at: datetime


def rate(store: Store, code: str, score: int, reason: str = "", *, actor: Actor = SYSTEM_ACTOR,
         now: datetime | None = None) -> RatingInfo:
    """Record the citizen's rating of a returned dossier; a reason is required when dissatisfied."""
    actor.require("lookup.public")
    if score not in SCORES:
        raise InvalidInput("Vui lòng chọn một mức đánh giá.")
    if has_control_chars(reason.replace("\n", " ")):
        raise InvalidInput("Lý do chứa ký tự không hợp lệ.")
    reason = nfc(reason)
    if score == DISSATISFIED and not reason:
        raise InvalidInput("Vui lòng cho biết lý do ông/bà không hài lòng.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Lý do dài quá {MAX_REASON} ký tự.")
    at = now_vn() if now is None else to_vn(now)
    with store.write() as session:
        clean = parse_scan(session, code)
        dossier = session.scalars(select(Dossier).where(Dossier.code == clean).with_for_update()).first()
        if dossier is None:
            raise NotFound(f"Không tìm thấy hồ sơ mã {clean}.")
        if dossier.status != st.RETURNED or dossier.returned_at is None:
            raise Conflict("Chỉ đánh giá được sau khi đã nhận kết quả.")
        if session.scalar(select(exists().where(Rating.dossier_id == dossier.id))):
            raise Conflict("Hồ sơ này đã được đánh giá. Xin cảm ơn ông/bà!")
        ticket_id = session.scalar(
            select(Ticket.id).where(Ticket.business_day == business_day(dossier.returned_at),
                                    Ticket.dossier_code == dossier.code).order_by(Ticket.id.desc()).limit(1)
        ) or dossier.ticket_id
        row = Rating(dossier_id=dossier.id, ticket_id=ticket_id, at=at, score=score, reason=reason)
        session.add(row)
        session.flush()
        return RatingInfo(id=row.id, dossier_code=dossier.code, ticket_id=ticket_id, score=score,
                          score_name=SCORES[score], reason=reason, at=at)
