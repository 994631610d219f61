"""The sync engine against the portal simulator on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from counterdesk.domain.errors import InvalidInput, PermissionDenied
from counterdesk.domain.roles import CLERK, SUPERVISOR, Actor
from counterdesk.models import Dossier, DossierEvent, OutboxEntry, SyncState
from counterdesk.services import sync_admin
from counterdesk.services.outbox import enqueue_dossier
from counterdesk.sync.engine import CURSOR_KEY, SyncEngine, SyncReport
from counterdesk.sync.portal import (
    BatchRejected,
    HttpPortalAdapter,
    ItemResult,
    PullPage,
    PushItem,
    TransientPortalError,
)
from counterdesk.sync.portal_sim import Faults, SimServer
from tests.factories import make_dossier, vn
from tests.sync_support import assert_exactly_once, bulk_outbox, engine_for, keys_by_state, portal_keys

SUPERVISOR_ACTOR = Actor(user_id=None, username="lanhdao", role=SUPERVISOR)


def _dossiers(store: Any, n: int) -> list[str]:
    codes = []
    with store.write() as session:
        for _ in range(n):
            dossier = make_dossier(session, received_at=vn("2026-11-20T09:15"), due_at=vn("2026-11-23T09:15"))
            enqueue_dossier(session, dossier, "dossier.received")
            codes.append(dossier.code)
    return codes


def test_changes_reach_the_portal_and_status_counts_them(store, tmp_path: Path) -> None:
    codes = _dossiers(store, 5)
    assert sync_admin.status(store)["pending"] == 5
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine = engine_for(store, sim.url, batch_size=2)
        report = engine.run_once()
        held = {r[0] for r in sim.state.conn.execute("SELECT code FROM dossiers")}
    assert (report.online, report.accepted, report.batches) == (True, 5, 3)
    assert held == set(codes)
    status = sync_admin.status(store)
    assert (status["pending"], status["sending"], status["accepted"], status["quarantined"]) == (0, 0, 5, 0)
    assert status["last_success"] is not None and status["last_success"].endswith("+07:00")


def test_rejected_item_is_quarantined_with_reason_and_never_blocks_the_rest(store, tmp_path: Path) -> None:
    valid, invalid = bulk_outbox(store, 30, invalid_every=3)  # the third entry is already bad
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        report = engine_for(store, sim.url, batch_size=4).run_once(pull=False)
    assert report.quarantined == len(invalid) == 10
    assert_exactly_once(store, tmp_path / "portal.sqlite3", valid, invalid)
    reasons = [e.last_error for e in sync_admin.list_entries(store, "quarantined")]
    assert all("NgayTiepNhan" in r and r.startswith("[invalid]") for r in reasons)


class LoseFirstAnswer:
    """The portal processes the first batch but its answer never arrives."""

    def __init__(self, inner: HttpPortalAdapter) -> None:
        self.inner = inner
        self.lost = 0

    def push_batch(self, items: Sequence[PushItem]) -> list[ItemResult]:
        results = self.inner.push_batch(items)
        if not self.lost:
            self.lost += 1
            raise TransientPortalError("answer lost")
        return results

    def pull(self, cursor: str, limit: int) -> PullPage:
        return self.inner.pull(cursor, limit)

    def close(self) -> None:
        self.inner.close()


def test_lost_answer_is_resent_with_same_keys_and_applied_once(store, tmp_path: Path) -> None:
    valid, invalid = bulk_outbox(store, 12, invalid_every=4)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        adapter = LoseFirstAnswer(HttpPortalAdapter(sim.url))
        engine = SyncEngine(store, adapter, sync_admin.apply_pulled, batch_size=12, retry=sync_admin.quick_policy(base=0.001, cap=0.01))
        report = engine.run_once(pull=False)
        replayed = sim.state.stats()["counters"].get("replayed", 0)
    assert adapter.lost == 1 and replayed == 1
    assert report.accepted == len(valid)
    assert_exactly_once(store, tmp_path / "portal.sqlite3", valid, invalid)


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_restart_after_kill_between_send_and_answer_counts_duplicates_as_accepted(store, tmp_path: Path) -> None:
    """A drainer claimed and sent, then died before recording the answer: the next one finishes."""
    valid, _ = bulk_outbox(store, 10)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        dead_owner = f"{socket.gethostname()[:40]}:{_dead_pid()}:dead"
        dead = engine_for(store, sim.url)
        dead.owner = dead_owner
        claimed = dead._claim(SyncReport())
        # it got six items out (as one batch) before it died
        dead.adapter.push_batch([PushItem(r.idem_key, r.id, r.kind, json.loads(r.payload)["dossier"])
                                 for r in claimed[:6]])
        assert keys_by_state(store)["sending"] == valid
        restarted = engine_for(store, sim.url)
        restarted.stale_after = timedelta(0)  # PostgreSQL has no lease: stale claims are recovered by age
        report = restarted.run_once(pull=False)
    assert (report.accepted, report.duplicates) == (10, 6)
    assert_exactly_once(store, tmp_path / "portal.sqlite3", valid, set())


def test_pull_applies_result_ready_once_without_outbox_echo(store, tmp_path: Path) -> None:
    codes = _dossiers(store, 2)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine = engine_for(store, sim.url)
        engine.run_once()
        sim.state.mark_status(codes[0], 9, "Đã có kết quả")
        first = engine.run_once()
        second = engine.run_once()
    assert (first.pulled, first.applied) == (1, 1)
    assert (second.pulled, second.applied) == (0, 0)
    with store.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == codes[0])).one()
        events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id,
                                                            DossierEvent.kind == "portal")).all()
        assert dossier.status == 9 and dossier.finished_at is not None
        assert [(e.from_status, e.to_status, e.note) for e in events] == [(2, 9, "Đã có kết quả")]
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 2
        assert session.get(SyncState, CURSOR_KEY).value == "1"
        other = session.scalars(select(Dossier).where(Dossier.code == codes[1])).one()
        assert other.status == 2


class Recording:
    """Counts every key a drainer puts on the wire."""

    def __init__(self, inner: HttpPortalAdapter, sent: list[str], lock: threading.Lock) -> None:
        self.inner, self.sent, self.lock = inner, sent, lock

    def push_batch(self, items: Sequence[PushItem]) -> list[ItemResult]:
        with self.lock:
            self.sent.extend(i.key for i in items)
        return self.inner.push_batch(items)

    def pull(self, cursor: str, limit: int) -> PullPage:
        return self.inner.pull(cursor, limit)

    def close(self) -> None:
        self.inner.close()


def test_two_concurrent_drainers_never_send_an_entry_twice(store, tmp_path: Path) -> None:
    """PostgreSQL: both drain (SKIP LOCKED); SQLite: the lease lets only one drain at a time."""
    valid, _ = bulk_outbox(store, 1500)
    sent: list[str] = []
    lock = threading.Lock()
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engines = [SyncEngine(store, Recording(HttpPortalAdapter(sim.url), sent, lock), sync_admin.apply_pulled, batch_size=25,
                              retry=sync_admin.quick_policy()) for _ in range(2)]
        reports: list[SyncReport] = []
        threads = [threading.Thread(target=lambda e=e: reports.append(e.run_once(pull=False))) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for e in engines:  # a busy SQLite drainer leaves the rest to a later run
            e.run_once(pull=False)
    counts = Counter(sent)
    assert set(counts) == valid and max(counts.values()) == 1
    assert_exactly_once(store, tmp_path / "portal.sqlite3", valid, set())
    if store.dialect == "postgresql":
        assert all(r.accepted > 0 for r in reports)


def test_refused_credentials_keep_entries_waiting(store, tmp_path: Path) -> None:
    valid, _ = bulk_outbox(store, 5)
    with SimServer(tmp_path / "portal.sqlite3", token="bi-mat") as sim:
        refused = engine_for(store, sim.url).run_once()
        assert refused.online is False and "xác thực" in refused.error
        assert keys_by_state(store)["pending"] == valid
        report = engine_for(store, sim.url, token="bi-mat").run_once()
    assert report.accepted == 5
    assert sync_admin.status(store)["last_error"] and "xác thực" in sync_admin.status(store)["last_error"]


class Picky:
    """A portal that refuses a whole batch when any item in it is poisoned."""

    def __init__(self) -> None:
        self.calls = 0

    def push_batch(self, items: Sequence[PushItem]) -> list[ItemResult]:
        self.calls += 1
        if any(i.record.get("poison") for i in items):
            raise BatchRejected(400, "Mục hỏng" if len(items) == 1 else "Lô hỏng")
        return [ItemResult(i.key, "accepted") for i in items]

    def pull(self, cursor: str, limit: int) -> PullPage:
        return PullPage([], cursor)

    def close(self) -> None:
        """Nothing to release: no connection was opened."""


def test_whole_batch_refusal_is_split_until_the_poison_item_is_alone(store) -> None:
    valid, _ = bulk_outbox(store, 16)
    with store.write() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id).offset(5).limit(1)).one()
        payload = json.loads(entry.payload)
        payload["dossier"]["poison"] = True
        entry.payload = json.dumps(payload)
        poisoned = entry.idem_key
        session.execute(update(OutboxEntry).where(OutboxEntry.id == entry.id + 1).values(payload="{not json"))
        broken = session.get(OutboxEntry, entry.id + 1).idem_key
    adapter = Picky()
    report = SyncEngine(store, adapter, sync_admin.apply_pulled, batch_size=16).run_once(pull=False)
    local = keys_by_state(store)
    assert local["quarantined"] == {poisoned, broken}
    assert local["accepted"] == valid - {poisoned, broken}
    assert report.quarantined == 2 and adapter.calls <= 10
    reasons = {e.key: e.last_error for e in sync_admin.list_entries(store, "quarantined")}
    assert reasons[poisoned] == "[400] Mục hỏng"
    assert "JSON" in reasons[broken]


def test_malformed_answers_never_crash_and_entries_wait(store, tmp_path: Path) -> None:
    valid, _ = bulk_outbox(store, 5)
    with SimServer(tmp_path / "portal.sqlite3", Faults.parse("malformed=1.0,seed=3")) as sim:
        engine = engine_for(store, sim.url)
        report = engine.run_once()
    assert report.online is False and report.accepted == 0
    local = keys_by_state(store)
    assert local["pending"] == valid  # committed upstream, answer unreadable: resent later, deduped there
    assert portal_keys(tmp_path / "portal.sqlite3")[0] == valid


def test_supervisor_fixes_a_quarantined_payload_and_it_is_accepted(store, tmp_path: Path) -> None:
    valid, invalid = bulk_outbox(store, 5, invalid_every=5)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine = engine_for(store, sim.url)
        engine.run_once(pull=False)
        [entry] = sync_admin.list_entries(store, "quarantined")
        assert entry.key in invalid
        clerk = Actor(user_id=None, username="canbo1", role=CLERK)
        with pytest.raises(PermissionDenied):
            sync_admin.retry(store, clerk, [entry.id])
        assert sync_admin.retry(store, SUPERVISOR_ACTOR, [entry.id]) == 1
        engine.run_once(pull=False)  # still invalid: back in quarantine
        assert [e.id for e in sync_admin.list_entries(store, "quarantined")] == [entry.id]
        with pytest.raises(InvalidInput):
            sync_admin.fix_payload(store, SUPERVISOR_ACTOR, entry.id, "{broken")
        data = json.loads(entry.payload)
        with pytest.raises(InvalidInput, match="NgayTiepNhan"):
            sync_admin.fix_payload(store, SUPERVISOR_ACTOR, entry.id, json.dumps(data))
        data["dossier"]["NgayTiepNhan"] = "20261120091500"
        sync_admin.fix_payload(store, SUPERVISOR_ACTOR, entry.id, json.dumps(data))
        report = engine.run_once(pull=False)
    assert report.accepted == 1
    local = keys_by_state(store)
    assert local["accepted"] == valid | invalid and not local["quarantined"]
    items, twice, _ = portal_keys(tmp_path / "portal.sqlite3")
    assert items == valid | invalid and twice == 0


def test_counters_pulling_together_apply_an_upstream_change_once(store, tmp_path: Path) -> None:
    codes = _dossiers(store, 3)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine_for(store, sim.url).run_once()
        for code in codes:
            sim.state.mark_status(code, 9)
        engines = [engine_for(store, sim.url) for _ in range(3)]
        threads = [threading.Thread(target=e.run_once) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        engines[0].run_once()  # a SQLite drainer that found the lease busy catches up here
    with store.read() as session:
        events = session.scalar(select(func.count()).select_from(DossierEvent).where(DossierEvent.kind == "portal"))
        statuses = set(session.scalars(select(Dossier.status).where(Dossier.code.in_(codes))))
    assert events == 3 and statuses == {9}
