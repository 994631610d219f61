"""The provincial portal behind an adapter: what the sync engine needs, and the HTTP implementation.

The wire contract is written down in ``openapi.yaml`` (package data) and implemented by the
simulator (``portal_sim``). A province with its own interface gets its own adapter; the engine
only sees :class:`PortalAdapter`.

Every answer from the network is treated as untrusted: a body that does not parse or does not
have the documented shape raises :class:`MalformedAnswer` (a transient error: the batch is sent
again with the same keys, and the portal replays its stored answer).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from counterdesk.domain.status import is_code

ITEM_STATUSES = ("accepted", "duplicate", "rejected")


@dataclass(frozen=True, slots=True)
class PushItem:
    """One outbox entry on the wire: its own idempotency key, local order and the national record."""

    key: str
    seq: int
    kind: str
    record: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {"key": self.key, "seq": self.seq, "kind": self.kind, "record": self.record}


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The portal's answer for one item: accepted, duplicate (already had it) or rejected (4xx)."""

    key: str
    status: str
    code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """A status change made upstream (e.g. result ready) that the local dossier should follow."""

    seq: int
    code: str  # MaHoSo
    status: int  # TrangThaiHoSo
    finished_at: str | None = None  # NgayKetThucXuLy, yyyyMMddHHmmss
    returned_at: str | None = None  # NgayTra
    note: str = ""


@dataclass(frozen=True, slots=True)
class PullPage:
    changes: list[Change]
    next_cursor: str
    skipped: int = 0  # entries of the page that were malformed and ignored
    more: bool = False


class PortalError(Exception):
    """Base of the portal errors the engine handles; the message is Vietnamese, for the ledger."""


class TransientPortalError(PortalError):
    """Network trouble, 5xx, 429, 409 in flight, a lost or malformed answer: try again later.

    ``status`` is the HTTP status when the portal did answer (None for network trouble), so a
    connection check can tell "portal down" from "wrong address" without reading the message.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class MalformedAnswer(TransientPortalError):
    """The portal answered something that is not the documented shape."""


class PortalAuthError(PortalError):
    """401/403: the agency's credentials are wrong; nothing is the entries' fault."""


class BatchRejected(PortalError):
    """A 4xx for the whole batch (body refused): the engine splits it to find the bad item."""

    def __init__(self, status: int, reason: str = "") -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status
        self.reason = reason


class HashMismatch(TransientPortalError):
    """The portal's copy of an upload does not hash to its name; it discarded it (send it again)."""


class BlobRejected(PortalError):
    """A 4xx for an upload itself (too large, bad range): the entry is quarantined with the reason."""

    def __init__(self, status: int, reason: str = "") -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BlobStatus:
    """How much of an upload the portal holds: ``offset`` bytes, and whether it is verified."""

    offset: int
    complete: bool


class PortalAdapter(Protocol):
    """What the sync engine needs from a portal."""

    def push_batch(self, items: Sequence[PushItem]) -> list[ItemResult]:
        """Send items; per-item results. Raises TransientPortalError, PortalAuthError or BatchRejected."""
        ...

    def pull(self, cursor: str, limit: int) -> PullPage:
        """Upstream changes after ``cursor``. Raises TransientPortalError or PortalAuthError."""
        ...

    def close(self) -> None: ...


class BlobPortal(Protocol):
    """The resumable, content-addressed upload of scans (``/v1/attachments/{sha256}``)."""

    def blob_status(self, sha256: str) -> BlobStatus: ...

    def put_chunk(self, sha256: str, offset: int, data: Iterable[bytes], length: int, total: int) -> BlobStatus:
        """Send ``length`` bytes (given piece by piece, so a chunk is never one big buffer) at ``offset``."""
        ...

    def commit_blob(self, sha256: str, size: int) -> BlobStatus: ...


def batch_body(items: Sequence[PushItem]) -> bytes:
    """The canonical request body: the same items always give the same bytes."""
    return json.dumps({"items": [i.wire() for i in items]}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def batch_key(body: bytes) -> str:
    """The batch's Idempotency-Key: a digest of its body, so a resent batch carries the same key."""
    return hashlib.sha256(body).hexdigest()[:48]


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true but is no number of seconds
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_push_answer(data: Any, sent: set[str]) -> list[ItemResult]:
    """Per-item results from a decoded answer; entries for unknown keys or of bad shape are dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise MalformedAnswer("Cổng trả lời sai định dạng (thiếu danh sách kết quả).")
    results: list[ItemResult] = []
    for raw in data["results"]:
        if not isinstance(raw, dict):
            continue
        key, status = raw.get("key"), raw.get("status")
        if not isinstance(key, str) or key not in sent or status not in ITEM_STATUSES:
            continue
        code, reason = raw.get("code", ""), raw.get("reason", "")
        results.append(ItemResult(key=key, status=str(status), code=str(code)[:40], reason=str(reason)[:500]))
    return results


def parse_pull_answer(data: Any, cursor: str) -> PullPage:
    """A page of upstream changes; malformed entries are counted and skipped, never applied."""
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
        raise MalformedAnswer("Cổng trả lời sai định dạng (thiếu danh sách thay đổi).")
    next_cursor = data.get("next_cursor")
    if not isinstance(next_cursor, str) or len(next_cursor) > 100:
        raise MalformedAnswer("Cổng trả lời sai định dạng (thiếu con trỏ).")
    changes: list[Change] = []
    skipped = 0
    for raw in data["changes"]:
        try:
            seq, code, status = raw["seq"], raw["MaHoSo"], raw["TrangThaiHoSo"]
            ok = (isinstance(seq, int) and isinstance(code, str) and 0 < len(code) <= 60
                  and is_code(status))
        except (KeyError, TypeError):
            ok = False
        if not ok:
            skipped += 1
            continue
        finished, returned = raw.get("NgayKetThucXuLy"), raw.get("NgayTra")
        changes.append(Change(seq=seq, code=code, status=status,
                              finished_at=finished if isinstance(finished, str) else None,
                              returned_at=returned if isinstance(returned, str) else None,
                              note=str(raw.get("GhiChu") or "")[:500]))
    return PullPage(changes=changes, next_cursor=next_cursor or cursor, skipped=skipped,
                    more=bool(data.get("more", False)))


DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)


class HttpPortalAdapter:
    """The portal contract of ``openapi.yaml`` over HTTP(S) with httpx and explicit timeouts.

    One attempt per call: retrying (with backoff, jitter and Retry-After) is the engine's job, so
    every adapter gets the same policy.
    """

    push_path = "/v1/batches"  # the SMS gateway adapter is this class with its own path

    def __init__(self, base_url: str, *, token: str = "", verify: bool = True,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT, client: httpx.Client | None = None) -> None:
        headers = {"Accept": "application/json", "User-Agent": "CounterDesk-sync/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._own = client is None
        self.client = client or httpx.Client(base_url=base_url.rstrip("/"), verify=verify, timeout=timeout,
                                             headers=headers, follow_redirects=False)

    def close(self) -> None:
        if self._own:
            self.client.close()

    def _request(self, method: str, path: str, *, passthrough: tuple[int, ...] = (), **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise TransientPortalError(f"Cổng không trả lời kịp ({exc.__class__.__name__}).") from exc
        except httpx.TransportError as exc:
            raise TransientPortalError(f"Mất kết nối tới cổng ({exc.__class__.__name__}).") from exc
        except httpx.HTTPError as exc:  # undecodable body, redirect loop…: a broken answer, not ours
            raise MalformedAnswer(f"Cổng trả lời không đọc được ({exc.__class__.__name__}).") from exc
        status = response.status_code
        if status in passthrough:
            return response
        if status in (401, 403):
            raise PortalAuthError(f"Cổng từ chối xác thực (HTTP {status}): kiểm tra tài khoản và mã truy cập.")
        if status == 429 or status >= 500 or status in (408, 409, 425):
            raise TransientPortalError(f"Cổng tạm thời không nhận (HTTP {status}).", status=status,
                                       retry_after=retry_after_seconds(response.headers.get("Retry-After")))
        return response

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedAnswer(f"Cổng trả lời không phải JSON (HTTP {response.status_code}).") from exc

    def push_batch(self, items: Sequence[PushItem]) -> list[ItemResult]:
        body = batch_body(items)
        response = self._request("POST", self.push_path, content=body, headers={
            "Content-Type": "application/json", "Idempotency-Key": f'"{batch_key(body)}"'})
        if response.status_code != 200:
            reason = ""
            try:
                data = response.json()
                reason = str(data.get("detail", "")) if isinstance(data, dict) else ""
            except (ValueError, UnicodeDecodeError):
                reason = response.text[:200]
            raise BatchRejected(response.status_code, reason[:500] or response.reason_phrase)
        return parse_push_answer(self._json(response), {i.key for i in items})

    def pull(self, cursor: str, limit: int) -> PullPage:
        response = self._request("GET", "/v1/changes", params={"cursor": cursor, "limit": limit})
        if response.status_code != 200:
            raise MalformedAnswer(f"Cổng trả lời HTTP {response.status_code} cho yêu cầu lấy thay đổi.",
                                  status=response.status_code)
        return parse_pull_answer(self._json(response), cursor)

    # ------------------------------------------------------------------ uploads (BlobPortal)
    @staticmethod
    def _blob_answer(response: httpx.Response) -> BlobStatus:
        data = HttpPortalAdapter._json(response)
        offset = data.get("offset") if isinstance(data, dict) else None
        complete = data.get("complete") if isinstance(data, dict) else None
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0 or not isinstance(complete, bool):
            raise MalformedAnswer("Cổng trả lời sai định dạng (thiếu offset của tệp tải lên).")
        return BlobStatus(offset, complete)

    @staticmethod
    def _refused(response: httpx.Response) -> BlobRejected:
        try:
            data = response.json()
            reason = str(data.get("detail", "")) if isinstance(data, dict) else ""
        except (ValueError, UnicodeDecodeError):
            reason = ""
        return BlobRejected(response.status_code, reason[:500] or response.reason_phrase)

    def blob_status(self, sha256: str) -> BlobStatus:
        response = self._request("GET", f"/v1/attachments/{sha256}")
        if response.status_code != 200:
            raise self._refused(response)
        return self._blob_answer(response)

    def put_chunk(self, sha256: str, offset: int, data: Iterable[bytes], length: int, total: int) -> BlobStatus:
        # An iterator with an explicit Content-Length is streamed as is (not chunked encoding), and
        # the request keeps no copy of the bytes (httpx's responses are freed only by the cycle GC).
        response = self._request("PUT", f"/v1/attachments/{sha256}", content=data, headers={
            "Content-Type": "application/octet-stream", "Content-Length": str(length),
            "Content-Range": f"bytes {offset}-{offset + length - 1}/{total}"})
        if response.status_code != 200:
            raise self._refused(response)
        return self._blob_answer(response)

    def commit_blob(self, sha256: str, size: int) -> BlobStatus:
        response = self._request("POST", f"/v1/attachments/{sha256}/commit", json={"size": size}, passthrough=(409,))
        if response.status_code == 409:
            try:
                data = response.json()
            except (ValueError, UnicodeDecodeError):
                data = None
            if isinstance(data, dict) and data.get("code") == "hash_mismatch":
                raise HashMismatch("Cổng nhận tệp bị sai lệch (mã băm không khớp); gửi lại.", status=409)
            raise TransientPortalError("Cổng chưa nhận đủ tệp; gửi tiếp.", status=409)
        if response.status_code != 200:
            raise self._refused(response)
        return self._blob_answer(response)
