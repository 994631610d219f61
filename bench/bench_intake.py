"""Intake save + receipt PDF (DESIGN §8: ≤ 150 ms median), against a raw durable SQLite insert.

One run = what the clerk waits for after Ctrl+Enter: ``intake.accept`` (applicant upsert,
duplicate check, due date, dossier code, event, outbox row, audit entry, one BEGIN IMMEDIATE
transaction with synchronous=FULL) plus ``receipts.receipt_data`` and the Mẫu 01 render. The floor
is one ``BEGIN IMMEDIATE; INSERT; COMMIT`` through the sqlite3 module on a file with the same
durability settings (WAL, synchronous=FULL) in the same directory, i.e. the fsync the commit
cannot avoid. The share of the time spent generating the PDF is reported as its own row.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

RUNS = 31


def _floor_ms(directory: Path, runs: int = RUNS) -> float:
    conn = sqlite3.connect(directory / "floor.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT, payload TEXT)")
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (code, payload) VALUES (?, ?)", (f"X-{i:04d}", "x" * 400))
        conn.execute("COMMIT")
        if i:
            times.append(time.perf_counter() - started)
    conn.close()
    return statistics.median(times) * 1000


def run() -> list[dict[str, object]]:
    from counterdesk.domain.clock import VN_TZ
    from counterdesk.domain.roles import Actor
    from counterdesk.services import intake, receipts
    from counterdesk.services.intake import ApplicantInput, IntakeRequest
    from counterdesk.services.setup import open_store

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        floor = _floor_ms(directory)
        store = open_store(f"sqlite:///{directory / 'bench.sqlite3'}", directory)
        actor = Actor(3, "canbo1", "clerk")
        base = IntakeRequest(
            procedure_code="1.004873",
            applicant=ApplicantInput("Nguyễn Văn An", "001090123456", date(1990, 1, 1), "Nam", "0912345678",
                                     "", "Phường Sài Gòn, TP. Hồ Chí Minh"),
            received_at=datetime(2026, 11, 20, 9, 15, tzinfo=VN_TZ),
        )
        accept_ms, pdf_ms, total_ms = [], [], []
        for i in range(RUNS + 1):
            applicant = replace(base.applicant, id_number=f"001090{i:06d}")
            started = time.perf_counter()
            result = intake.accept(store, replace(base, applicant=applicant), actor)
            saved = time.perf_counter()
            pdf = receipts.render("receipt", receipts.receipt_data(store, result.code))
            done = time.perf_counter()
            assert pdf.startswith(b"%PDF")
            if i:  # the first run pays for imports, font registration and caches
                accept_ms.append((saved - started) * 1000)
                pdf_ms.append((done - saved) * 1000)
                total_ms.append((done - started) * 1000)
        store.dispose()
    total = statistics.median(total_ms)
    save = statistics.median(accept_ms)
    render = statistics.median(pdf_ms)
    return [
        {"name": "intake save + receipt PDF, median", "value": total, "unit": "ms", "floor": floor,
         "ratio": total / floor, "target": "≤ 150 ms"},
        {"name": "intake save (accept, one transaction)", "value": save, "unit": "ms", "floor": floor,
         "ratio": save / floor, "target": ""},
        {"name": "receipt data + PDF render", "value": render, "unit": "ms", "floor": floor,
         "ratio": render / floor, "target": ""},
        {"name": "share of intake time in PDF generation", "value": 100 * render / total, "unit": "%",
         "floor": None, "ratio": None, "target": ""},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<42} {row['value']:>8.1f} {row['unit']:<3} floor {row['floor'] or 0:.2f} ms  "
              f"ratio {row['ratio'] or 0:.1f}  {row['target']}")
