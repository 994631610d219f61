"""A provincial-portal simulator implementing ``openapi.yaml``, for tests, benchmarks and training.

The rules live in :mod:`counterdesk.sync.portal_state`; this module gives them their HTTP routes.
Faults (``--faults``, see :mod:`counterdesk.sync.sim.faults`) and the server plumbing are shared
with the SMS gateway simulator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from counterdesk.sync.portal_state import MAX_ITEMS, PortalState
from counterdesk.sync.sim.blob_store import MAX_CHUNK
from counterdesk.sync.sim.faults import Faults
from counterdesk.sync.sim.injector import with_faults
from counterdesk.sync.sim.routes import base_app, contract, error
from counterdesk.sync.sim.server import SimError, ThreadedServer, serve_forever

__all__ = ["MAX_ITEMS", "Faults", "PortalState", "SimError", "SimServer", "build_asgi", "create_app",
           "openapi_document", "serve"]

OPENAPI_FILE = "openapi.yaml"
FAULT_PATHS = ("/v1/batches", "/v1/changes", "/v1/attachments/")  # a trailing "/" names a prefix


def openapi_document() -> dict[str, Any]:
    """The portal contract shipped as package data."""
    return contract(OPENAPI_FILE)


def create_app(state: PortalState, *, token: str = "") -> Any:
    """The FastAPI application of the contract (without faults)."""
    app, guard = base_app("CounterDesk portal simulator", state, contract_file=OPENAPI_FILE,
                          push_path="/v1/batches", token=token)

    @app.get("/v1/changes")
    async def changes(request: Request) -> JSONResponse:
        if (denied := guard.denied(request)) is not None:
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

    @app.api_route("/v1/attachments/{sha256}", methods=["GET", "PUT"])
    async def blob(sha256: str, request: Request) -> JSONResponse:
        """GET: how much of the upload the portal holds; PUT: append one chunk at that offset.
        (One route for both methods, so a 405 lists them both in Allow.)"""
        if (denied := guard.denied(request)) is not None:
            return denied
        try:
            if request.method == "GET":
                return JSONResponse(await run_in_threadpool(state.blobs.status, sha256))
            declared = request.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > MAX_CHUNK:
                return error(413, "Đoạn gửi quá lớn.")
            body = await request.body()
            return JSONResponse(await run_in_threadpool(
                state.blobs.put, sha256, request.headers.get("content-range", ""), body))
        except SimError as exc:
            return error(exc.status, exc.detail, exc.extra)

    @app.post("/v1/attachments/{sha256}/commit")
    async def blob_commit(sha256: str, request: Request) -> JSONResponse:
        if (denied := guard.denied(request)) is not None:
            return denied
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return error(400, "Nội dung yêu cầu không phải JSON.")
        size = data.get("size") if isinstance(data, dict) else None
        try:
            return JSONResponse(await run_in_threadpool(state.blobs.commit, sha256, size))
        except SimError as exc:
            return error(exc.status, exc.detail, exc.extra)

    @app.api_route("/v1/echo", methods=["POST", "PUT"])
    async def echo(request: Request) -> JSONResponse:
        """Reads the body and answers its size: the raw-HTTP floor for the sync and upload benchmarks."""
        return JSONResponse({"bytes": len(await request.body())})

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
