"""Uploading one scan to the portal: resumable, chunked, idempotent by content hash.

The portal names an upload by the SHA-256 of its bytes, so sending the same scan twice (a resent
entry, the same ID card re-used by another dossier) costs one status request. Every attempt asks
the portal how many bytes it already holds and continues from there: an upload cut by a network
fault, a killed sender or a restart sends only what is missing. The file is read one chunk at a
time (never whole into memory). The portal checks the hash when the upload is committed; on a
mismatch it discards its copy and the local file is checked: intact, the upload starts again;
altered or missing, the entry is quarantined (a restore from backup is needed, not a resend).

Nothing here logs a file's name, hash or content (they identify a citizen's papers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from counterdesk.store.files import CHUNK, FileStore
from counterdesk.sync.portal import BlobPortal, HashMismatch

DEFAULT_CHUNK = 4 * CHUNK  # 4 MiB a request: few round trips
PIECE = 256 * 1024  # what is read from the file at a time while a chunk is on the wire


class LocalFileProblem(Exception):
    """The scan on this machine is missing or no longer matches its hash (Vietnamese message)."""


@dataclass
class UploadProgress:
    """What one upload did: bytes sent in this run, where it resumed from, whether it was there."""

    sent: int = 0
    resumed_from: int = 0
    already_there: bool = False
    retried_after_mismatch: int = 0
    progressed: bool = False  # the portal's copy grew since the caller last looked (its retry hint)
    best_offset: int = 0  # the furthest the portal was seen to hold


def _local(files: FileStore, sha256: str, size: int) -> Path:
    path = files.path_of(sha256)
    try:
        actual = path.stat().st_size
    except FileNotFoundError:
        raise LocalFileProblem("Tệp bản quét không còn trên máy; khôi phục từ bản sao lưu rồi gửi lại.") from None
    if actual != size:
        raise LocalFileProblem("Tệp bản quét trên máy đã bị sửa (kích thước khác); khôi phục từ bản sao lưu.")
    return path


def _intact(path: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _pieces(fh: BinaryIO, offset: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of the file from ``offset``, read a piece at a time as the request sends them."""
    fh.seek(offset)
    left = length
    while left > 0:
        piece = fh.read(min(PIECE, left))
        if not piece:
            raise LocalFileProblem("Tệp bản quét trên máy ngắn hơn đã ghi nhận; khôi phục từ bản sao lưu.")
        left -= len(piece)
        yield piece


def upload_attempt(portal: BlobPortal, files: FileStore, sha256: str, size: int, progress: UploadProgress,
                   *, chunk_size: int = DEFAULT_CHUNK) -> None:
    """One attempt: ask the offset, send the missing chunks, commit. Raises the portal's errors
    (transient ones are retried by the caller; the next attempt resumes where this one stopped)."""
    path = _local(files, sha256, size)
    status = portal.blob_status(sha256)
    if status.complete:
        progress.already_there = progress.sent == 0
        return
    offset = status.offset if status.offset <= size else 0
    if progress.sent == 0:
        progress.resumed_from = offset
    if offset > progress.best_offset:  # chunks whose answers were lost did arrive
        progress.best_offset, progress.progressed = offset, True
    with path.open("rb") as fh:
        while offset < size:
            length = min(chunk_size, size - offset)
            progress.sent += length  # on the wire, whether or not its answer comes back
            answer = portal.put_chunk(sha256, offset, _pieces(fh, offset, length), length, size)
            progress.progressed = True
            progress.best_offset = max(progress.best_offset, answer.offset)
            if answer.complete:
                return
            offset = answer.offset
    try:
        portal.commit_blob(sha256, size)
    except HashMismatch:
        if not _intact(path, sha256):
            raise LocalFileProblem("Tệp bản quét trên máy không khớp mã băm (đã bị sửa); "
                                   "khôi phục từ bản sao lưu rồi gửi lại.") from None
        progress.retried_after_mismatch += 1
        raise
