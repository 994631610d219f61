"""A provincial-portal simulator implementing ``openapi.yaml``, for tests, benchmarks and training.

The rules live in :mod:`counterdesk.sync.portal_state`; this module gives them their HTTP routes.
Faults (``--faults``, see :mod:`counterdesk.sync.sim.faults`) and the server plumbing are shared
with the SMS gateway simulator.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from counterdesk.sync.portal_state import MAX_ITEMS, PortalState
from counterdesk.sync.sim.faults import Faults
from counterdesk.sync.sim.injector import with_faults
from counterdesk.sync.sim.server import SimError, ThreadedServer, serve_forever

__all__ = ["MAX_ITEMS", "Faults", "PortalState", "SimError", "SimServer", "build_asgi", "create_app",
           "openapi_document", "serve"]

OPENAPI_FILE = "openapi.yaml"
FAULT_PATHS = ("/v1/batches", "/v1/changes")


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

def build_asgi(state: PortalState, faults: Faults | None = None, *, token: str = "") -> Any:
    return with_faults(create_app(state, token=token), faults, state.count, FAULT_PATHS)


class SimServer(ThreadedServer):
    """The simulator served by uvicorn in a background thread (tests, benchmarks)."""

    state: PortalState

    def __init__(self, db_path: str | Path, faults: Faults | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, token: str = "") -> None:
        state = PortalState(db_path)
        super().__init__(state, build_asgi(state, faults, token=token), host=host, port=port)


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8765, faults: Faults | None = None,
          token: str = "", announce: Any = print) -> None:
    """Run the simulator in the foreground until interrupted (``counterdesk portal-sim``)."""
    state = PortalState(db_path)
    banner = "Cổng mô phỏng: {url}" + f" (CSDL {db_path}; lỗi giả lập: {faults or 'không'})"
    serve_forever(state, build_asgi(state, faults, token=token), host=host, port=port, banner=banner,
                  announce=announce)
