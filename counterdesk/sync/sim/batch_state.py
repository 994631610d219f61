"""A simulator's batch endpoint, the same for the portal and the SMS gateway.

It keeps its own SQLite file and replays a batch's stored answer for a repeated Idempotency-Key
(other body → 422, still in flight → 409); each simulator says what applying one item means
(:meth:`BatchState._apply_item`), inside the batch's one transaction. An item key seen before
with the same kind and record is a "duplicate"; with another record it is rejected (422).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counterdesk.sync.sim.server import SimError

MAX_ITEMS = 1000

_BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS rejections (id INTEGER PRIMARY KEY, key TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (key TEXT PRIMARY KEY, digest TEXT NOT NULL, answer TEXT NOT NULL);
"""


class BatchState(ABC):
    """Store, counters and the idempotent batch push of a simulator (independent of HTTP)."""

    schema = ""  # the simulator's own tables

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        self.conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_BASE_SCHEMA + self.schema)
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

    @staticmethod
    def item_digest(item: dict[str, Any]) -> tuple[str, str]:
        """The item's record as canonical JSON, and a digest of its kind and record."""
        text = json.dumps(item.get("record"), ensure_ascii=False, sort_keys=True)
        return text, hashlib.sha256(f"{item.get('kind')}\x1f{text}".encode()).hexdigest()

    def _known(self, cur: sqlite3.Cursor, table: str, key: str, digest: str) -> dict[str, Any] | None:
        """The result for an item key already in ``table`` (duplicate or 422), None for a new key."""
        found = cur.execute(f"SELECT digest FROM {table} WHERE key=?", (key,)).fetchone()
        if found is None:
            return None
        if found[0] == digest:
            self.count("duplicates")
            return {"key": key, "status": "duplicate"}
        return self._reject(cur, key, "422", "Khoá mục đã dùng cho nội dung khác.")

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """What ``GET /v1/admin/stats`` answers (each simulator counts its own things)."""

    @abstractmethod
    def _apply_item(self, cur: sqlite3.Cursor, item: dict[str, Any], batch: str, now: str) -> dict[str, Any]:
        """Apply one item in the batch's transaction; its result entry (the portal's or the gateway's rules)."""

    def _reject(self, cur: sqlite3.Cursor, key: str, code: str, reason: str) -> dict[str, Any]:
        cur.execute("INSERT INTO rejections (key, reason) VALUES (?, ?)", (key, reason))
        self.count("rejected")
        return {"key": key, "status": "rejected", "code": code, "reason": reason}

