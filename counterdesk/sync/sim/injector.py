"""ASGI wrapper that makes a simulator behave like a bad network and a flaky service.

Faults apply only to the paths a simulator names (its write and read endpoints), never to its
admin routes, so tests can always read the simulator's own counters.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable, Iterable
from typing import Any

from counterdesk.sync.sim.faults import Faults

_MALFORMED: tuple[tuple[bytes, bytes], ...] = (
    (b"text/html", b"<html><body>502 Bad Gateway</body></html>"),
    (b"application/json", b'{"results": "ok", "changes": 7}'),
    (b"application/json", b'{"results": [{"key": 12, "status": "maybe"}], "next_cursor": null'),
    (b"application/json", b'\xff\xfe\x00garbage'),
    (b"application/json", b'[1, 2, 3]'),
)


class FaultInjector:
    """Rolls each request against ``faults`` on ``paths``; ``count`` records each fault that fired."""

    def __init__(self, app: Any, faults: Faults, count: Callable[[str], None], paths: Iterable[str]) -> None:
        self.app = app
        self.faults = faults
        self.count = count
        wanted = tuple(paths)
        self.paths = frozenset(p for p in wanted if not p.endswith("/"))
        self.prefixes = tuple(p for p in wanted if p.endswith("/"))
        self.rng = random.Random(faults.seed)
        self._rng_lock = threading.Lock()

    def _applies(self, path: str) -> bool:
        return path in self.paths or path.startswith(self.prefixes)

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
        if scope["type"] != "http" or not self._applies(scope["path"]) or not self.faults.any:
            await self.app(scope, receive, send)
            return
        if self.faults.latency:
            await asyncio.sleep(self.faults.latency)
        if self.faults.timeout:  # rolled only when asked for, so other seeded runs keep their faults
            with self._rng_lock:
                stalled = self.rng.random() < self.faults.timeout
            if stalled:
                self.count("fault.timeout")
                await asyncio.sleep(self.faults.stall)
        pre, post, pick = self._roll()
        if scope.get("method") == "PUT" and self.faults.corrupt:
            receive = self._corrupting(receive)
        if pre:
            self.count(f"fault.{pre}")
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
        self.count(f"fault.{post}")
        if post == "lost":
            await _cut(send)
        else:
            ctype, body = _MALFORMED[pick]
            await _answer(send, 200, ctype, body)


    def _corrupting(self, receive: Any) -> Any:
        """``receive`` that, with probability ``corrupt``, flips one byte of the upload's body."""
        with self._rng_lock:
            hit, where = self.rng.random() < self.faults.corrupt, self.rng.random()
        if not hit:
            return receive
        done = False

        async def corrupt() -> dict[str, Any]:
            nonlocal done
            message: dict[str, Any] = await receive()
            body = message.get("body", b"")
            if not done and message.get("type") == "http.request" and body:
                done = True
                self.count("fault.corrupt")
                at = int(where * len(body))
                message = dict(message, body=body[:at] + bytes([body[at] ^ 0xFF]) + body[at + 1:])
            return message

        return corrupt


def with_faults(app: Any, faults: Faults | None, count: Callable[[str], None], paths: Iterable[str]) -> Any:
    """``app`` wrapped in an injector when there is any fault to inject."""
    return FaultInjector(app, faults, count, paths) if faults is not None and faults.any else app


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
