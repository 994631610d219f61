"""A provincial-portal simulator implementing ``openapi.yaml``, for tests, benchmarks and training.

It keeps its own SQLite file, dedupes items by their idempotency key (same key and record →
"duplicate"; same key, other record → rejected), replays a batch's stored answer for a repeated
Idempotency-Key (other body → 422, still in flight → 409), records every applied effect in an
append-only ``receipts`` table (so tests can prove "exactly once"), and can inject faults:

    drop=0.1,5xx=0.1,latency=50ms,lost=0.05,429=0.05,malformed=0.05,seed=1,retry_after=1

``drop`` closes the connection before processing; ``lost`` processes and commits, then closes the
connection mid-answer; ``malformed`` commits and answers garbage; ``429`` answers Too Many Requests
with Retry-After; ``5xx`` answers 503 before processing. With a seed the faults are reproducible.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import socket
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from counterdesk.domain import status as st
from counterdesk.domain.clock import now_vn
from counterdesk.sync.payload import record_problems

OPENAPI_FILE = "openapi.yaml"
FAULT_PATHS = ("/v1/batches", "/v1/changes")
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


@dataclass(frozen=True)
class Faults:
    """Probabilities (0–1) of each injected fault per request, latency in seconds, RNG seed."""

    drop: float = 0.0
    error5xx: float = 0.0
    too_many: float = 0.0
    lost: float = 0.0
    malformed: float = 0.0
    latency: float = 0.0
    seed: int | None = None
    retry_after: int = 1

    @property
    def any(self) -> bool:
        return any((self.drop, self.error5xx, self.too_many, self.lost, self.malformed, self.latency))

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """``drop=0.1,5xx=0.1,latency=50ms,…``; raises ValueError with a Vietnamese message."""
        names = {"drop": "drop", "5xx": "error5xx", "429": "too_many", "lost": "lost", "malformed": "malformed"}
        values: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in (spec or "").split(","))):
            name, sep, raw = part.partition("=")
            name, raw = name.strip().lower(), raw.strip().lower()
            if not sep or not raw:
                raise ValueError(f"Lỗi giả lập '{part}' phải có dạng tên=giá_trị.")
            try:
                if name in names:
                    prob = float(raw)
                    if not 0.0 <= prob <= 1.0:
                        raise ValueError
                    values[names[name]] = prob
                elif name == "latency":
                    if raw.endswith("ms"):
                        values["latency"] = float(raw[:-2]) / 1000
                    elif raw.endswith("s"):
                        values["latency"] = float(raw[:-1])
                    else:
                        values["latency"] = float(raw) / 1000
                    if not 0 <= values["latency"] <= 60:
                        raise ValueError
                elif name in ("seed", "retry_after"):
                    values[name] = int(raw)
                    if values[name] < 0:
                        raise ValueError
                else:
                    raise KeyError(name)
            except KeyError:
                raise ValueError(f"Không biết lỗi giả lập '{name}' (dùng drop, 5xx, 429, lost, malformed, "
                                 "latency, seed, retry_after).") from None
            except ValueError:
                raise ValueError(f"Giá trị không hợp lệ cho '{name}': {raw}.") from None
        pre = values.get("drop", 0) + values.get("error5xx", 0) + values.get("too_many", 0)
        post = values.get("lost", 0) + values.get("malformed", 0)
        if pre > 1 or post > 1:
            raise ValueError("Tổng xác suất lỗi vượt quá 1.")
        return cls(**values)


class SimError(Exception):
    """An HTTP error answer of the simulator (status and a Vietnamese detail)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


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
        with self.inflight_lock:
            counters = dict(self.counters)
        return {"items": items, "receipts": receipts, "applied_twice": twice, "dossiers": dossiers,
                "counters": counters}


def openapi_document() -> dict[str, Any]:
    """The portal contract shipped as package data."""
    import yaml

    text = (resources.files("counterdesk.sync") / OPENAPI_FILE).read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


def create_app(state: PortalState, *, token: str = "") -> Any:
    """The FastAPI application of the contract (without faults)."""
    app = FastAPI(title="CounterDesk portal simulator", openapi_url=None, docs_url=None, redoc_url=None)
    doc = openapi_document()

    def error(status: int, detail: str) -> JSONResponse:
        return JSONResponse({"detail": detail}, status_code=status)

    def unauthorised(request: Request) -> JSONResponse | None:
        if token and request.headers.get("authorization", "") != f"Bearer {token}":
            return error(401, "Sai hoặc thiếu mã truy cập.")
        return None

    @app.get("/openapi.json")
    async def openapi_json() -> JSONResponse:
        return JSONResponse(doc)

    @app.get("/openapi.yaml")
    async def openapi_yaml() -> PlainTextResponse:
        text = (resources.files("counterdesk.sync") / OPENAPI_FILE).read_text(encoding="utf-8")
        return PlainTextResponse(text, media_type="application/yaml")

    @app.get("/v1/health")
    async def health() -> JSONResponse:
        return JSONResponse({"ok": True})

    @app.post("/v1/batches")
    async def batches(request: Request) -> JSONResponse:
        if (denied := unauthorised(request)) is not None:
            return denied
        key = request.headers.get("idempotency-key", "").strip()
        if len(key) >= 2 and key[0] == key[-1] == '"':
            key = key[1:-1]
        body = await request.body()
        try:
            answer = await run_in_threadpool(state.push, key, body)
        except SimError as exc:
            return error(exc.status, exc.detail)
        return JSONResponse(answer)

    @app.get("/v1/changes")
    async def changes(request: Request) -> JSONResponse:
        if (denied := unauthorised(request)) is not None:
            return denied
        cursor = request.query_params.get("cursor", "")
        raw_limit = request.query_params.get("limit", "100")
        try:
            limit = int(raw_limit)
        except ValueError:
            return error(400, "limit phải là số nguyên.")
        try:
            return JSONResponse(await run_in_threadpool(state.changes, cursor, limit))
        except SimError as exc:
            return error(exc.status, exc.detail)

    @app.post("/v1/admin/dossiers/{code}/status")
    async def mark(code: str, request: Request) -> JSONResponse:
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return error(400, "Nội dung yêu cầu không phải JSON.")
        if not isinstance(data, dict):
            return error(400, "Cần một đối tượng JSON.")
        note = data.get("GhiChu", "")
        try:
            return JSONResponse(await run_in_threadpool(
                state.mark_status, code, data.get("TrangThaiHoSo"), note if isinstance(note, str) else ""))
        except SimError as exc:
            return error(exc.status, exc.detail)

    @app.post("/v1/echo")
    async def echo(request: Request) -> JSONResponse:
        """Reads the body and answers its size: the raw-HTTP floor for the sync benchmark."""
        return JSONResponse({"bytes": len(await request.body())})

    @app.get("/v1/admin/stats")
    async def stats() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(state.stats))

    return app


_MALFORMED: tuple[tuple[bytes, bytes], ...] = (
    (b"text/html", b"<html><body>502 Bad Gateway</body></html>"),
    (b"application/json", b'{"results": "ok", "changes": 7}'),
    (b"application/json", b'{"results": [{"key": 12, "status": "maybe"}], "next_cursor": null'),
    (b"application/json", b'\xff\xfe\x00garbage'),
    (b"application/json", b'[1, 2, 3]'),
)


class FaultInjector:
    """ASGI wrapper that makes the simulator behave like a bad network and a flaky portal."""

    def __init__(self, app: Any, faults: Faults, state: PortalState) -> None:
        self.app = app
        self.faults = faults
        self.state = state
        self.rng = random.Random(faults.seed)
        self._rng_lock = threading.Lock()

    def _roll(self) -> tuple[str, str, int]:
        f = self.faults
        with self._rng_lock:
            a, b, pick = self.rng.random(), self.rng.random(), self.rng.randrange(len(_MALFORMED))
        pre = ""
        if a < f.drop:
            pre = "drop"
        elif a < f.drop + f.error5xx:
            pre = "5xx"
        elif a < f.drop + f.error5xx + f.too_many:
            pre = "429"
        post = "lost" if b < f.lost else "malformed" if b < f.lost + f.malformed else ""
        return pre, post, pick

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] not in FAULT_PATHS or not self.faults.any:
            await self.app(scope, receive, send)
            return
        if self.faults.latency:
            await asyncio.sleep(self.faults.latency)
        pre, post, pick = self._roll()
        if pre:
            self.state.count(f"fault.{pre}")
            await _drain(receive)
            if pre == "drop":
                await _cut(send)
            elif pre == "5xx":
                await _answer(send, 503, b"application/json", b'{"detail": "D\\u1ecbch v\\u1ee5 t\\u1ea1m ng\\u1eebng."}')
            else:
                await _answer(send, 429, b"application/json", b'{"detail": "Qu\\u00e1 nhi\\u1ec1u y\\u00eau c\\u1ea7u."}',
                              [(b"retry-after", str(self.faults.retry_after).encode())])
            return
        if not post:
            await self.app(scope, receive, send)
            return
        captured: list[dict[str, Any]] = []

        async def keep(message: dict[str, Any]) -> None:
            captured.append(message)

        await self.app(scope, receive, keep)  # processed and committed; the answer goes astray
        self.state.count(f"fault.{post}")
        if post == "lost":
            await _cut(send)
        else:
            ctype, body = _MALFORMED[pick]
            await _answer(send, 200, ctype, body)


async def _drain(receive: Any) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


async def _answer(send: Any, status: int, ctype: bytes, body: bytes,
                  extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _cut(send: Any) -> None:
    """Start an answer and never finish it: the server closes the connection mid-body."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
    await send({"type": "http.response.body", "body": b'{"results": [', "more_body": True})


def build_asgi(state: PortalState, faults: Faults | None = None, *, token: str = "") -> Any:
    app = create_app(state, token=token)
    return FaultInjector(app, faults, state) if faults is not None and faults.any else app


def _socket(host: str, port: int) -> socket.socket:
    # proto must say TCP: asyncio only sets TCP_NODELAY on accepted sockets whose proto is TCP, and
    # without it every answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class SimServer:
    """The simulator served by uvicorn in a background thread (tests, benchmarks)."""

    def __init__(self, db_path: str | Path, faults: Faults | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, token: str = "") -> None:
        import uvicorn

        self.state = PortalState(db_path)
        self.sock = _socket(host, port)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(build_asgi(self.state, faults, token=token), log_level="critical",
                                access_log=False, lifespan="off", timeout_keep_alive=30)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self, timeout: float = 10.0) -> SimServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("portal simulator did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        self.state.close()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8765, faults: Faults | None = None,
          token: str = "", announce: Any = print) -> None:
    """Run the simulator in the foreground until interrupted (``counterdesk portal-sim``)."""
    import uvicorn

    state = PortalState(db_path)
    sock = _socket(host, port)
    bound = sock.getsockname()[1]
    config = uvicorn.Config(build_asgi(state, faults, token=token), log_level="warning", access_log=False,
                            lifespan="off")
    announce(f"Cổng mô phỏng: http://{host}:{bound} (CSDL {db_path}; lỗi giả lập: {faults or 'không'})")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        state.close()
