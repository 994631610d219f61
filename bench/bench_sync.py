"""Sync throughput to the local portal simulator, as a ratio to raw HTTP POSTs of the same bytes.

Both figures use the same httpx client settings against the same simulator in the same run: the
floor posts each batch's exact body to the simulator's echo endpoint; the engine claims, sends and
records the same changes in a durable SQLite store. Target (DESIGN §8): ≥ 1,000 changes/s.
"""

from __future__ import annotations

import json
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
from counterdesk.services.setup import open_store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.portal import DEFAULT_TIMEOUT, HttpPortalAdapter, PushItem, batch_body, batch_key
from counterdesk.sync.portal_sim import SimServer

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
        with SimServer(root / "floor.sqlite3") as floor_sim, SimServer(root / "portal.sqlite3") as sim:
            with httpx.Client(base_url=floor_sim.url, timeout=DEFAULT_TIMEOUT) as client:
                client.post("/v1/echo", content=bodies[0])  # warm the connection
                start = time.perf_counter()
                for body in bodies:
                    client.post("/v1/echo", content=body, headers={
                        "Content-Type": "application/json", "Idempotency-Key": f'"{batch_key(body)}"'}).raise_for_status()
                raw = time.perf_counter() - start
            adapter = HttpPortalAdapter(sim.url)
            engine = SyncEngine(store, adapter, batch_size=BATCH)
            start = time.perf_counter()
            report = engine.run_once(pull=False)
            took = time.perf_counter() - start
            adapter.close()
        store.dispose()
    if report.accepted != changes:
        raise RuntimeError(f"only {report.accepted} of {changes} changes accepted: {report}")
    rate, floor = changes / took, changes / raw
    return [{"name": f"sync push {changes} changes, batches of {BATCH} (SQLite store)", "value": round(rate),
             "unit": "changes/s", "floor": round(floor), "ratio": round(rate / floor, 3), "target": TARGET}]


def main() -> int:
    rows = run(int(sys.argv[1]) if len(sys.argv) > 1 else CHANGES)
    print(f"{'benchmark':58} {'value':>9} {'unit':10} {'floor':>9} {'ratio':>6} {'target':>7}")
    for r in rows:
        print(f"{r['name']:58} {r['value']:>9} {r['unit']:10} {r['floor']:>9} {r['ratio']:>6} {r['target']:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
