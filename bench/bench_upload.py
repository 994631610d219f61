"""Scan upload throughput to the local portal simulator, as a ratio to raw HTTP PUTs of the same bytes.

The simulator runs in its own process (`counterdesk portal-sim`, as a portal is another machine).
The floor PUTs every scan's bytes, read from the same files in the same chunks, to the simulator's
echo endpoint with the same httpx client settings; the measured figure is the sync engine claiming
the scans' outbox rows, asking the portal's offset, sending the chunks, committing (the simulator
writes each chunk to disk and hashes the whole upload) and linking each scan to its dossier.
Target (issue 17): ≥ 20 MB/s.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from counterdesk.models import OutboxEntry
from counterdesk.services import sync_admin
from counterdesk.services.setup import open_store
from counterdesk.store.files import FileStore
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.payload import ATTACHMENT_FIELD, ATTACHMENT_KIND, attachment_record
from counterdesk.sync.portal import DEFAULT_TIMEOUT, HttpPortalAdapter
from counterdesk.sync.upload import DEFAULT_CHUNK

FILES = 8
SIZE_MB = 8
TARGET = 20.0  # MB/s


def _scans(store: Any, files: FileStore, n: int, size: int) -> list[tuple[str, int]]:
    rng = random.Random(17)
    now = datetime.now(UTC)
    made, rows = [], []
    for i in range(n):
        stored = files.put(rng.randbytes(size))
        made.append((stored.sha256, stored.size))
        record = attachment_record(f"000.00.01.H29-261120-{i:05d}", "Tờ khai", "component", stored.sha256,
                                   stored.size, 4, "application/pdf")
        rows.append({"idem_key": uuid.uuid4().hex, "dossier_id": None, "kind": ATTACHMENT_KIND,
                     "payload": json.dumps({"kind": ATTACHMENT_KIND, ATTACHMENT_FIELD: record}, ensure_ascii=False),
                     "state": "pending", "attempts": 0, "created_at": now, "last_error": ""})
    with store.write() as session:
        session.execute(insert(OutboxEntry), rows)
    return made


def _raw_puts(url: str, files: FileStore, scans: list[tuple[str, int]], chunk: int) -> float:
    with httpx.Client(base_url=url, timeout=DEFAULT_TIMEOUT) as client:
        client.put("/v1/echo", content=b"warm")
        start = time.perf_counter()
        for sha, size in scans:
            with files.path_of(sha).open("rb") as fh:
                offset = 0
                while offset < size:
                    data = fh.read(chunk)
                    client.put("/v1/echo", content=data, headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Range": f"bytes {offset}-{offset + len(data) - 1}/{size}"}).raise_for_status()
                    offset += len(data)
        return time.perf_counter() - start


def run(n_files: int = FILES, size_mb: float = SIZE_MB) -> list[dict[str, Any]]:
    size = int(size_mb * 1024 * 1024)
    total_mb = n_files * size / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = open_store(f"sqlite:///{root / 'store.sqlite3'}", root)
        files = FileStore(root / "attachments")
        scans = _scans(store, files, n_files, size)
        sim = subprocess.Popen([sys.executable, "-m", "counterdesk", "--home", str(root), "portal-sim", "--port", "0",
                                "--db", str(root / "portal.sqlite3")], stdout=subprocess.PIPE, text=True)
        try:
            line = sim.stdout.readline() if sim.stdout else ""
            url = "http://" + line.split("http://", 1)[1].split()[0]
            raw = _raw_puts(url, files, scans, DEFAULT_CHUNK)
            adapter = HttpPortalAdapter(url)
            engine = SyncEngine(store, adapter, sync_admin.apply_pulled, batch_size=n_files, files=files)
            start = time.perf_counter()
            report = engine.run_once(pull=False)
            took = time.perf_counter() - start
            stats = httpx.get(f"{url}/v1/admin/stats").json()
            adapter.close()
        finally:
            sim.terminate()
            sim.wait(timeout=10)
        store.dispose()
    if report.accepted != n_files or stats["attachments"] != n_files:
        raise RuntimeError(f"only {report.accepted} of {n_files} scans linked: {report}")
    rate, floor = total_mb / took, total_mb / raw
    return [{"name": f"upload {n_files} scans of {size_mb:g} MB in {DEFAULT_CHUNK >> 20} MB chunks (SQLite store)",
             "value": round(rate, 1), "unit": "MB/s", "floor": round(floor, 1), "ratio": round(rate / floor, 3),
             "target": TARGET}]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else FILES,
                   float(sys.argv[2]) if len(sys.argv) > 2 else SIZE_MB):
        print(row)
