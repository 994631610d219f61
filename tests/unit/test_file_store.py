"""The content-addressed scan store: durable names, verification, orphans, copies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from counterdesk.store.files import FileStore, sha256_of


def test_put_names_by_hash_and_is_idempotent(tmp_path: Path) -> None:
    files = FileStore(tmp_path / "att")
    first = files.put(b"%PDF-1.4 one")
    assert first.path == tmp_path / "att" / first.sha256[:2] / f"{first.sha256}.pdf"
    assert first.sha256 == sha256_of(b"%PDF-1.4 one") and first.path.read_bytes() == b"%PDF-1.4 one"
    again = files.put(b"%PDF-1.4 one")
    assert again == first
    assert list(files.names()) == [first.sha256]
    assert not list((tmp_path / "att").glob("??/.tmp-*"))  # no temporary file left


def test_verify_names_missing_and_altered_files(tmp_path: Path) -> None:
    files = FileStore(tmp_path)
    good, bad, gone = (files.put(b"a"), files.put(b"b"), files.put(b"c"))
    bad.path.write_bytes(b"tampered")
    gone.path.unlink()
    assert files.verify(good.sha256) is None
    assert files.verify(bad.sha256) == "altered"
    assert files.verify(gone.sha256) == "missing"


def test_orphans_are_old_unreferenced_files_only(tmp_path: Path) -> None:
    files = FileStore(tmp_path)
    kept, orphan, young = files.put(b"kept"), files.put(b"orphan"), files.put(b"young")
    old = time.time() - 7200
    for f in (kept, orphan):
        os.utime(f.path, (old, old))
    assert files.orphans({kept.sha256}) == [orphan.sha256]
    assert set(files.orphans({kept.sha256}, min_age=0)) == {orphan.sha256, young.sha256}


def test_copy_missing_copies_only_new_and_intact_files(tmp_path: Path) -> None:
    src, dst = FileStore(tmp_path / "src"), FileStore(tmp_path / "dst")
    a = src.put(b"a")
    assert src.copy_missing_to(dst) == [a.sha256]
    b = src.put(b"b")
    c = src.put(b"c")
    c.path.write_bytes(b"rotten")
    assert src.copy_missing_to(dst) == [b.sha256]  # a already there, c altered
    assert dst.read(b.sha256) == b"b"


CHILD = """
import os, signal, sys
from pathlib import Path
from counterdesk.store.files import FileStore
stored = FileStore(Path(sys.argv[1])).put(b"%PDF-1.4 scan of a birth certificate")
print(stored.sha256, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dies before any database transaction references it
"""


def test_sigkill_after_write_leaves_a_whole_file_that_is_collected_later(tmp_path: Path) -> None:
    root = tmp_path / "att"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=False,
                          env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])))
    assert proc.returncode == -9
    name = proc.stdout.strip()
    files = FileStore(root)
    assert files.verify(name) is None  # the file is whole: nothing lost
    assert files.orphans(set()) == []  # too young to be collected: its transaction might still commit
    assert files.orphans(set(), now=time.time() + 3601) == [name]
