"""Helpers for scan-upload tests: scans attached through the service's own writer, and checks."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import httpx
from sqlalchemy import select

from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.models import Dossier, OutboxEntry
from counterdesk.services import attachments, sync_admin
from counterdesk.store.files import FileStore
from counterdesk.store.uow import Store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.payload import ATTACHMENT_KIND
from counterdesk.sync.portal import HttpPortalAdapter
from tests.factories import make_dossier, vn
from tests.helpers.scans import shared_scans

APPLICANT = "Nguyễn Văn An"  # make_dossier's applicant: must never reach a log


def scans_home(store: Store, tmp_path: Path) -> tuple[Path, FileStore]:
    """The data home and the scans folder (PostgreSQL: a shared folder, as an office sets it)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    shared_scans(store, tmp_path)
    return home, attachments.file_store(store, home)


def attach_scans(store: Store, files: FileStore, n: int, *, size: int, seed: int = 1) -> dict[str, bytes]:
    """``n`` scans of about ``size`` random bytes on one dossier's components; {sha256: bytes}.

    The bytes are written to the file store first, then the attachment row is recorded by the
    service's own writer (attachments._record), which also writes the outbox row.
    """
    rng = random.Random(seed)
    names = [f"Giấy tờ số {i + 1}" for i in range(n)]
    with store.write() as s:
        dossier = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"))
        dossier.documents = [{"name": name, "originals": 1, "copies": 0} for name in names]
        dossier_id = dossier.id
    expected: dict[str, bytes] = {}
    for i, name in enumerate(names):
        data = rng.randbytes(size + rng.randrange(1, 4096))
        stored = files.put(data)
        expected[stored.sha256] = data
        with store.write() as s:
            found = s.get(Dossier, dossier_id)
            assert found is not None
            attachments._record(s, found, name, attachments.COMPONENT, stored.sha256, stored.size, i + 1,
                                SYSTEM_ACTOR)
    return expected


def upload_engine(store: Store, url: str, files: FileStore, *, chunk_size: int = 64 * 1024,
                  batch_size: int = 4, read_timeout: float = 30.0) -> SyncEngine:
    timeout = httpx.Timeout(connect=5.0, read=read_timeout, write=5.0, pool=5.0)
    return SyncEngine(store, HttpPortalAdapter(url, timeout=timeout), sync_admin.apply_pulled, batch_size=batch_size,
                      retry=sync_admin.quick_policy(base=0.005, cap=0.05), files=files, chunk_size=chunk_size)


def scan_entries(store: Store) -> dict[str, str]:
    """{idem_key: state} of the outbox rows that send scans."""
    with store.read() as s:
        return dict(s.execute(select(OutboxEntry.idem_key, OutboxEntry.state)
                              .where(OutboxEntry.kind == ATTACHMENT_KIND)).all())


def assert_scans_exactly_once(store: Store, sim_db: Path, expected: dict[str, bytes]) -> None:
    """Each scan's bytes are at the portal, intact; each is linked once; the store agrees."""
    local = scan_entries(store)
    assert len(local) == len(expected)
    assert set(local.values()) == {"accepted"}
    conn = sqlite3.connect(sim_db)
    try:
        items = {k for (k,) in conn.execute("SELECT key FROM items WHERE kind=?", (ATTACHMENT_KIND,))}
        twice = conn.execute("SELECT count(*) FROM (SELECT key FROM receipts GROUP BY key HAVING count(*) > 1)"
                             ).fetchone()[0]
        links = {sha for (sha,) in conn.execute("SELECT sha256 FROM links")}
        n_links = conn.execute("SELECT count(*) FROM links").fetchone()[0]
    finally:
        conn.close()
    assert twice == 0
    assert items == set(local)
    assert links == set(expected) and n_links == len(expected)
    blobs = Path(f"{sim_db}.blobs")
    for sha, data in expected.items():
        held = (blobs / sha).read_bytes()
        assert held == data and hashlib.sha256(held).hexdigest() == sha
    assert not list(blobs.glob("*.part"))
