"""The portal simulator's store and rules, independent of HTTP (so tests can also drive it directly).

It keeps its own SQLite file, dedupes items by their idempotency key (same key and record →
"duplicate"; same key, other record → rejected), replays a batch's stored answer for a repeated
Idempotency-Key (other body → 422, still in flight → 409), and records every applied effect in an
append-only ``receipts`` table (so tests can prove "exactly once").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counterdesk.domain.clock import now_vn
from counterdesk.sync.payload import record_problems
from counterdesk.sync.sim.server import SimError

MAX_ITEMS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, code TEXT NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, digest TEXT NOT NULL, record TEXT NOT NULL, batch TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_items_code ON items (code, kind);
CREATE TABLE IF NOT EXISTS receipts (id INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rejections (id INTEGER PRIMARY KEY, key TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (key TEXT PRIMARY KEY, digest TEXT NOT NULL, answer TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dossiers (code TEXT PRIMARY KEY, status INTEGER NOT NULL, seq INTEGER NOT NULL,
    record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL,
    status INTEGER NOT NULL, finished TEXT, note TEXT NOT NULL DEFAULT '');
"""




class PortalState:
    """The simulator's store and rules, independent of HTTP (so tests can also drive it directly)."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        self.conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)
        self.lock = threading.Lock()
        self.inflight: set[str] = set()
        self.inflight_lock = threading.Lock()
        self.counters: dict[str, int] = {}

    def count(self, name: str, n: int = 1) -> None:
        with self.inflight_lock:
            self.counters[name] = self.counters.get(name, 0) + n

    def close(self) -> None:
        self.conn.close()

    # -------------------------------------------------------------- push
    @staticmethod
    def parse_batch(body: bytes) -> list[dict[str, Any]]:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise SimError(400, "Nội dung yêu cầu không phải JSON.") from None
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
            raise SimError(400, f"Cần trường 'items' là danh sách 1–{MAX_ITEMS} mục.")
        for item in items:
            if not isinstance(item, dict):
                raise SimError(400, "Mỗi mục phải là một đối tượng JSON.")
            key, seq, kind = item.get("key"), item.get("seq"), item.get("kind")
            if not isinstance(key, str) or not 1 <= len(key) <= 64:
                raise SimError(400, "Mỗi mục cần 'key' là chuỗi 1–64 ký tự.")
            if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
                raise SimError(400, f"Mục {key}: 'seq' phải là số nguyên không âm.")
            if not isinstance(kind, str) or not 1 <= len(kind) <= 30:
                raise SimError(400, f"Mục {key}: 'kind' phải là chuỗi 1–30 ký tự.")
            if not isinstance(item.get("record"), dict):
                raise SimError(400, f"Mục {key}: 'record' phải là một đối tượng JSON.")
        return items

    def push(self, idem_key: str, body: bytes) -> dict[str, Any]:
        """Process one batch under its Idempotency-Key; the answer is stored and replayed."""
        if not 1 <= len(idem_key) <= 255:
            raise SimError(400, "Thiếu tiêu đề Idempotency-Key (1–255 ký tự).")
        items = self.parse_batch(body)
        digest = hashlib.sha256(body).hexdigest()
        with self.inflight_lock:
            if idem_key in self.inflight:
                raise SimError(409, "Lô với khoá này đang được xử lý; thử lại sau.")
            self.inflight.add(idem_key)
        try:
            with self.lock:
                row = self.conn.execute("SELECT digest, answer FROM batches WHERE key=?", (idem_key,)).fetchone()
                if row is not None:
                    if row[0] != digest:
                        raise SimError(422, "Idempotency-Key đã dùng cho một lô có nội dung khác.")
                    self.count("replayed")
                    answer: dict[str, Any] = json.loads(row[1])
                    return answer
                return self._apply_batch(idem_key, digest, items)
        finally:
            with self.inflight_lock:
                self.inflight.discard(idem_key)

    def _apply_batch(self, idem_key: str, digest: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat()
        results: list[dict[str, Any]] = []
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for item in items:
                results.append(self._apply_item(cur, item, idem_key, now))
            answer = {"batch": idem_key, "results": results}
            cur.execute("INSERT INTO batches (key, digest, answer) VALUES (?, ?, ?)",
                        (idem_key, digest, json.dumps(answer, ensure_ascii=False)))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        self.count("batches")
        return answer

    def _apply_item(self, cur: sqlite3.Cursor, item: dict[str, Any], batch: str, now: str) -> dict[str, Any]:
        key = item["key"]
        record, kind, seq = item.get("record"), item.get("kind"), item.get("seq")
        found = cur.execute("SELECT digest FROM items WHERE key=?", (key,)).fetchone()
        text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(f"{kind}\x1f{text}".encode()).hexdigest()
        if found is not None:
            if found[0] == digest:
                self.count("duplicates")
                return {"key": key, "status": "duplicate"}
            return self._reject(cur, key, "422", "Khoá mục đã dùng cho nội dung khác.")
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

    def _reject(self, cur: sqlite3.Cursor, key: str, code: str, reason: str) -> dict[str, Any]:
        cur.execute("INSERT INTO rejections (key, reason) VALUES (?, ?)", (key, reason))
        self.count("rejected")
        return {"key": key, "status": "rejected", "code": code, "reason": reason}

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
        if isinstance(status, bool) or not isinstance(status, int) or not 1 <= status <= 10:
            raise SimError(400, "TrangThaiHoSo phải là số từ 1 đến 10.")
        finished = now_vn().strftime("%Y%m%d%H%M%S") if status in (3, 7, 8, 9) else None
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
        with self.inflight_lock:
            counters = dict(self.counters)
        return {"items": items, "receipts": receipts, "applied_twice": twice, "dossiers": dossiers,
                "counters": counters}

