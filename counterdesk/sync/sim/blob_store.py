"""The portal simulator's uploads: resumable, named by SHA-256, verified when committed.

An upload in progress is ``<root>/<sha256>.part``; its size is the offset the portal reports, so
the answer survives a restart of the simulator. A chunk is appended only when it starts exactly
at that offset and arrived whole. The commit hashes the part file (streamed) and renames it to
``<root>/<sha256>`` when it matches; otherwise the part is discarded (409 hash_mismatch) and the sender starts
again. A complete upload is never changed again: later chunks and commits are answered as done.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

from counterdesk.sync.payload import is_sha256
from counterdesk.sync.sim.server import SimError

MAX_CHUNK = 16 * 1024 * 1024
MAX_SIZE = 10**10 - 1  # what a 10-digit Content-Range can say


def parse_content_range(value: str) -> tuple[int, int, int]:
    """``bytes START-END/TOTAL`` → (start, end, total); SimError 400 when malformed."""
    unit, _, spec = value.strip().partition(" ")
    span, _, total_text = spec.partition("/")
    start_text, _, end_text = span.partition("-")
    parts = (start_text, end_text, total_text)
    if unit != "bytes" or not all(p.isascii() and p.isdigit() and len(p) <= 10 for p in parts):
        raise SimError(400, "Content-Range phải có dạng 'bytes ĐẦU-CUỐI/TỔNG'.")
    start, end, total = (int(p) for p in parts)
    return start, end, total


class BlobStore:
    """Uploads of one simulator, in a folder beside its database."""

    def __init__(self, root: Path, count: Any) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.count = count  # the simulator's counter (name, n)
        self.lock = threading.Lock()

    def _paths(self, sha256: str) -> tuple[Path, Path]:
        if not is_sha256(sha256):
            raise SimError(400, "Tên tệp phải là mã SHA-256 (64 chữ số hex thường).")
        return self.root / sha256, self.root / f"{sha256}.part"

    def _answer(self, sha256: str) -> dict[str, Any]:
        final, part = self._paths(sha256)
        if final.is_file():
            return {"sha256": sha256, "offset": final.stat().st_size, "complete": True}
        offset = part.stat().st_size if part.is_file() else 0
        return {"sha256": sha256, "offset": offset, "complete": False}

    def status(self, sha256: str) -> dict[str, Any]:
        with self.lock:
            return self._answer(sha256)

    def put(self, sha256: str, content_range: str, body: bytes) -> dict[str, Any]:
        """Append one chunk at the current offset (409 with the offset when it starts elsewhere)."""
        start, end, total = parse_content_range(content_range)
        with self.lock:
            answer = self._answer(sha256)
            if answer["complete"]:
                return answer
            if not start <= end < total or len(body) != end - start + 1:
                # well formed but not this chunk (a range that does not fit its body): a conflict
                raise SimError(409, "Content-Range không khớp đoạn gửi (đầu ≤ cuối < tổng, độ dài đúng).",
                               extra={"offset": answer["offset"]})
            if len(body) > MAX_CHUNK:
                raise SimError(413, "Đoạn gửi quá lớn.")
            if start != answer["offset"]:
                raise SimError(409, f"Cổng đang có {answer['offset']} byte của tệp này; gửi tiếp từ đó.",
                               extra={"offset": answer["offset"]})
            _, part = self._paths(sha256)
            with part.open("ab") as fh:
                fh.write(body)
            self.count("attachment.chunks")
            self.count("attachment.bytes_received", len(body))
            return {"sha256": sha256, "offset": start + len(body), "complete": False}

    def commit(self, sha256: str, size: Any) -> dict[str, Any]:
        """Verify the received bytes against the name; 409 ``hash_mismatch`` (and the part discarded)
        when they differ."""
        if isinstance(size, float) and size.is_integer():
            size = int(size)  # JSON 5.0 is the integer 5 to a schema
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_SIZE:
            raise SimError(400, "Cần 'size' là số byte của tệp.")
        with self.lock:
            answer = self._answer(sha256)
            if answer["complete"]:
                return answer
            if answer["offset"] != size:
                raise SimError(409, f"Cổng mới có {answer['offset']} trên {size} byte; gửi tiếp rồi xác nhận.",
                               extra={"offset": answer["offset"]})
            final, part = self._paths(sha256)
            digest = hashlib.sha256()
            if part.is_file():
                with part.open("rb") as fh:
                    while chunk := fh.read(1024 * 1024):
                        digest.update(chunk)
            if digest.hexdigest() != sha256:
                part.unlink(missing_ok=True)
                self.count("attachment.hash_mismatch")
                raise SimError(409, "Nội dung nhận được không khớp mã SHA-256; đã huỷ, hãy gửi lại từ đầu.",
                               extra={"offset": 0, "code": "hash_mismatch"})
            if not part.is_file():
                part.touch()  # an empty file is a file too
            os.replace(part, final)
            self.count("attachment.committed")
            return {"sha256": sha256, "offset": size, "complete": True}

    def complete_size(self, sha256: str) -> int | None:
        """The size of a verified upload, None when the portal does not hold it (yet)."""
        final = self.root / sha256
        return final.stat().st_size if is_sha256(sha256) and final.is_file() else None

    def totals(self) -> tuple[int, int]:
        """(verified uploads, their bytes)."""
        with self.lock:
            sizes = [p.stat().st_size for p in self.root.iterdir() if is_sha256(p.name)]
        return len(sizes), sum(sizes)
