"""A content-addressed file store for scans: ``<root>/ab/abcdef….pdf``, named by SHA-256.

Plain I/O, no database. A file is written to a temporary file in its final folder, fsynced,
renamed over its name and the folder fsynced, so that once ``put`` returns the bytes survive a
power cut. The caller references the name in a database transaction afterwards: a crash in
between leaves a file nothing references (an orphan, collected later by ``orphans``), never a
reference to a file that is not there. The same bytes always get the same name, so writing twice
is harmless and copying between stores (backups) only copies names the target lacks.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

NAME_RE = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024
ORPHAN_AGE_SECONDS = 3600  # a file younger than this may belong to a transaction still running


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    """The folder holding every scan of one office, addressed by content hash."""

    def __init__(self, root: Path, suffix: str = ".pdf") -> None:
        self.root = root
        self.suffix = suffix

    def path_of(self, sha256: str) -> Path:
        if not NAME_RE.match(sha256):
            raise ValueError("not a SHA-256 hex name")
        return self.root / sha256[:2] / f"{sha256}{self.suffix}"

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> StoredFile:
        """Store ``data`` durably under its hash (a no-op when the same bytes are already there)."""
        digest = sha256_of(data)
        final = self.path_of(digest)
        if final.is_file() and final.stat().st_size == len(data):
            os.utime(final)  # fresh again: orphan collection leaves it alone while it is referenced
            return StoredFile(digest, len(data), final)
        folder = final.parent
        new_folder = not folder.is_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if new_folder:
            _fsync_dir(self.root)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(folder)
        return StoredFile(digest, len(data), final)

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def names(self) -> Iterator[str]:
        """Every stored hash (temporary files and strangers are skipped)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not (folder.is_dir() and len(folder.name) == 2):
                continue
            for path in sorted(folder.iterdir()):
                stem = path.name.removesuffix(self.suffix)
                if path.name.endswith(self.suffix) and NAME_RE.match(stem) and stem[:2] == folder.name:
                    yield stem

    def verify(self, sha256: str) -> str | None:
        """None when the file is there with the right content, else 'missing' or 'altered'."""
        path = self.path_of(sha256)
        if not path.is_file():
            return "missing"
        return None if hash_file(path) == sha256 else "altered"

    def orphans(self, referenced: Iterable[str], *, min_age: float = ORPHAN_AGE_SECONDS,
                now: float | None = None) -> list[str]:
        """Stored names nothing references, older than ``min_age`` seconds (and stale temp files)."""
        keep = set(referenced)
        moment = time.time() if now is None else now
        found = []
        for name in self.names():
            if name not in keep and moment - self.path_of(name).stat().st_mtime >= min_age:
                found.append(name)
        return found

    def stale_temps(self, *, min_age: float = ORPHAN_AGE_SECONDS, now: float | None = None) -> list[Path]:
        """Temporary files left by a write that died before its rename."""
        moment = time.time() if now is None else now
        if not self.root.is_dir():
            return []
        return [p for p in self.root.glob("??/.tmp-*.part") if moment - p.stat().st_mtime >= min_age]

    def remove(self, sha256: str) -> None:
        self.path_of(sha256).unlink(missing_ok=True)

    def copy_missing_to(self, target: FileStore) -> list[str]:
        """Copy into ``target`` every file it lacks (verified by hash); returns the names copied."""
        copied = []
        for name in self.names():
            if target.has(name):
                continue
            source = self.path_of(name)
            if hash_file(source) != name:
                continue  # an altered file is not spread into the backup; the integrity check names it
            dest = target.path_of(name)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".tmp-{name}.part")
            shutil.copyfile(source, tmp)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
            copied.append(name)
        if copied:
            for folder in {target.path_of(n).parent for n in copied}:
                _fsync_dir(folder)
        return copied
