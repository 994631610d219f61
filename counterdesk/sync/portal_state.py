"""The portal simulator's store and rules, independent of HTTP (so tests can also drive it directly).

Batches and item keys are deduplicated by :class:`~counterdesk.sync.sim.batch_state.BatchState`;
every applied effect goes to an append-only ``receipts`` table (so tests can prove "exactly once").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn
from counterdesk.sync.payload import ATTACHMENT_KIND, attachment_problems, record_problems
from counterdesk.sync.sim.batch_state import MAX_ITEMS, BatchState
from counterdesk.sync.sim.blob_store import BlobStore
from counterdesk.sync.sim.server import SimError

__all__ = ["MAX_ITEMS", "PortalState"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, code TEXT NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, digest TEXT NOT NULL, record TEXT NOT NULL, batch TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_items_code ON items (code, kind);
CREATE TABLE IF NOT EXISTS receipts (id INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dossiers (code TEXT PRIMARY KEY, status INTEGER NOT NULL, seq INTEGER NOT NULL,
    record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL,
    status INTEGER NOT NULL, finished TEXT, note TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS links (code TEXT NOT NULL, document TEXT NOT NULL, sha256 TEXT NOT NULL,
    kind TEXT NOT NULL, pages INTEGER NOT NULL, size INTEGER NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (code, document, sha256));
"""


class PortalState(BatchState):
    """The portal simulator's store and rules, independent of HTTP (so tests can also drive it directly)."""

    schema = SCHEMA

    def __init__(self, db_path: str | Path) -> None:
        super().__init__(db_path)
        self.blobs = BlobStore(Path(f"{self.db_path}.blobs"), self.count)

    def _apply_item(self, cur: sqlite3.Cursor, item: dict[str, Any], batch: str, now: str) -> dict[str, Any]:
        key = item["key"]
        record, kind, seq = item.get("record"), item.get("kind"), item.get("seq")
        text, digest = self.item_digest(item)
        if (known := self._known(cur, "items", key, digest)) is not None:
            return known
        if kind == ATTACHMENT_KIND:
            return self._link(cur, item, text, digest, batch, now)
        problems = record_problems(record)
        if problems:
            return self._reject(cur, key, "invalid", " ".join(problems))
        assert isinstance(record, dict)  # parse_batch checked the shape
        code, status = record["MaHoSo"], record["TrangThaiHoSo"]
        if kind == "dossier.received" and cur.execute(
                "SELECT 1 FROM items WHERE code=? AND kind='dossier.received'", (code,)).fetchone():
            # Another store (a satellite point with the same agency code) already used this code.
            return self._reject(cur, key, "duplicate_code",
                                f"Cổng đã có hồ sơ mã {code} do nơi khác gửi (trùng mã hồ sơ); "
                                "kiểm tra khối số hồ sơ của từng điểm tiếp nhận.")
        cur.execute("INSERT INTO items (key, code, seq, kind, digest, record, batch, at) VALUES (?,?,?,?,?,?,?,?)",
                    (key, code, seq, kind, digest, text, batch, now))
        cur.execute("INSERT INTO receipts (key, at) VALUES (?, ?)", (key, now))
        # Latest local change wins whatever order batches arrive in (concurrent counters).
        cur.execute("INSERT INTO dossiers (code, status, seq, record) VALUES (?,?,?,?) "
                    "ON CONFLICT(code) DO UPDATE SET status=excluded.status, seq=excluded.seq, record=excluded.record "
                    "WHERE excluded.seq > dossiers.seq", (code, status, seq, text))
        self.count("accepted")
        return {"key": key, "status": "accepted"}

    def _link(self, cur: sqlite3.Cursor, item: dict[str, Any], text: str, digest: str, batch: str,
              now: str) -> dict[str, Any]:
        """Link a verified upload to a dossier's component, once per (dossier, document, content)."""
        key, record = item["key"], item["record"]
        problems = attachment_problems(record)
        if problems:
            return self._reject(cur, key, "invalid", " ".join(problems))
        size = self.blobs.complete_size(record["sha256"])
        if size is None or size != record["KichThuoc"]:
            return self._reject(cur, key, "attachment_missing",
                                "Cổng chưa có đủ tệp bản quét này (chưa tải lên hoặc chưa xác nhận mã băm).")
        code = record["MaHoSo"]
        cur.execute("INSERT INTO items (key, code, seq, kind, digest, record, batch, at) VALUES (?,?,?,?,?,?,?,?)",
                    (key, code, item["seq"], ATTACHMENT_KIND, digest, text, batch, now))
        cur.execute("INSERT INTO receipts (key, at) VALUES (?, ?)", (key, now))
        cur.execute("INSERT INTO links (code, document, sha256, kind, pages, size, key) VALUES (?,?,?,?,?,?,?) "
                    "ON CONFLICT DO NOTHING",
                    (code, record["TenGiayTo"], record["sha256"], record["LoaiTep"], record["SoTrang"], size, key))
        self.count("accepted")
        self.count("attachment.linked")
        return {"key": key, "status": "accepted"}

    # -------------------------------------------------------------- pull and upstream changes
    def changes(self, cursor: str, limit: int) -> dict[str, Any]:
        if cursor and not (cursor.isdigit() and len(cursor) <= 18):
            raise SimError(400, "Con trỏ không hợp lệ.")
        if not 1 <= limit <= 1000:
            raise SimError(400, "limit phải trong khoảng 1–1000.")
        after = int(cursor or 0)
        with self.lock:
            rows = self.conn.execute("SELECT seq, code, status, finished, note FROM changes WHERE seq > ? "
                                     "ORDER BY seq LIMIT ?", (after, limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        changes = [{"seq": r[0], "MaHoSo": r[1], "TrangThaiHoSo": r[2], "NgayKetThucXuLy": r[3], "GhiChu": r[4]}
                   for r in rows]
        next_cursor = str(rows[-1][0]) if rows else (cursor or "0")
        return {"changes": changes, "next_cursor": next_cursor, "more": more}

    def mark_status(self, code: str, status: Any, note: str = "") -> dict[str, Any]:
        """An upstream officer moves a dossier on (e.g. 9, result ready); pull brings it back."""
        if not st.is_code(status):
            raise SimError(400, "TrangThaiHoSo phải là số từ 1 đến 10.")
        finished = now_vn().strftime("%Y%m%d%H%M%S") if status in st.TERMINAL else None
        with self.lock:
            found = self.conn.execute("SELECT 1 FROM dossiers WHERE code=?", (code,)).fetchone()
            if found is None:
                raise SimError(404, "Cổng chưa có hồ sơ này.")
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("UPDATE dossiers SET status=? WHERE code=?", (status, code))
            cur.execute("INSERT INTO changes (code, status, finished, note) VALUES (?,?,?,?)",
                        (code, status, finished, note[:500]))
            seq = cur.lastrowid
            cur.execute("COMMIT")
        return {"seq": seq, "MaHoSo": code, "TrangThaiHoSo": status}

    def stats(self) -> dict[str, Any]:
        with self.lock:
            items = self.conn.execute("SELECT count(*) FROM items").fetchone()[0]
            receipts = self.conn.execute("SELECT count(*) FROM receipts").fetchone()[0]
            twice = self.conn.execute("SELECT count(*) FROM (SELECT key FROM receipts GROUP BY key "
                                      "HAVING count(*) > 1)").fetchone()[0]
            dossiers = self.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
            links = self.conn.execute("SELECT count(*) FROM links").fetchone()[0]
        blobs, blob_bytes = self.blobs.totals()
        with self.inflight_lock:
            counters = dict(self.counters)
        return {"items": items, "receipts": receipts, "applied_twice": twice, "dossiers": dossiers,
                "attachments": links, "attachment_files": blobs, "attachment_bytes": blob_bytes,
                "counters": counters}

