"""Sync with the provincial portal as use cases: run it, see its state, retry or fix quarantined items.

The engine (counterdesk.sync.engine) does the sending; this module wires it to the office settings
(portal URL, TLS, token) and gives the supervisor's ledger and the CLI what they show.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counterdesk.domain.clock import iso_vn
from counterdesk.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from counterdesk.domain.roles import Actor
from counterdesk.models import Dossier, OutboxEntry, SyncState
from counterdesk.services import audit, settings
from counterdesk.store.files import FileStore
from counterdesk.store.uow import Store
from counterdesk.sync.engine import LAST_ERROR_KEY, LAST_SUCCESS_KEY, RetryPolicy, SyncEngine, SyncReport
from counterdesk.sync.payload import (
    ATTACHMENT_FIELD,
    ATTACHMENT_KIND,
    attachment_problems,
    parse_portal_time,
    record_problems,
)
from counterdesk.sync.portal import Change, HttpPortalAdapter

STATES = ("pending", "sending", "accepted", "quarantined")
STATE_LABELS = {"pending": "Chờ gửi", "sending": "Đang gửi", "accepted": "Cổng đã nhận",
                "quarantined": "Bị từ chối (cách ly)"}
# What the ledger can show: every entry, dossier changes only, or scans only (kind filter).
KIND_FILTERS = {"all": "Tất cả", "dossier": "Hồ sơ", "attachment": "Bản quét"}

log = logging.getLogger("counterdesk.sync")


@dataclass(frozen=True)
class PortalConfig:
    url: str
    verify_tls: bool
    token: str
    batch_size: int
    timeout: float
    interval: int
    chunk_kb: int = 4096

    @property
    def configured(self) -> bool:
        return bool(self.url)


def portal_config(store: Store) -> PortalConfig:
    """The office's portal settings (the token comes from the keyring when it lives there)."""
    with store.read() as session:
        url = settings.read(session, "portal.url").strip()
        verify = settings.read(session, "portal.verify_tls") != "false"
        batch = int(settings.read(session, "portal.batch_size") or 100)
        timeout = float(settings.read(session, "portal.timeout") or 30)
        interval = int(settings.read(session, "portal.interval") or 60)
        chunk_kb = int(settings.read(session, "portal.upload_chunk_kb") or 4096)
    return PortalConfig(url=url, verify_tls=verify, token=settings.portal_token(store), batch_size=batch,
                        timeout=timeout, interval=interval, chunk_kb=chunk_kb)


def make_adapter(config: PortalConfig, kind: type[HttpPortalAdapter] = HttpPortalAdapter) -> HttpPortalAdapter:
    """An HTTP adapter for the configured portal (URL, TLS check, token, timeouts); the sync engine
    and the administrator's connection check use the same one, so the check tests what sync does."""
    if not config.configured:
        raise InvalidInput("Chưa đặt địa chỉ cổng dịch vụ công (portal.url).")
    settings.KEYS["portal.url"].validate(config.url)  # a value stored before validation existed
    if not config.token.isascii():  # stored before tokens were checked; httpx would raise UnicodeEncodeError
        raise InvalidInput(settings.TOKEN_ASCII)
    timeout = httpx.Timeout(connect=min(10.0, config.timeout), read=config.timeout, write=config.timeout,
                            pool=min(10.0, config.timeout))
    return kind(config.url, token=config.token, verify=config.verify_tls, timeout=timeout)


def scans_folder(store: Store, home: Path | None = None) -> FileStore | None:
    """The office's scans, read by the sender; None while the shared folder is not reachable (the
    scans wait in the outbox, everything else is sent)."""
    from counterdesk.paths import data_home
    from counterdesk.services import attachments  # scans processing is not needed to send

    try:
        return attachments.file_store(store, home or data_home())
    except DomainError as exc:
        log.info("scans folder unavailable, scans wait: %s", exc.message)
        return None


def make_engine(store: Store, *, retry: RetryPolicy | None = None, config: PortalConfig | None = None,
                batch_size: int | None = None, home: Path | None = None) -> SyncEngine:
    """An engine for this store talking HTTP to the configured portal (scans read from ``home``'s
    folder, or the shared folder set in ``attachments.dir``)."""
    config = config or portal_config(store)
    adapter = make_adapter(config)
    return SyncEngine(store, adapter, apply_pulled, batch_size=batch_size or config.batch_size, retry=retry,
                      files=scans_folder(store, home), chunk_size=config.chunk_kb * 1024)


def apply_pulled(session: Session, change: Change, at: datetime) -> bool:
    """The sync engine's hook for one pulled change: the lifecycle's single path for portal changes."""
    # imported here: lifecycle queues citizens' notices, and notices are sent through this module
    from counterdesk.services import lifecycle

    return lifecycle.apply_portal_status(
        session, change.code, change.status, at, note=change.note, seq=change.seq,
        finished_at=parse_portal_time(change.finished_at), returned_at=parse_portal_time(change.returned_at))


def run_once(store: Store, *, retry: RetryPolicy | None = None, max_batches: int | None = None,
             batch_size: int | None = None, config: PortalConfig | None = None,
             home: Path | None = None) -> SyncReport:
    """One sync pass (push what is due, pull changes); portal trouble is in the report, not raised."""
    engine = make_engine(store, retry=retry, batch_size=batch_size, config=config, home=home)
    try:
        return engine.run_once(max_batches=max_batches)
    finally:
        engine.adapter.close()


def queue_counts(session: Session, model: Any, success_key: str, error_key: str) -> dict[str, Any]:
    """Entries of a delivery queue (outbox, notices) by state, with its last success and last error."""
    rows = session.execute(select(model.state, func.count()).group_by(model.state)).all()
    values = {key: value for key, value in session.execute(
        select(SyncState.key, SyncState.value).where(SyncState.key.in_((success_key, error_key))))}
    counts: dict[str, Any] = dict.fromkeys(STATES, 0)
    for state, n in rows:
        counts[str(state)] = int(n)
    last_success: str | None = None
    if values.get(success_key):
        try:
            last_success = iso_vn(datetime.fromisoformat(values[success_key]))
        except ValueError:
            last_success = None
    last_error: str | None = None
    if values.get(error_key):
        try:
            last_error = str(json.loads(values[error_key]).get("error") or "") or None
        except (ValueError, AttributeError):
            last_error = None
    counts.update(last_success=last_success, last_error=last_error)
    return counts


def status(store: Store) -> dict[str, Any]:
    """Counts of outbox entries by state, last success and last error (the CLI's `sync status`);
    ``attachments`` counts the scans among them by state (pending, sending, accepted, quarantined)."""
    with store.read() as session:
        counts = queue_counts(session, OutboxEntry, LAST_SUCCESS_KEY, LAST_ERROR_KEY)
        url = settings.read(session, "portal.url")
        scans: dict[str, int] = dict.fromkeys(STATES, 0)
        for state, n in session.execute(select(OutboxEntry.state, func.count())
                                        .where(OutboxEntry.kind == ATTACHMENT_KIND).group_by(OutboxEntry.state)):
            scans[str(state)] = int(n)
    counts.update(portal_url=url or None, attachments=scans)
    return counts


@dataclass(frozen=True)
class EntryView:
    """One outbox entry as the ledger shows it (plain data, safe to hand to the GUI thread)."""

    id: int
    key: str
    dossier_code: str
    kind: str
    state: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str
    payload: str


def list_entries(store: Store, state: str | None = None, *, limit: int = 500, offset: int = 0,
                 kind: str = "all") -> list[EntryView]:
    """Entries newest first, optionally of one state and of one kind (see ``KIND_FILTERS``)."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"Trạng thái phải là một trong: {', '.join(STATES)}.")
    if kind not in KIND_FILTERS:
        raise InvalidInput(f"Loại phải là một trong: {', '.join(KIND_FILTERS)}.")
    query = (select(OutboxEntry, Dossier.code).outerjoin(Dossier, Dossier.id == OutboxEntry.dossier_id)
             .order_by(OutboxEntry.id.desc()).limit(max(1, min(limit, 5000))).offset(max(0, offset)))
    if state is not None:
        query = query.where(OutboxEntry.state == state)
    if kind != "all":
        query = query.where((OutboxEntry.kind == ATTACHMENT_KIND) if kind == "attachment"
                            else (OutboxEntry.kind != ATTACHMENT_KIND))
    with store.read() as session:
        return [EntryView(id=e.id, key=e.idem_key, dossier_code=code or "", kind=e.kind, state=e.state,
                          attempts=e.attempts, created_at=e.created_at, sent_at=e.sent_at,
                          last_error=e.last_error, payload=e.payload)
                for e, code in session.execute(query).all()]


def requeue(store: Store, actor: Actor, model: Any, ids: list[int], action: str) -> int:
    """Put quarantined (or waiting) entries of a delivery queue back in line now; how many moved."""
    actor.require("sync.manage")
    if not ids:
        return 0
    with store.write() as session:
        result = session.execute(
            update(model).where(model.id.in_(ids), model.state.in_(("quarantined", "pending")))
            .values(state="pending", next_attempt_at=None, attempts=0))
        moved = int(getattr(result, "rowcount", 0))
        audit.append(session, actor, action, model.__tablename__, ",".join(str(i) for i in ids[:50]), f"{moved} mục")
    return moved


def retry(store: Store, actor: Actor, ids: list[int]) -> int:
    """Put quarantined (or waiting) outbox entries back in line now; returns how many moved."""
    return requeue(store, actor, OutboxEntry, ids, "sync.retry")


def check_payload(text: str) -> dict[str, Any]:
    """Parse and validate an edited payload; raises InvalidInput saying what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"Nội dung không phải JSON hợp lệ (dòng {getattr(exc, 'lineno', '?')}).") from exc
    if isinstance(data, dict) and data.get("kind") == ATTACHMENT_KIND:
        if not isinstance(data.get(ATTACHMENT_FIELD), dict):
            raise InvalidInput(f"Nội dung phải là đối tượng JSON có trường '{ATTACHMENT_FIELD}'.")
        problems = attachment_problems(data[ATTACHMENT_FIELD])
        if problems:
            raise InvalidInput(" ".join(problems))
        return data
    if not isinstance(data, dict) or not isinstance(data.get("dossier"), dict):
        raise InvalidInput("Nội dung phải là đối tượng JSON có trường 'dossier'.")
    if not isinstance(data.get("kind"), str) or not data["kind"]:
        raise InvalidInput("Nội dung phải có trường 'kind' (loại thay đổi).")
    problems = record_problems(data["dossier"])
    if problems:
        raise InvalidInput(" ".join(problems))
    return data


def fix_payload(store: Store, actor: Actor, entry_id: int, text: str) -> None:
    """Replace a quarantined entry's payload with a corrected one and queue it again.

    If the portal refused it because its key already holds another record, the corrected change
    gets a fresh key; otherwise the key stays (the portal kept nothing for a rejected item).
    """
    actor.require("sync.manage")
    data = check_payload(text)
    with store.write() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is None:
            raise NotFound("Không có mục đồng bộ này.")
        if entry.state != "quarantined":
            raise Conflict("Chỉ sửa được mục đang bị cách ly.")
        entry.payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        if entry.last_error.startswith("[422]"):
            entry.idem_key = uuid.uuid4().hex
        entry.state = "pending"
        entry.attempts = 0
        entry.next_attempt_at = None
        entry.last_error = f"Đã sửa bởi {actor.username}; chờ gửi lại."
        audit.append(session, actor, "sync.fix", "outbox", str(entry_id), entry.idem_key)


def quick_policy(base: float = 0.01, cap: float = 0.2) -> RetryPolicy:
    """A quick retry policy for training runs against the simulator (and tests)."""
    return RetryPolicy(attempts=8, base=base, cap=cap, max_delay=30.0, retry_after_cap=2.0,
                       reschedule_base=base, reschedule_cap=cap)


@dataclass(frozen=True)
class SyncView:
    """What the status bar shows after a background pass (plain data for the GUI thread)."""

    configured: bool
    online: bool | None
    busy: bool
    pending: int
    sending: int
    accepted: int
    quarantined: int
    last_success: str | None
    error: str
    next_in: float  # seconds until the next pass


def background_pass(store: Store, home: Path | None = None) -> SyncView:
    """One pass for the app's background worker: sync if a portal is set, then count."""
    config = portal_config(store)
    report: SyncReport | None = None
    error = ""
    if config.configured:
        try:
            report = run_once(store, config=config, home=home)
            error = report.error
        except DomainError as exc:
            error = exc.message
    from counterdesk.services import notify  # citizens' SMS ride the same background pass

    notice_error = notify.background_pass(store)
    if notice_error:
        log.info("Tin nhắn công dân: %s", notice_error)
    from counterdesk.services import attachment_ocr  # scans become searchable in the same pass

    ocr_error = attachment_ocr.background_pass(store)
    if ocr_error:
        log.info("Nhận dạng chữ bản quét: %s", ocr_error)
    counts = status(store)
    delay = next_run_delay(report, config.interval) if report is not None else timedelta(seconds=config.interval)
    return SyncView(configured=config.configured, online=None if report is None else report.online,
                    busy=bool(report and report.busy), pending=counts["pending"], sending=counts["sending"],
                    accepted=counts["accepted"], quarantined=counts["quarantined"],
                    last_success=counts["last_success"], error=error, next_in=delay.total_seconds())


def next_run_delay(report: SyncReport, interval: int) -> timedelta:
    """How long the background worker waits: the interval, shorter while there is more to send."""
    if report.online and report.batches and not report.released:
        return timedelta(seconds=1)
    return timedelta(seconds=interval)
