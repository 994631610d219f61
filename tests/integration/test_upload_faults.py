"""Scans reach the portal exactly once, on SQLite and PostgreSQL, under every injected fault and
across a sender killed mid-upload; an interrupted upload resumes from the portal's offset."""

from __future__ import annotations

import hashlib
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from counterdesk.logging_setup import install
from counterdesk.models import OutboxEntry
from counterdesk.services import attachments, settings, sync_admin
from counterdesk.store.uow import Store
from counterdesk.sync.payload import ATTACHMENT_KIND
from counterdesk.sync.portal_sim import Faults, SimServer
from tests.factories import make_dossier, vn
from tests.helpers.scans import text_page
from tests.sync_support import drain_until_done
from tests.upload_support import (
    APPLICANT,
    assert_scans_exactly_once,
    attach_scans,
    scan_entries,
    scans_home,
    upload_engine,
)

FAULTS = {
    "drop": "drop=0.3,seed=21",
    "5xx": "5xx=0.3,seed=22",
    "latency": "latency=5ms,seed=23",
    "lost": "lost=0.3,seed=24",  # processed, answer lost: the resend is a duplicate
    "429": "429=0.3,retry_after=0,seed=25",
    "malformed": "malformed=0.3,seed=26",
    "corrupt": "corrupt=0.2,seed=27",  # a chunk damaged on the way: the hash check refuses, resent
    "timeout": "timeout=0.2,stall=400ms,seed=28",  # the sender gives up after 0.15 s (below)
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_uploads_every_scan_exactly_once(store: Store, tmp_path: Path, name: str) -> None:
    _home, files = scans_home(store, tmp_path)
    expected = attach_scans(store, files, 6, size=150_000, seed=len(name))
    sim_db = tmp_path / "portal.sqlite3"
    with SimServer(sim_db, Faults.parse(FAULTS[name])) as sim:
        engine = upload_engine(store, sim.url, files, read_timeout=0.15 if name == "timeout" else 30.0)
        drain_until_done(engine)
        engine.adapter.close()
        stats = sim.state.stats()
    assert_scans_exactly_once(store, sim_db, expected)
    assert stats["attachments"] == 6 and stats["attachment_files"] == 6
    assert stats["attachment_bytes"] == sum(len(b) for b in expected.values())
    if name != "latency":
        assert stats["counters"].get(f"fault.{name}", 0) > 0  # the fault really happened
    if name == "corrupt":
        assert stats["counters"].get("attachment.hash_mismatch", 0) > 0  # refused, then sent again


def test_attach_writes_its_outbox_row_in_the_same_transaction(store: Store, tmp_path: Path) -> None:
    home, _files = scans_home(store, tmp_path)
    with store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"))
        d.documents = [{"name": "Tờ khai", "originals": 1, "copies": 0}]
        code = d.code
    view = attachments.attach(store, home, code, [("p1.png", text_page())])
    with store.read() as s:
        rows = s.execute(select(OutboxEntry.kind, OutboxEntry.payload, OutboxEntry.dossier_id)
                         .where(OutboxEntry.kind == ATTACHMENT_KIND)).all()
    assert len(rows) == 1
    assert view.sha256 in rows[0].payload and '"SoTrang": 1' in rows[0].payload
    assert APPLICANT not in rows[0].payload  # the link carries no personal data
    # a failing transaction writes neither the attachment nor its outbox row
    with pytest.raises(RuntimeError), store.write() as s:
        from counterdesk.models import Dossier

        found = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        attachments._record(s, found, "Tờ khai", attachments.COMPONENT, view.sha256, view.size, 1,
                            attachments.SYSTEM_ACTOR)
        raise RuntimeError("crash before commit")
    assert len(scan_entries(store)) == 1 and len(attachments.list_files(store, code)) == 1


def test_resumed_upload_sends_only_the_missing_bytes(store: Store, tmp_path: Path) -> None:
    _home, files = scans_home(store, tmp_path)
    expected = attach_scans(store, files, 1, size=1_000_000)
    (sha, data), = expected.items()
    half = 400_000
    sim_db = tmp_path / "portal.sqlite3"
    with SimServer(sim_db) as sim:
        # an earlier run got 400,000 bytes across before it was cut off
        answer = httpx.put(f"{sim.url}/v1/attachments/{sha}", content=data[:half],
                           headers={"Content-Range": f"bytes 0-{half - 1}/{len(data)}"})
        assert answer.json() == {"sha256": sha, "offset": half, "complete": False}
        engine = upload_engine(store, sim.url, files, chunk_size=128 * 1024)
        report = engine.run_once(pull=False)
        engine.adapter.close()
        stats = sim.state.stats()
    assert report.uploads == 1 and report.upload_bytes == len(data) - half
    assert stats["counters"]["attachment.bytes_received"] == len(data)  # not one byte twice
    assert_scans_exactly_once(store, sim_db, expected)


def test_scan_already_at_the_portal_is_linked_without_sending_bytes(store: Store, tmp_path: Path) -> None:
    """Idempotent by content: the same ID card re-used by two dossiers crosses the line once."""
    _home, files = scans_home(store, tmp_path)
    first = attach_scans(store, files, 2, size=50_000, seed=5)
    second = attach_scans(store, files, 2, size=50_000, seed=5)  # same bytes, another dossier
    assert first == second
    sim_db = tmp_path / "portal.sqlite3"
    with SimServer(sim_db) as sim:
        engine = upload_engine(store, sim.url, files)
        drain_until_done(engine)
        engine.adapter.close()
        stats = sim.state.stats()
    assert stats["attachment_files"] == 2 and stats["attachments"] == 4  # two dossiers, two links each
    assert stats["counters"]["attachment.bytes_received"] == sum(len(b) for b in first.values())
    assert set(scan_entries(store).values()) == {"accepted"}


def test_corrupted_upload_is_refused_by_the_portal(tmp_path: Path) -> None:
    data = random.Random(3).randbytes(10_000)
    sha = hashlib.sha256(data).hexdigest()
    with SimServer(tmp_path / "portal.sqlite3") as sim, httpx.Client(base_url=sim.url) as client:
        bad = data[:5000] + bytes([data[5000] ^ 1]) + data[5001:]
        client.put(f"/v1/attachments/{sha}", content=bad, headers={"Content-Range": f"bytes 0-9999/{len(data)}"})
        refused = client.post(f"/v1/attachments/{sha}/commit", json={"size": len(data)})
        assert refused.status_code == 409 and refused.json()["code"] == "hash_mismatch"
        assert client.get(f"/v1/attachments/{sha}").json() == {"sha256": sha, "offset": 0, "complete": False}
        # a chunk that does not start at the portal's offset is refused with the offset to use
        skipped = client.put(f"/v1/attachments/{sha}", content=data[5000:],
                             headers={"Content-Range": f"bytes 5000-9999/{len(data)}"})
        assert skipped.status_code == 409 and skipped.json()["offset"] == 0
        client.put(f"/v1/attachments/{sha}", content=data, headers={"Content-Range": f"bytes 0-9999/{len(data)}"})
        done = client.post(f"/v1/attachments/{sha}/commit", json={"size": len(data)})
        assert done.json() == {"sha256": sha, "offset": len(data), "complete": True}
        assert sim.state.stats()["attachment_files"] == 1


def test_altered_local_scan_is_quarantined_not_sent(store: Store, tmp_path: Path) -> None:
    _home, files = scans_home(store, tmp_path)
    expected = attach_scans(store, files, 2, size=20_000)
    altered, intact = sorted(expected)
    files.path_of(altered).write_bytes(b"x" * len(expected[altered]))  # same size, other bytes
    sim_db = tmp_path / "portal.sqlite3"
    with SimServer(sim_db) as sim:
        engine = upload_engine(store, sim.url, files)
        drain_until_done(engine)
        engine.adapter.close()
        stats = sim.state.stats()
    states = sorted(scan_entries(store).values())
    assert states == ["accepted", "quarantined"]
    assert stats["attachments"] == 1 and stats["attachment_files"] == 1
    assert (Path(f"{sim_db}.blobs") / intact).is_file() and not (Path(f"{sim_db}.blobs") / altered).exists()
    quarantined = [e for e in sync_admin.list_entries(store, "quarantined", kind="attachment")]
    assert len(quarantined) == 1 and "bản sao lưu" in quarantined[0].last_error


def test_upload_logs_no_file_content_hash_or_personal_data(store: Store, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "counterdesk.log"
    install(logging.DEBUG, log_file=log_file, stream=False)
    try:
        _home, files = scans_home(store, tmp_path)
        expected = attach_scans(store, files, 3, size=100_000)
        with SimServer(tmp_path / "portal.sqlite3", Faults.parse("drop=0.2,corrupt=0.2,seed=9")) as sim:
            engine = upload_engine(store, sim.url, files)
            drain_until_done(engine)
            engine.adapter.close()
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        install(logging.WARNING, stream=False)
        logging.getLogger().handlers.clear()
    text = log_file.read_text(encoding="utf-8")
    assert "scan sent" in text  # the upload was logged, and only as figures
    for sha, data in expected.items():
        assert sha not in text and sha[:16] not in text
        assert data[:32].hex() not in text
    raw = log_file.read_bytes()
    assert not any(data[1000:1032] in raw for data in expected.values())
    assert APPLICANT not in text and "001090123456" not in text


def _sender(db_url: str, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, COUNTERDESK_HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.Popen([sys.executable, "-m", "counterdesk", "--db", db_url, "sync", "--once", "--backoff", "0.005"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _parts(sim_db: Path) -> int:
    """Bytes of uploads the portal holds unfinished (a kill now is a kill mid-upload)."""
    return sum(p.stat().st_size for p in Path(f"{sim_db}.blobs").glob("*.part"))


def test_sender_killed_mid_upload_resumes_and_delivers_once(store: Store, db_url: str, tmp_path: Path) -> None:
    """8 scans of ~1 MB in 64 KB chunks; the sender is SIGKILLed while an upload is half done and
    restarted: every scan arrives once, and each restart continues from the portal's offset."""
    home, files = scans_home(store, tmp_path)
    expected = attach_scans(store, files, 8, size=1_000_000, seed=4)
    total = sum(len(b) for b in expected.values())
    chunk = 64 * 1024
    settings.set_value(store, "portal.upload_chunk_kb", "64")
    settings.set_value(store, "portal.batch_size", "3")
    sim_db = tmp_path / "portal.sqlite3"
    rng = random.Random(8)
    kills = mid_upload = 0
    with SimServer(sim_db, Faults.parse("latency=15ms,seed=2")) as sim:
        settings.set_value(store, "portal.url", sim.url)
        deadline = time.monotonic() + 150
        for _ in range(40):
            proc = _sender(db_url, home)
            if kills < 4:
                started = time.monotonic()
                while proc.poll() is None and time.monotonic() - started < 20 and _parts(sim_db) == 0:
                    time.sleep(0.01)
                time.sleep(rng.uniform(0.0, 0.2))
                if proc.poll() is None:
                    in_flight = _parts(sim_db) > 0
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    kills += 1
                    mid_upload += in_flight
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if set(scan_entries(store).values()) == {"accepted"} or time.monotonic() > deadline:
                break
        stats = sim.state.stats()
    assert kills >= 3 and mid_upload >= 1
    assert_scans_exactly_once(store, sim_db, expected)
    # resumed, not restarted: at most the chunk in flight at each kill crossed the line twice
    assert total <= stats["counters"]["attachment.bytes_received"] <= total + kills * chunk


def test_unreachable_scans_folder_holds_scans_back_and_lets_dossiers_go(store: Store, tmp_path: Path) -> None:
    from counterdesk.domain.errors import InvalidInput
    from tests.sync_support import bulk_outbox, keys_by_state

    _home, files = scans_home(store, tmp_path)
    attach_scans(store, files, 2, size=10_000)
    valid, _invalid = bulk_outbox(store, 3)
    with SimServer(tmp_path / "portal.sqlite3") as sim:
        engine = upload_engine(store, sim.url, files)
        engine.files = None  # the shared folder is not mounted
        engine.run_once(pull=False)
        engine.adapter.close()
    assert keys_by_state(store)["accepted"] == valid
    held = sync_admin.list_entries(store, "pending", kind="attachment")
    assert len(held) == 2 and all("thư mục bản quét" in e.last_error for e in held)
    # the supervisor's payload editor checks a scan's link record like the portal does
    with pytest.raises(InvalidInput, match="sha256"):
        sync_admin.check_payload('{"kind": "attachment.linked", "attachment": {"MaHoSo": "X", "TenGiayTo": "Y", '
                                 '"LoaiTep": "component", "SoTrang": 1, "KichThuoc": 5, "sha256": "nope"}}')


def test_large_scan_is_streamed_in_chunks_not_read_whole(store: Store, tmp_path: Path) -> None:
    """A 24 MB scan crosses in 256 KB chunks: the sender (and the simulator in this process) never
    holds more than a few chunks of it in memory."""
    import tracemalloc

    _home, files = scans_home(store, tmp_path)
    expected = attach_scans(store, files, 1, size=24 * 1024 * 1024, seed=6)
    size = sum(len(b) for b in expected.values())
    expected_sha = next(iter(expected))
    del expected
    sim_db = tmp_path / "portal.sqlite3"
    with SimServer(sim_db) as sim:
        engine = upload_engine(store, sim.url, files, chunk_size=256 * 1024)
        tracemalloc.start()
        try:
            report = engine.run_once(pull=False)
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        engine.adapter.close()
    assert report.uploads == 1 and report.upload_bytes == size
    assert (Path(f"{sim_db}.blobs") / expected_sha).stat().st_size == size
    assert peak < 6 * 1024 * 1024  # a quarter of the file; reading it whole would be 24 MB
