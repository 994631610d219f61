"""The routes every simulator has: its contract, health, the idempotent batch push and its stats."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from counterdesk.sync.sim.batch_state import BatchState
from counterdesk.sync.sim.server import SimError


def contract_text(filename: str) -> str:
    """A contract shipped as package data next to the sync modules."""
    return (resources.files("counterdesk.sync") / filename).read_text(encoding="utf-8")


def contract(filename: str) -> dict[str, Any]:
    import yaml

    doc: dict[str, Any] = yaml.safe_load(contract_text(filename))
    return doc


def error(status: int, detail: str, extra: dict[str, Any] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, **(extra or {})}, status_code=status)


@dataclass(frozen=True)
class Guard:
    """Bearer-token check of a simulator (no token: every request passes)."""

    token: str

    def denied(self, request: Request) -> JSONResponse | None:
        if self.token and request.headers.get("authorization", "") != f"Bearer {self.token}":
            return error(401, "Sai hoặc thiếu mã truy cập.")
        return None


def base_app(title: str, state: BatchState, *, contract_file: str, push_path: str,
             token: str) -> tuple[FastAPI, Guard]:
    """A FastAPI app with the contract, health, ``POST push_path`` and ``GET /v1/admin/stats``."""
    app = FastAPI(title=title, openapi_url=None, docs_url=None, redoc_url=None)
    doc = contract(contract_file)
    guard = Guard(token)

    @app.get("/openapi.json")
    async def openapi_json() -> JSONResponse:
        return JSONResponse(doc)

    @app.get("/openapi.yaml")
    async def openapi_yaml() -> PlainTextResponse:
        return PlainTextResponse(contract_text(contract_file), media_type="application/yaml")

    @app.get("/v1/health")
    async def health() -> JSONResponse:
        return JSONResponse({"ok": True})

    @app.post(push_path)
    async def push(request: Request) -> JSONResponse:
        if (denied := guard.denied(request)) is not None:
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

    @app.get("/v1/admin/stats")
    async def admin_stats() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(state.stats))

    return app, guard
