"""Citizen SMS notices as use cases: queue one with the change that causes it, send what is due
within the office's hours, show the ledger, retry, opt out, and the day's delivery rate.

A notice is queued by :func:`queue` inside the caller's transaction (result ready, supplement
requested, apology with the new date, optionally the receipt): it exists exactly when the change
does. The text is rendered then, from the administrator's template, and never changes after, so a
resend carries the same key and the same body. The phone number lives only in the notice's
payload: logs, the ledger and the CLI show it masked.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, select
from sqlalchemy.orm import Session

from counterdesk.domain import notice as nt
from counterdesk.domain.clock import now_vn, to_vn
from counterdesk.domain.errors import DomainError, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.models import Applicant, Dossier, Notice, NoticeOptOut
from counterdesk.services import audit, settings
from counterdesk.services.sync_admin import STATES, PortalConfig, make_adapter, queue_counts, requeue
from counterdesk.store.uow import Store
from counterdesk.sync.engine import RetryPolicy, SyncReport
from counterdesk.sync.notify import LAST_ERROR_KEY, LAST_SUCCESS_KEY, GatewayAdapter, NotifyEngine

STATE_LABELS = {"pending": "Chờ gửi", "sending": "Đang gửi", "accepted": "Đã gửi",
                "quarantined": "Bị từ chối (cách ly)"}


def _on(session: Session, key: str) -> bool:
    return settings.read(session, key) == "true"


def _values(session: Session, dossier: Dossier, kind: str, papers: str, at: datetime) -> dict[str, str] | None:
    off = settings.office(session)
    values = {"code": dossier.code, "office": off.name, "papers": papers,
              "place": ", ".join(p for p in ("Bộ phận Một cửa", off.address) if p)}
    if kind == nt.RESULT_READY:
        values["date"] = f"{to_vn(at):%d/%m/%Y}"
    elif dossier.due_at is None:
        return None  # a receipt or apology without a return date has nothing to say
    else:
        values["date"] = f"{to_vn(dossier.due_at):%d/%m/%Y}"
    return values


def queue(session: Session, dossier: Dossier, kind: str, *, papers: str = "",
          at: datetime | None = None) -> Notice | None:
    """Queue the ``kind`` notice for ``dossier`` in the caller's transaction, when it should go at all.

    Nothing is queued when notices are off, the receipt notice is off, the applicant has no
    mobile number or opted out. The key is made here, once.
    """
    if not _on(session, "notify.enabled") or (kind == nt.RECEIPT and not _on(session, "notify.receipt")):
        return None
    applicant = session.get(Applicant, dossier.applicant_id)
    phone = nt.phone_number(applicant.phone) if applicant is not None else ""
    if not phone or applicant is None or session.get(NoticeOptOut, applicant.id) is not None:
        return None
    values = _values(session, dossier, kind, papers, at or now_vn())
    if values is None:
        return None
    template = settings.read(session, f"notify.template.{kind}")
    text = nt.render(kind, template, values, accents=not _on(session, "notify.unaccented"))
    session.flush()
    entry = Notice(idem_key=uuid.uuid4().hex, dossier_id=dossier.id, kind=kind,
                   payload=json.dumps({"kind": kind, "message": {"to": phone, "text": text}}, ensure_ascii=False),
                   state="pending", attempts=0, created_at=datetime.now(UTC), last_error="")
    session.add(entry)
    return entry


# ---------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplatePreview:
    """A template as the administrator sees it: a sample text with and without accents, and its length."""

    kind: str
    label: str
    template: str
    accented: str
    unaccented: str
    accented_length: nt.SmsLength
    unaccented_length: nt.SmsLength


SAMPLE = {"code": "000.00.00.H00-261203-0001", "date": "15/12/2026", "papers": "Bản sao CCCD",
          "place": "Bộ phận Một cửa"}


def preview(kind: str, template: str, office_name: str = "UBND xã") -> TemplatePreview:
    """Render ``template`` on sample values (InvalidInput for a bad template)."""
    values = {**SAMPLE, "office": office_name}
    with_accents = nt.render(kind, template, values)
    without = nt.render(kind, template, values, accents=False)
    return TemplatePreview(kind=kind, label=nt.KINDS[kind], template=nt.check_template(kind, template),
                           accented=with_accents, unaccented=without, accented_length=nt.sms_length(with_accents),
                           unaccented_length=nt.sms_length(without))


def templates(store: Store) -> list[TemplatePreview]:
    """Every kind's current template, previewed with this office's name."""
    with store.read() as session:
        name = settings.office(session).name
        current = {kind: settings.read(session, f"notify.template.{kind}") for kind in nt.KINDS}
    return [preview(kind, text, name) for kind, text in current.items()]


# ---------------------------------------------------------------------------- opt-out


def set_opt_out(store: Store, actor: Actor, id_number: str, opted_out: bool = True) -> bool:
    """Record (or lift) an applicant's wish to receive no SMS; found by personal ID number."""
    actor.require("dossier.intake")
    with store.write() as session:
        applicant = session.scalars(select(Applicant).where(Applicant.id_number == id_number.strip())).first()
        if applicant is None:
            raise NotFound("Không tìm thấy người nộp hồ sơ có số giấy tờ này.")
        present = session.get(NoticeOptOut, applicant.id) is not None
        if opted_out and not present:
            session.add(NoticeOptOut(applicant_id=applicant.id, at=datetime.now(UTC), user_id=actor.user_id))
        elif not opted_out and present:
            session.execute(delete(NoticeOptOut).where(NoticeOptOut.applicant_id == applicant.id))
        audit.append(session, actor, "notify.opt_out" if opted_out else "notify.opt_in", "applicant",
                     str(applicant.id), "")
    return opted_out


def opted_out(store: Store, id_number: str) -> bool:
    with store.read() as session:
        found = session.execute(select(NoticeOptOut.applicant_id).join(
            Applicant, Applicant.id == NoticeOptOut.applicant_id).where(Applicant.id_number == id_number.strip()))
        return found.first() is not None


# ---------------------------------------------------------------------------- sending


def gateway_config(store: Store) -> PortalConfig:
    """The gateway's connection settings in the portal's shape, so one adapter factory serves both."""
    with store.read() as session:
        return PortalConfig(url=settings.read(session, "notify.url").strip(), verify_tls=True,
                            token=settings.read(session, "notify.secret"),
                            batch_size=int(settings.read(session, "notify.batch_size") or 50), timeout=30.0,
                            interval=60)


def in_hours(store: Store, now: datetime | None = None) -> bool:
    """True when a notice may go now: a working day, inside the office's sending hours."""
    from counterdesk.services import calendar

    moment = to_vn(now or now_vn())
    with store.read() as session:
        hours = settings.read(session, "notify.hours")
        working = not _on(session, "notify.working_days_only") or calendar.is_working_day(session, moment.date())
    return working and nt.within_hours(moment, hours)


def make_engine(store: Store, *, retry: RetryPolicy | None = None) -> NotifyEngine:
    config = gateway_config(store)
    if not config.configured:
        raise InvalidInput("Chưa đặt địa chỉ cổng nhắn tin SMS (notify.url).")
    adapter = make_adapter(config, GatewayAdapter)
    return NotifyEngine(store, adapter, batch_size=config.batch_size, retry=retry)


QUIET = "Ngoài giờ gửi tin của cơ quan (notify.hours, notify.working_days_only): tin chờ đến giờ gửi."


def run_once(store: Store, *, retry: RetryPolicy | None = None, max_batches: int | None = None,
             now: datetime | None = None) -> SyncReport:
    """Send what is due if it is sending time; gateway trouble and quiet hours are in the report."""
    if not in_hours(store, now):
        return SyncReport(error=QUIET)
    engine = make_engine(store, retry=retry)
    try:
        return engine.run_once(max_batches=max_batches, pull=False)
    finally:
        engine.adapter.close()


def background_pass(store: Store) -> str:
    """One sending pass for the app's background worker, beside portal sync: notices go out without
    anyone running ``counterdesk notify``. Nothing is done when notices are off or no gateway is set;
    returns the pass's error text ("" when all went well) for the log."""
    with store.read() as session:
        enabled = _on(session, "notify.enabled")
    if not enabled or not gateway_config(store).configured:
        return ""
    try:
        return run_once(store, max_batches=5).error
    except DomainError as exc:
        return exc.message


def next_delay(report: SyncReport, interval: int = 60) -> timedelta:
    """How long `notify` waits between passes: one second while there is more to send."""
    if report.online and report.batches and not report.released:
        return timedelta(seconds=1)
    return timedelta(seconds=interval)


# ---------------------------------------------------------------------------- ledger


def status(store: Store) -> dict[str, Any]:
    """Counts of notices by state (``sent`` = the gateway took it), last success, last error."""
    with store.read() as session:
        counts = queue_counts(session, Notice, LAST_SUCCESS_KEY, LAST_ERROR_KEY)
        url = settings.read(session, "notify.url")
        enabled = _on(session, "notify.enabled")
    data: dict[str, Any] = {"pending": counts["pending"], "sending": counts["sending"], "sent": counts["accepted"],
                            "quarantined": counts["quarantined"]}
    total = sum(data.values())
    data.update(delivery_rate=round(data["sent"] / total, 4) if total else None, enabled=enabled,
                gateway_url=url or None, last_success=counts["last_success"], last_error=counts["last_error"])
    return data


@dataclass(frozen=True)
class NoticeView:
    """One notice as the ledger shows it: the number masked, the text as sent (plain data)."""

    id: int
    dossier_code: str
    kind: str
    state: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str
    phone: str
    text: str


def _message(payload: str) -> tuple[str, str]:
    try:
        message = json.loads(payload)["message"]
        return nt.mask_phone(str(message["to"])), str(message["text"])
    except (ValueError, KeyError, TypeError):
        return "", ""


def list_notices(store: Store, state: str | None = None, *, limit: int = 500) -> list[NoticeView]:
    """Notices newest first, optionally of one state."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"Trạng thái phải là một trong: {', '.join(STATES)}.")
    query = (select(Notice, Dossier.code).outerjoin(Dossier, Dossier.id == Notice.dossier_id)
             .order_by(Notice.id.desc()).limit(max(1, min(limit, 5000))))
    if state is not None:
        query = query.where(Notice.state == state)
    views = []
    with store.read() as session:
        for n, code in session.execute(query).all():
            phone, text = _message(n.payload)
            views.append(NoticeView(id=n.id, dossier_code=code or "", kind=n.kind, state=n.state,
                                    attempts=n.attempts, created_at=n.created_at, sent_at=n.sent_at,
                                    last_error=n.last_error, phone=phone, text=text))
    return views


def retry(store: Store, actor: Actor, ids: list[int]) -> int:
    """Put quarantined (or waiting) notices back in line now; returns how many moved."""
    return requeue(store, actor, Notice, ids, "notify.retry")


def day_figures(session: Session, start: datetime, end: datetime) -> tuple[int, int]:
    """Notices queued in [start, end) and how many of them the gateway took (the day close's rate)."""
    def n(cond: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    row = session.execute(select(func.count(), n(Notice.state == "accepted"))
                          .where(Notice.created_at >= start, Notice.created_at < end)).one()
    return int(row[0]), int(row[1])


rate_text = nt.rate_text


def day_rate(store: Store, day: date) -> tuple[int, int]:
    """(queued, sent) for notices written on a business day."""
    from counterdesk.services.overview import day_bounds

    start, end = day_bounds(day)
    with store.read() as session:
        return day_figures(session, start, end)
