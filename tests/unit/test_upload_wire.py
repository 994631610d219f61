"""The upload's pieces without a network: the link record's checks, the fault spec, the portal's
resumable store and the uploader against an in-memory portal that loses answers."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from counterdesk.store.files import FileStore
from counterdesk.sync.payload import attachment_problems, attachment_record
from counterdesk.sync.portal import BlobStatus, HashMismatch, TransientPortalError
from counterdesk.sync.portal_sim import Faults, SimError
from counterdesk.sync.sim.blob_store import BlobStore, parse_content_range
from counterdesk.sync.upload import LocalFileProblem, UploadProgress, upload_attempt

SHA = "ab" * 32


def test_link_record_carries_no_content_and_is_checked() -> None:
    record = attachment_record("000.00.01.H29-261120-0001", "Tờ khai", "component", SHA, 1234, 2, "application/pdf")
    assert attachment_problems(record) == []
    assert set(record) == {"MaHoSo", "TenGiayTo", "LoaiTep", "SoTrang", "KichThuoc", "sha256", "DinhDang"}
    bad = dict(record, sha256="ABC", SoTrang=0, LoaiTep="x", MaHoSo=" ")
    assert len(attachment_problems(bad)) == 4
    assert attachment_problems([]) == ["Bản ghi bản quét phải là một đối tượng JSON."]


def test_corrupt_and_timeout_faults_are_parsed() -> None:
    assert Faults.parse("corrupt=0.1,seed=3").corrupt == 0.1 and Faults.parse("corrupt=0.1").any
    stalled = Faults.parse("timeout=0.2,stall=300ms")
    assert stalled.timeout == 0.2 and stalled.stall == 0.3 and stalled.any
    with pytest.raises(ValueError, match="corrupt"):
        Faults.parse("garble=0.1")


def test_content_range_is_parsed_or_refused() -> None:
    assert parse_content_range("bytes 0-99/1000") == (0, 99, 1000)
    for bad in ("bytes 0-99", "items 0-9/10", "bytes -1-9/10", "bytes 0-99/12345678901", "bytes ²-9/10"):
        with pytest.raises(SimError):
            parse_content_range(bad)


def test_blob_store_resumes_verifies_and_discards_a_bad_copy(tmp_path: Path) -> None:
    counts: dict[str, int] = {}
    blobs = BlobStore(tmp_path / "blobs", lambda name, n=1: counts.__setitem__(name, counts.get(name, 0) + n))
    data = bytes(range(256)) * 40
    sha = hashlib.sha256(data).hexdigest()
    assert blobs.status(sha) == {"sha256": sha, "offset": 0, "complete": False}
    assert blobs.put(sha, f"bytes 0-4999/{len(data)}", data[:5000])["offset"] == 5000
    with pytest.raises(SimError) as gap:  # a chunk that does not start at the offset
        blobs.put(sha, f"bytes 6000-{len(data) - 1}/{len(data)}", data[6000:])
    assert gap.value.status == 409 and gap.value.extra == {"offset": 5000}
    with pytest.raises(SimError) as early:  # commit before the last byte
        blobs.commit(sha, len(data))
    assert early.value.status == 409
    blobs.put(sha, f"bytes 5000-{len(data) - 1}/{len(data)}", b"\0" + data[5001:])  # one damaged byte
    with pytest.raises(SimError) as mismatch:
        blobs.commit(sha, len(data))
    assert mismatch.value.extra["code"] == "hash_mismatch" and blobs.status(sha)["offset"] == 0
    blobs.put(sha, f"bytes 0-{len(data) - 1}/{len(data)}", data)
    assert blobs.commit(sha, len(data))["complete"] is True
    # complete: later chunks and commits are answered as done, the copy never changes
    assert blobs.put(sha, f"bytes 0-9/{len(data)}", b"x" * 10)["complete"] is True
    assert blobs.complete_size(sha) == len(data) and blobs.totals() == (1, len(data))
    assert counts["attachment.hash_mismatch"] == 1 and counts["attachment.bytes_received"] == 5000 + 2 * len(data) - 5000


class LossyPortal:
    """An in-memory portal that applies every other chunk but loses the answer (a 'lost' fault)."""

    def __init__(self) -> None:
        self.held = bytearray()
        self.complete = False
        self.puts = 0
        self.received = 0

    def blob_status(self, sha256: str) -> BlobStatus:
        return BlobStatus(len(self.held), self.complete)

    def put_chunk(self, sha256: str, offset: int, data: Iterable[bytes], length: int, total: int) -> BlobStatus:
        assert offset == len(self.held)
        body = b"".join(data)
        assert len(body) == length
        self.held += body
        self.received += length
        self.puts += 1
        if self.puts % 2 == 0:
            raise TransientPortalError("answer lost")
        return BlobStatus(len(self.held), False)

    def commit_blob(self, sha256: str, size: int) -> BlobStatus:
        if hashlib.sha256(self.held).hexdigest() != sha256:
            self.held.clear()
            raise HashMismatch("mismatch")
        self.complete = True
        return BlobStatus(size, True)


def test_uploader_resumes_after_lost_answers_and_sends_each_byte_once(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "scans")
    data = random.Random(1).randbytes(300_000)
    sha = files.put(data).sha256
    portal, progress = LossyPortal(), UploadProgress()
    for _ in range(20):
        try:
            upload_attempt(portal, files, sha, len(data), progress, chunk_size=32 * 1024)
            break
        except TransientPortalError:
            continue
    assert portal.complete and bytes(portal.held) == data
    assert portal.received == len(data) == progress.sent  # resumed from the offset each time


def test_uploader_quarantines_a_missing_or_altered_local_file(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "scans")
    data = b"scan" * 1000
    sha = files.put(data).sha256
    files.path_of(sha).write_bytes(b"x" * len(data))
    with pytest.raises(LocalFileProblem, match="sao lưu"):
        upload_attempt(LossyPortal(), files, sha, len(data), UploadProgress(), chunk_size=1 << 20)
    files.remove(sha)
    with pytest.raises(LocalFileProblem, match="không còn"):
        upload_attempt(LossyPortal(), files, sha, len(data), UploadProgress())
