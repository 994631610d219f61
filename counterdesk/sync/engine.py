"""The sync engine: drains the outbox to the portal in batches and applies upstream changes.

State of an outbox entry: pending → sending (claimed) → accepted | quarantined, or back to pending
when the portal could not be reached. Why it is safe to kill the process anywhere:

- a claim is committed before anything is sent; an entry is marked accepted only after the
  portal's answer for it arrived (marking happens in a second transaction);
- a process killed between the two leaves entries in ``sending``: they are recovered (SQLite: as
  soon as the next drainer takes the lease from the dead holder; everywhere: after ``stale_after``)
  and sent again with the same item keys, which the portal dedupes ("duplicate" counts as accepted);
- a batch's own Idempotency-Key is a digest of its body, so a resent batch replays the portal's
  stored answer instead of being processed twice.

A rejected item (4xx) is quarantined with the portal's reason and never blocks the rest; a batch
refused as a whole is split in halves until the poison item is alone.

A scan (kind ``attachment.linked``) is an ordinary entry whose bytes go first: before its batch is
pushed, sync/upload.py makes sure the portal holds them (resumable, by content hash), so the link
item inherits every guarantee above; a scan missing or altered on this machine is quarantined.

Concurrency: SQLite has one drainer per store, guarded by a lease row in ``sync_state``;
PostgreSQL claims with ``FOR UPDATE SKIP LOCKED`` so several counters can drain at once.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay
from tenacity.wait import wait_random_exponential

from counterdesk.models import OutboxEntry, SyncState
from counterdesk.store.files import FileStore
from counterdesk.store.uow import Store
from counterdesk.sync.payload import ATTACHMENT_FIELD, ATTACHMENT_KIND, is_sha256
from counterdesk.sync.portal import (
    BatchRejected,
    BlobPortal,
    BlobRejected,
    Change,
    ItemResult,
    PortalAdapter,
    PortalError,
    PullPage,
    PushItem,
    TransientPortalError,
)
from counterdesk.sync.upload import DEFAULT_CHUNK, LocalFileProblem, UploadProgress, upload_attempt

log = logging.getLogger("counterdesk.sync")

LEASE_KEY = "push.lease"
CURSOR_KEY = "pull.cursor"
LAST_SUCCESS_KEY = "push.last_success"
LAST_ERROR_KEY = "push.last_error"

# Applies one pulled change in the caller's transaction; True when the dossier changed. The
# services layer supplies it (services.sync_admin.apply_pulled → services.lifecycle), so the
# status rules stay in one place and sync never imports services (services import sync).
ChangeApplier = Callable[[Session, Change, datetime], bool]

MAX_UPLOAD_ROUNDS = 50  # rounds of retries of one scan in one run, while each still moves it on

_T = cast(Table, OutboxEntry.__table__)
_STATE = cast(Table, SyncState.__table__)


@dataclass(frozen=True)
class RetryPolicy:
    """Full-jitter exponential backoff within a run, then a later retry of the whole batch."""

    attempts: int = 6  # tries of one batch within a run
    base: float = 0.5  # wait uniform(0, min(cap, base * 2**n)) seconds
    cap: float = 30.0
    max_delay: float = 120.0  # give up on a batch within a run after this long
    retry_after_cap: float = 120.0  # the longest Retry-After honoured as is
    reschedule_base: float = 30.0  # next_attempt_at after giving up: uniform(0, base * 2**attempts)
    reschedule_cap: float = 900.0


@dataclass
class SyncReport:
    """What one run did; plain data for the status bar, the CLI and the logs."""

    batches: int = 0
    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    released: int = 0
    pulled: int = 0
    applied: int = 0
    skipped: int = 0
    uploads: int = 0  # scans whose bytes the portal now holds (sent now or already there)
    upload_bytes: int = 0  # bytes of scans sent in this run
    online: bool | None = None  # None: the portal was not contacted
    busy: bool = False  # another drainer holds this store's lease
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _now() -> datetime:
    return datetime.now(UTC)


def make_owner() -> str:
    """host:pid:random — the pid lets a restarted drainer see that the previous holder is gone."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_dead(owner: str) -> bool:
    """True when ``owner`` was a process on this machine that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit() or sys.platform == "win32":
        return False  # another machine (or no safe probe): rely on the lease's expiry
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _state_get(session: Session, key: str) -> str:
    row = session.get(SyncState, key)
    return row.value if row is not None else ""


def _state_set(session: Session, key: str, value: str) -> None:
    """Upsert: two drainers (PostgreSQL) may write the same key for the first time together."""
    insert: Any = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(_STATE).values(key=key, value=value)
    session.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


class SyncEngine:
    """Push the outbox and pull upstream changes for one store through one adapter.

    The table drained and the state keys are class attributes, so the citizen-notice sender
    (counterdesk.sync.notify) is this same engine over the ``notice`` table.
    """

    table: Table = _T
    lease_key = LEASE_KEY
    last_success_key = LAST_SUCCESS_KEY
    last_error_key = LAST_ERROR_KEY

    def __init__(
        self,
        store: Store,
        adapter: PortalAdapter,
        apply_change: ChangeApplier,
        *,
        batch_size: int = 100,
        retry: RetryPolicy | None = None,
        stale_after: timedelta = timedelta(minutes=5),
        lease: timedelta = timedelta(minutes=5),
        owner: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        files: FileStore | None = None,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> None:
        self.store = store
        self.adapter = adapter
        self.apply_change = apply_change
        self.batch_size = max(1, batch_size)
        self.retry = retry or RetryPolicy()
        self.stale_after = stale_after
        self.lease = lease
        self.owner = owner or make_owner()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._single_drainer = store.dialect == "sqlite"
        self.files = files  # where scans are read from (None: scans wait, the folder is not reachable)
        self.chunk_size = max(1024, chunk_size)
        self._held: dict[str, str] = {}  # scans held back this run: key → why (for the ledger)

    # ------------------------------------------------------------------ runs
    def run_once(self, *, max_batches: int | None = None, pull: bool = True,
                 should_stop: Callable[[], bool] = lambda: False) -> SyncReport:
        """Drain what is due, then pull upstream changes; never raises for portal trouble."""
        report = SyncReport()
        # SQLite checkpoints and deletes the WAL whenever its last connection closes; the store
        # opens a connection per transaction, so one is held open for the run (otherwise every
        # batch pays for two checkpoints).
        keeper = self.store.engine.connect() if self._single_drainer else None
        try:
            self._recover_stale()
            self.drain(report, max_batches=max_batches, should_stop=should_stop)
            if pull and not report.busy and report.online is not False and not should_stop():
                self.pull_all(report)
        finally:
            self._release_lease()
            if keeper is not None:
                keeper.close()
        return report

    def drain(self, report: SyncReport, *, max_batches: int | None = None,
              should_stop: Callable[[], bool] = lambda: False) -> None:
        def more() -> bool:
            return (max_batches is None or report.batches < max_batches) and not should_stop()

        claimed = self._claim(report) if more() else []
        while claimed:
            report.batches += 1
            results = self._send(claimed, report)
            if results is None:
                return  # the portal is unreachable now: the rest waits for the next run
            # Recording this batch's answers and claiming the next batch share one commit.
            claimed = self._finish(claimed, results, report, claim_next=more())

    # ------------------------------------------------------------------ claiming
    def _recover_stale(self) -> None:
        """Entries left in ``sending`` by a drainer that died: on this machine at once (its pid is
        gone, e.g. a killed sender on PostgreSQL), elsewhere after ``stale_after``."""
        t = self.table
        limit = _now() - self.stale_after
        with self.store.write() as session:
            owners = session.scalars(select(t.c.claimed_by).where(t.c.state == "sending").distinct()).all()
            dead = [owner for owner in owners if owner and owner != self.owner and _owner_dead(owner)]
            session.execute(update(t).where(t.c.state == "sending", or_(t.c.claimed_at < limit, t.c.claimed_by.in_(dead)))
                            .values(state="pending", claimed_at=None, claimed_by=None))

    def _hold_lease(self, session: Session, now: datetime) -> bool:
        t = self.table
        raw = _state_get(session, self.lease_key)
        try:
            lease = json.loads(raw) if raw else {}
            holder = str(lease.get("owner", ""))
            until = datetime.fromisoformat(str(lease.get("until", "")))
        except (ValueError, TypeError, AttributeError):
            holder, until = "", now
        if holder and holder != self.owner and until > now and not _owner_dead(holder):
            return False
        if holder != self.owner:
            # The previous drainer is gone: whatever it left in flight goes back to the queue.
            session.execute(update(t).where(t.c.state == "sending")
                            .values(state="pending", claimed_at=None, claimed_by=None))
        _state_set(session, self.lease_key, json.dumps({"owner": self.owner, "until": (now + self.lease).isoformat()}))
        return True

    def _release_lease(self) -> None:
        if not self._single_drainer:
            return
        with self.store.write() as session:
            raw = _state_get(session, self.lease_key)
            if raw and self.owner in raw:
                _state_set(session, self.lease_key, "")

    def _claim(self, report: SyncReport) -> list[Any]:
        with self.store.write() as session:
            return self._claim_in(session, _now(), report)

    def _claim_in(self, session: Session, now: datetime, report: SyncReport) -> list[Any]:
        """Mark the next due entries ``sending`` (in the caller's transaction) and return them."""
        t = self.table
        if self._single_drainer and not self._hold_lease(session, now):
            report.busy = True
            return []
        query = (select(t.c.id, t.c.idem_key, t.c.kind, t.c.payload, t.c.attempts)
                 .where(t.c.state == "pending",
                        or_(t.c.next_attempt_at.is_(None), t.c.next_attempt_at <= now))
                 .order_by(t.c.id).limit(self.batch_size))
        if not self._single_drainer:
            query = query.with_for_update(skip_locked=True)
        rows = list(session.execute(query).all())
        if rows:
            session.execute(update(t).where(t.c.id.in_([r.id for r in rows]))
                            .values(state="sending", claimed_at=now, claimed_by=self.owner,
                                    attempts=t.c.attempts + 1))
        return rows

    # ------------------------------------------------------------------ sending
    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = getattr(exc, "retry_after", None)
        if isinstance(after, float) and after >= 0:
            return min(after, self.retry.retry_after_cap)
        return float(wait_random_exponential(multiplier=self.retry.base, max=self.retry.cap)(state))

    def _with_retry(self, call: Callable[[], Any]) -> Any:
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts) | stop_after_delay(self.retry.max_delay),
            wait=self._wait, retry=retry_if_exception_type(TransientPortalError), reraise=True, sleep=self._sleep,
        )
        return retrying(call)

    def _push(self, items: Sequence[PushItem]) -> dict[str, ItemResult]:
        """Push with retries; a batch refused as a whole is split until the bad item stands alone."""
        try:
            results: list[ItemResult] = self._with_retry(lambda: self.adapter.push_batch(items))
        except BatchRejected as exc:
            if len(items) == 1:
                return {items[0].key: ItemResult(items[0].key, "rejected", str(exc.status), exc.reason)}
            mid = len(items) // 2
            out = self._push(items[:mid])
            out.update(self._push(items[mid:]))
            return out
        return {r.key: r for r in results}

    record_field = "dossier"  # the payload's field sent as the item's record

    def _item(self, row: Any) -> PushItem:
        """The wire item of a claimed row; ValueError, TypeError or KeyError when its payload is unreadable."""
        field = ATTACHMENT_FIELD if row.kind == ATTACHMENT_KIND else self.record_field
        record = json.loads(row.payload)[field]
        if not isinstance(record, dict):
            raise TypeError("record")
        return PushItem(key=row.idem_key, seq=int(row.id), kind=str(row.kind), record=record)

    def _send(self, rows: Sequence[Any], report: SyncReport) -> dict[str, ItemResult] | None:
        """Per-item results for the claimed rows, or None (rows released) when the portal failed."""
        items: list[PushItem] = []
        unreadable: dict[str, ItemResult] = {}
        for row in rows:
            try:
                items.append(self._item(row))
            except (ValueError, TypeError, KeyError):
                unreadable[row.idem_key] = ItemResult(row.idem_key, "rejected", "local",
                                                      "Nội dung mục không đọc được (JSON hỏng); cần sửa rồi gửi lại.")
        try:
            items = [i for i in items if self._upload_for(i, unreadable, report)]
            results = self._push(items) if items else {}
        except PortalError as exc:  # unreachable, auth refused…: keep the entries, say why
            self._release(rows, str(exc))
            report.released += len(rows)
            report.online = False
            report.error = str(exc)
            return None
        results.update(unreadable)
        report.online = True
        return results

    # ------------------------------------------------------------------ scans
    def _upload_for(self, item: PushItem, out: dict[str, ItemResult], report: SyncReport) -> bool:
        """For a scan's link item: make sure the portal holds the scan's bytes first. False when the
        item must not be pushed now (quarantined into ``out``, or waiting for the scans folder)."""
        if item.kind != ATTACHMENT_KIND:
            return True
        sha, size = item.record.get("sha256"), item.record.get("KichThuoc")
        portal = self.adapter
        if not is_sha256(sha) or isinstance(size, bool) or not isinstance(size, int) or size < 0:
            out[item.key] = ItemResult(item.key, "rejected", "local", "Bản ghi bản quét thiếu sha256 hoặc KichThuoc.")
            return False
        if self.files is None or not all(hasattr(portal, m) for m in ("blob_status", "put_chunk", "commit_blob")):
            # no answer for it: released with a backoff, sent when the folder (or the portal) allows
            self._held[item.key] = ("Chưa đọc được thư mục bản quét (thư mục dùng chung chưa kết nối?); sẽ gửi lại."
                                    if self.files is None else "Cổng này không nhận bản quét; sẽ gửi lại.")
            return False
        try:
            progress = self._upload(cast(BlobPortal, portal), self.files, str(sha), size)
        except LocalFileProblem as exc:
            out[item.key] = ItemResult(item.key, "rejected", "local", str(exc))
            return False
        except BlobRejected as exc:
            out[item.key] = ItemResult(item.key, "rejected", str(exc.status), exc.reason)
            return False
        report.uploads += 1
        report.upload_bytes += progress.sent
        if progress.sent:
            log.info("outbox entry %s: scan sent (%d bytes, resumed at byte %d, %d hash retries)",
                     item.seq, progress.sent, progress.resumed_from, progress.retried_after_mismatch)
        return True

    def _upload(self, portal: BlobPortal, files: FileStore, sha: str, size: int) -> UploadProgress:
        """Upload with the run's retry policy; a round of retries that still moved the upload on
        is followed by another (a large scan on a flaky line gets there chunk by chunk)."""
        progress = UploadProgress()
        rounds = 0
        while True:
            progress.progressed = False
            rounds += 1
            try:
                self._with_retry(lambda: upload_attempt(portal, files, sha, size, progress,
                                                        chunk_size=self.chunk_size))
                return progress
            except TransientPortalError:
                if not progress.progressed or rounds >= MAX_UPLOAD_ROUNDS:
                    raise

    def _backoff(self, attempts: int) -> timedelta:
        ceiling = min(self.retry.reschedule_cap, self.retry.reschedule_base * 2 ** min(attempts, 20))
        return timedelta(seconds=self._rng.uniform(0, ceiling))

    def _release(self, rows: Sequence[Any], error: str) -> None:
        t = self.table
        now = _now()
        attempts = max((int(r.attempts) for r in rows), default=0) + 1
        with self.store.write() as session:
            session.execute(update(t).where(t.c.id.in_([r.id for r in rows]), t.c.claimed_by == self.owner,
                                             t.c.state == "sending")
                            .values(state="pending", claimed_at=None, claimed_by=None,
                                    next_attempt_at=now + self._backoff(attempts), last_error=error[:1000]))
            _state_set(session, self.last_error_key, json.dumps({"at": now.isoformat(), "error": error[:500]}))
        log.warning("portal unreachable, %d entries wait for the next run: %s", len(rows), error)

    def _finish(self, rows: Sequence[Any], results: dict[str, ItemResult], report: SyncReport, *,
                claim_next: bool = False) -> list[Any]:
        """Record the portal's answers (only for rows still ours) and, in the same commit, claim more."""
        t = self.table
        now = _now()
        params: list[dict[str, Any]] = []
        for row in rows:
            result = results.get(row.idem_key)
            if result is None:  # the answer had nothing usable for this item: send it again later
                params.append({"b_id": row.id, "b_state": "pending", "b_sent": None,
                               "b_next": now + self._backoff(int(row.attempts) + 1),
                               "b_error": self._held.pop(row.idem_key, "Cổng không trả lời cho mục này; sẽ gửi lại.")})
                report.released += 1
            elif result.status == "rejected":
                reason = f"[{result.code}] {result.reason}" if result.code else result.reason
                params.append({"b_id": row.id, "b_state": "quarantined", "b_sent": None, "b_next": None,
                               "b_error": (reason or "Cổng từ chối, không nêu lý do.")[:1000]})
                report.quarantined += 1
                log.info("outbox entry %s quarantined: %s", row.id, reason)
            else:
                duplicate = result.status == "duplicate"
                params.append({"b_id": row.id, "b_state": "accepted", "b_sent": now, "b_next": None,
                               "b_error": "Cổng đã có mục này (trùng) — tính là đã nhận." if duplicate else ""})
                report.accepted += 1
                report.duplicates += duplicate
        statement = (update(t)
                     .where(t.c.id == bindparam("b_id"), t.c.claimed_by == self.owner, t.c.state == "sending")
                     .values(state=bindparam("b_state"), sent_at=bindparam("b_sent"),
                             next_attempt_at=bindparam("b_next"), last_error=bindparam("b_error"),
                             claimed_at=None, claimed_by=None))
        with self.store.write() as session:
            if params:
                session.connection().execute(statement, params)
            _state_set(session, self.last_success_key, now.isoformat())
            return self._claim_in(session, now, report) if claim_next else []

    # ------------------------------------------------------------------ pulling
    def pull_all(self, report: SyncReport, *, limit: int = 500, max_pages: int = 100) -> None:
        """Fetch upstream changes page by page from the stored cursor and apply them."""
        for _ in range(max_pages):
            with self.store.read() as session:
                cursor = _state_get(session, CURSOR_KEY)
            def fetch(at: str = cursor) -> PullPage:
                return self.adapter.pull(at, limit)

            try:
                page: PullPage = self._with_retry(fetch)
            except PortalError as exc:
                report.online = False
                report.error = str(exc)
                return
            report.online = True
            report.pulled += len(page.changes)
            report.skipped += page.skipped
            self._apply(page, report)
            if page.next_cursor == cursor or not (page.changes or page.skipped or page.more):
                return

    def _apply(self, page: PullPage, report: SyncReport) -> None:
        now = _now()
        with self.store.write() as session:
            for change in page.changes:
                report.applied += self.apply_change(session, change, now)
            _state_set(session, CURSOR_KEY, page.next_cursor)
            _state_set(session, LAST_SUCCESS_KEY, now.isoformat())
