"""Fees at the counter: what a dossier owes, what was collected, and the fee register.

The rule lives in the catalogue (``Procedure.fee_rule``, syntax in domain/fees.py); intake computes
the amount from the pages and copies the clerk enters and keeps both on the dossier so the figure
can always be explained. Collecting is its own use case: the amount and the fee receipt's number
(biên lai thu phí, lệ phí) are recorded with an event and an audit entry, once; the register and
the day close read them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterdesk.domain import fees
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.domain.text import has_control_chars, nfc
from counterdesk.models import Applicant, Dossier, DossierEvent, Procedure, User
from counterdesk.printing.fee_register import FeeRegister, RegisterRow
from counterdesk.services import audit
from counterdesk.services.settings import office
from counterdesk.store.uow import Store

MAX_RECEIPT_NO = 40


def rule_of(proc: Procedure) -> fees.FeeRule:
    """The procedure's rule; a catalogue from before fee rules keeps its single amount as a flat fee."""
    return fees.parse(proc.fee_rule, legacy_fee=proc.fee)


def quote_for(proc: Procedure, *, pages: int = 0, copies: int = 0, exemption: str = "",
              explicit: int | None = None) -> fees.FeeQuote:
    """The fee intake records. Pages/copies not given count as 1 (the least a case can cost), and
    the explanation says so; an explicit amount (the clerk typed it) wins over the rule."""
    if pages < 0 or copies < 0:
        raise InvalidInput("Số trang và số bản không được âm.", field="pages" if pages < 0 else "copies")
    if exemption.strip():
        return fees.quote(fees.NO_FEE, exemption=exemption)
    if explicit is not None:
        return fees.FeeQuote(explicit, f"{fees.money(explicit)} — nhập tại quầy")
    rule = rule_of(proc)
    return fees.quote(rule, pages=max(pages, 1), copies=max(copies, 1))


def procedure_rule(store: Store, procedure_code: str) -> fees.FeeRule:
    """The rule of a procedure (the form shows pages/copies only when the rule needs them)."""
    with store.read() as session:
        proc = session.scalars(select(Procedure).where(Procedure.code == procedure_code.strip())).first()
        if proc is None:
            raise NotFound(f"Không có thủ tục mã {procedure_code}.", field="procedure")
        return rule_of(proc)


def quote(store: Store, procedure_code: str, *, pages: int = 0, copies: int = 0,
          exemption: str = "") -> fees.FeeQuote:
    """What the intake form shows as the clerk types the pages and copies."""
    with store.read() as session:
        proc = session.scalars(select(Procedure).where(Procedure.code == procedure_code.strip())).first()
        if proc is None:
            raise NotFound(f"Không có thủ tục mã {procedure_code}.", field="procedure")
        return quote_for(proc, pages=pages, copies=copies, exemption=exemption)


@dataclass(frozen=True, slots=True)
class Payment:
    code: str
    fee: int
    paid: int
    receipt_no: str
    paid_at: datetime


def record_payment(store: Store, code: str, *, amount: int, receipt_no: str, actor: Actor,
                   at: datetime | None = None) -> Payment:
    """Record the fee collected for a dossier, once; a second collection is refused, not added."""
    actor.require("fee.collect")
    receipt_no = nfc(receipt_no)
    if not receipt_no or len(receipt_no) > MAX_RECEIPT_NO or has_control_chars(receipt_no):
        raise InvalidInput(f"Số biên lai thu phí là bắt buộc (tối đa {MAX_RECEIPT_NO} ký tự).", field="receipt_no")
    if isinstance(amount, bool) or not 0 < amount <= fees.MAX_AMOUNT:
        raise InvalidInput("Số tiền thu phải lớn hơn 0 và không quá 100.000.000 đồng.", field="amount")
    moment = to_vn(at) if at is not None else now_vn()
    with store.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code.strip().upper())).first()
        if dossier is None:
            raise NotFound(f"Không có hồ sơ mã {code}.", field="code")
        if dossier.fee_paid:
            raise Conflict(f"Hồ sơ {dossier.code} đã thu {fees.money(dossier.fee_paid)} "
                           f"(biên lai {dossier.fee_receipt_no}); không thu lần hai.")
        if dossier.fee == 0:  # exempt, free, or never accepted (refused/sent back at the counter)
            reason = f" (miễn: {dossier.fee_exemption})" if dossier.fee_exemption else ""
            raise Conflict(f"Hồ sơ {dossier.code} không phải nộp phí, lệ phí{reason}.")
        if amount != dossier.fee:
            raise InvalidInput(f"Số tiền thu ({fees.money(amount)}) khác số phải nộp "
                               f"({fees.money(dossier.fee)}).", field="amount")
        dossier.fee_paid, dossier.fee_receipt_no, dossier.fee_paid_at = amount, receipt_no, moment
        session.add(DossierEvent(dossier_id=dossier.id, at=moment, user_id=actor.user_id, kind="fee_paid",
                                 note=f"Thu {fees.money(amount)}, biên lai {receipt_no}",
                                 data={"amount": amount, "receipt_no": receipt_no}))
        audit.append(session, actor, "fee.paid", "dossier", dossier.code, f"{amount} {receipt_no}")
        return Payment(dossier.code, dossier.fee, amount, receipt_no, moment)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.", field="to")
    tz = now_vn().tzinfo
    return datetime.combine(start, time(0), tz), datetime.combine(end + timedelta(days=1), time(0), tz)


def register(store: Store, start: date, end: date, actor: Actor) -> FeeRegister:
    """The fee register of a period (inclusive days), for print or export."""
    actor.require("report.view")
    s_at, e_at = _bounds(start, end)
    d = Dossier
    with store.read() as session:
        paid_event = (select(DossierEvent.dossier_id, func.max(DossierEvent.user_id).label("user_id"))
                      .where(DossierEvent.kind == "fee_paid").group_by(DossierEvent.dossier_id).subquery())
        rows = session.execute(
            select(d.fee_paid_at, d.fee_receipt_no, d.code, Applicant.full_name, Procedure.name, d.fee_paid,
                   User.full_name)
            .join(Applicant, Applicant.id == d.applicant_id).join(Procedure, Procedure.id == d.procedure_id)
            .outerjoin(paid_event, paid_event.c.dossier_id == d.id)
            .outerjoin(User, User.id == paid_event.c.user_id)
            .where(d.fee_paid_at >= s_at, d.fee_paid_at < e_at).order_by(d.fee_paid_at, d.id)
        ).all()
        exempted = session.scalar(select(func.count()).select_from(d).where(
            d.received_at >= s_at, d.received_at < e_at, d.fee_exemption != "")) or 0
        off = office(session)
        office_name, parent_name = off.name, off.parent_name
    return FeeRegister(office_name, parent_name, start, end, tuple(
        RegisterRow(to_vn(at), no, code, name, proc, amount, clerk or "")
        for at, no, code, name, proc, amount, clerk in rows if at is not None), int(exempted), now_vn())


def collected_between(session: Session, start: datetime, end: datetime) -> tuple[int, int]:
    """(amount, number of collections) recorded in [start, end): the day close's cash line."""
    total, count = session.execute(
        select(func.coalesce(func.sum(Dossier.fee_paid), 0), func.count())
        .where(Dossier.fee_paid_at >= start, Dossier.fee_paid_at < end)
    ).one()
    return int(total), int(count)


def cash_total(store: Store, day: date) -> tuple[int, int]:
    """(amount, number of collections) taken at the counter on ``day``."""
    s_at, e_at = _bounds(day, day)
    with store.read() as session:
        return collected_between(session, s_at, e_at)
