"""An SMS-gateway simulator implementing ``notify_openapi.yaml``, for tests and training.

Same batch discipline as the portal simulator (one :class:`BatchState`), same ``--faults`` names
and injector; every message handed to the "operator" is recorded in an append-only
``deliveries`` table, so ``/v1/admin/stats`` can prove each notice went out exactly once
(``messages`` distinct, ``applied_twice`` repeated). Phone numbers are stored, never logged.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from counterdesk.sync.sim.batch_state import BatchState
from counterdesk.sync.sim.faults import Faults
from counterdesk.sync.sim.injector import with_faults
from counterdesk.sync.sim.routes import base_app, contract
from counterdesk.sync.sim.server import ThreadedServer, serve_forever

OPENAPI_FILE = "notify_openapi.yaml"
PUSH_PATH = "/v1/messages"
FAULT_PATHS = (PUSH_PATH,)
MAX_TEXT = 1000
_NUMBER = re.compile(r"^0\d{9}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (key TEXT PRIMARY KEY, digest TEXT NOT NULL, kind TEXT NOT NULL,
    to_number TEXT NOT NULL, text TEXT NOT NULL, batch TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL);
"""


class GatewayState(BatchState):
    """The gateway simulator's store and rules, independent of HTTP."""

    schema = SCHEMA

    def _apply_item(self, cur: sqlite3.Cursor, item: dict[str, Any], batch: str, now: str) -> dict[str, Any]:
        key = item["key"]
        _, digest = self.item_digest(item)
        if (known := self._known(cur, "messages", key, digest)) is not None:
            return known
        record = item["record"]
        to, text = record.get("to"), record.get("text")
        if not isinstance(to, str) or not _NUMBER.match(to):
            return self._reject(cur, key, "invalid", "Số điện thoại nhận không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).")
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return self._reject(cur, key, "invalid", f"Nội dung tin nhắn phải có 1–{MAX_TEXT} ký tự.")
        cur.execute("INSERT INTO messages (key, digest, kind, to_number, text, batch, at) VALUES (?,?,?,?,?,?,?)",
                    (key, digest, str(item["kind"]), to, text, batch, now))
        cur.execute("INSERT INTO deliveries (key, at) VALUES (?, ?)", (key, now))
        self.count("accepted")
        return {"key": key, "status": "accepted"}

    def stats(self) -> dict[str, Any]:
        with self.lock:
            messages = self.conn.execute("SELECT count(DISTINCT key) FROM deliveries").fetchone()[0]
            deliveries = self.conn.execute("SELECT count(*) FROM deliveries").fetchone()[0]
            twice = self.conn.execute("SELECT count(*) FROM (SELECT key FROM deliveries GROUP BY key "
                                      "HAVING count(*) > 1)").fetchone()[0]
        with self.inflight_lock:
            counters = dict(self.counters)
        return {"messages": messages, "deliveries": deliveries, "applied_twice": twice, "counters": counters}

    def texts(self) -> list[tuple[str, str, str]]:
        """(key, number, text) of every message taken, in order (tests and training)."""
        with self.lock:
            rows = self.conn.execute("SELECT key, to_number, text FROM messages ORDER BY rowid").fetchall()
        return [(str(k), str(n), str(t)) for k, n, t in rows]


def openapi_document() -> dict[str, Any]:
    """The gateway contract shipped as package data."""
    return contract(OPENAPI_FILE)


def build_asgi(state: GatewayState, faults: Faults | None = None, *, token: str = "") -> Any:
    app, _ = base_app("CounterDesk SMS gateway simulator", state, contract_file=OPENAPI_FILE,
                      push_path=PUSH_PATH, token=token)
    return with_faults(app, faults, state.count, FAULT_PATHS)


class GatewayServer(ThreadedServer):
    """The gateway simulator served by uvicorn in a background thread (tests)."""

    state: GatewayState

    def __init__(self, db_path: str | Path, faults: Faults | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, token: str = "") -> None:
        state = GatewayState(db_path)
        super().__init__(state, build_asgi(state, faults, token=token), host=host, port=port)


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8766, faults: Faults | None = None,
          token: str = "", announce: Any = print) -> None:
    """Run the gateway simulator in the foreground until interrupted (``counterdesk notify-sim``)."""
    state = GatewayState(db_path)
    banner = "Cổng SMS mô phỏng: {url}" + f" (CSDL {db_path}; lỗi giả lập: {faults or 'không'})"
    serve_forever(state, build_asgi(state, faults, token=token), host=host, port=port, banner=banner,
                  announce=announce)
