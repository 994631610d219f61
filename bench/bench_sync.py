"""Sync throughput to the local portal simulator, as a ratio to raw HTTP POSTs of the same bytes.

Both figures use the same httpx client settings against the same simulator process (started with
`counterdesk portal-sim`, as a portal is another machine) in the same run: the floor posts each
batch's exact body to the simulator's echo endpoint; the engine claims, sends and records the
same changes in a durable SQLite store, and the simulator validates and stores them. Target (DESIGN §8): ≥ 1,000 changes/s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select

from counterdesk.models import OutboxEntry
from counterdesk.services import sync_admin
from counterdesk.services.setup import open_store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.portal import DEFAULT_TIMEOUT, HttpPortalAdapter, PushItem, batch_body, batch_key

CHANGES = 5000
BATCH = 100
TARGET = 1000.0


def _record(i: int) -> dict[str, Any]:
    return {"MaHoSo": f"000.00.01.H29-261120-{i:05d}", "MaTTHC": "1.004873", "TenTTHC": "Đăng ký khai sinh",
            "MaDonVi": "000.00.01.H29", "ChuHoSo": "Nguyễn Văn An", "LoaiDoiTuong": 1,
            "NgayTiepNhan": "20261120091500", "NgayHenTra": "20261123091500", "TrangThaiHoSo": 2,
            "KenhThucHien": 1, "HinhThuc": 0, "NgayTra": None, "NgayKetThucXuLy": None}


def run(changes: int = CHANGES) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = open_store(f"sqlite:///{root / 'store.sqlite3'}", root)
        now = datetime.now(UTC)
        rows = [{"idem_key": uuid.uuid4().hex, "dossier_id": None, "kind": "dossier.received",
                 "payload": json.dumps({"kind": "dossier.received", "dossier": _record(i)}, ensure_ascii=False),
                 "state": "pending", "attempts": 0, "created_at": now, "last_error": ""} for i in range(changes)]
        with store.write() as session:
            session.execute(insert(OutboxEntry), rows)
            ids = list(session.scalars(select(OutboxEntry.id).order_by(OutboxEntry.id)))
        items = [PushItem(r["idem_key"], i, r["kind"], json.loads(r["payload"])["dossier"]) for r, i in zip(rows, ids, strict=True)]
        bodies = [batch_body(items[i:i + BATCH]) for i in range(0, len(items), BATCH)]
        sim = subprocess.Popen([sys.executable, "-m", "counterdesk", "--home", str(root), "portal-sim", "--port", "0",
                                "--db", str(root / "portal.sqlite3")], stdout=subprocess.PIPE, text=True)
        try:
            line = sim.stdout.readline() if sim.stdout else ""
            url = "http://" + line.split("http://", 1)[1].split()[0]
            with httpx.Client(base_url=url, timeout=DEFAULT_TIMEOUT) as client:
                client.post("/v1/echo", content=bodies[0])  # warm the connection
                start = time.perf_counter()
                for body in bodies:
                    client.post("/v1/echo", content=body, headers={
                        "Content-Type": "application/json", "Idempotency-Key": f'"{batch_key(body)}"'}).raise_for_status()
                raw = time.perf_counter() - start
            adapter = HttpPortalAdapter(url)
            engine = SyncEngine(store, adapter, sync_admin.apply_pulled, batch_size=BATCH)
            start = time.perf_counter()
            report = engine.run_once(pull=False)
            took = time.perf_counter() - start
            adapter.close()
        finally:
            sim.terminate()
            sim.wait(timeout=10)
        store.dispose()
    if report.accepted != changes:
        raise RuntimeError(f"only {report.accepted} of {changes} changes accepted: {report}")
    rate, floor = changes / took, changes / raw
    return [{"name": f"sync push {changes} changes, batches of {BATCH} (SQLite store)", "value": round(rate),
             "unit": "changes/s", "floor": round(floor), "ratio": round(rate / floor, 3), "target": TARGET}]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else CHANGES):
        print(row)
