"""The watched folder: a network scanner or a phone drops images and PDFs named after the dossier.

A file whose name starts with a dossier code (``000.00.01.H29-261120-0001_trang1.jpg``) is taken;
files of the same code dropped together become one component (pages in name order), attached to
the first component not yet digitised. A file is left alone until it has not changed for
``settle`` seconds (a scanner writing over the network). Attached files are deleted from the
folder (the scan is stored; a personal paper must not linger on a shared folder); anything that
cannot be attached moves to ``rejected/`` beside a ``.txt`` saying why in Vietnamese. The app
calls ``import_folder`` from a timer off the GUI thread; the CLI runs it once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from counterdesk.domain.dossier_code import CODE_PREFIX_RE
from counterdesk.domain.errors import DomainError
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.services import attachments
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.watched_folder")
REJECTED = "rejected"
SETTLE_SECONDS = 3.0
SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class ImportReport:
    attached: list[attachments.AttachmentView] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    waiting: int = 0  # files still being written


def _reject(folder: Path, path: Path, reason: str, report: ImportReport) -> None:
    target = folder / REJECTED
    target.mkdir(exist_ok=True)
    dest = target / path.name
    path.replace(dest)
    dest.with_name(dest.name + ".txt").write_text(reason + "\n", encoding="utf-8")
    report.rejected.append((path.name, reason))


def import_folder(store: Store, home: Path, folder: Path, *, actor: Actor = SYSTEM_ACTOR,
                  settle: float = SETTLE_SECONDS, now: float | None = None) -> ImportReport:
    """Attach every settled file of ``folder`` to its dossier; see the module docstring."""
    report = ImportReport()
    if not folder.is_dir():
        return report
    attachments.files_root(store, home)  # no shared folder yet: leave every file where it is
    moment = time.time() if now is None else now
    groups: dict[str, list[Path]] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if moment - path.stat().st_mtime < settle:
            report.waiting += 1
            continue
        match = CODE_PREFIX_RE.match(path.name)
        if path.suffix.lower() not in SUFFIXES:
            _reject(folder, path, "Không phải ảnh PNG/JPEG/TIFF hay PDF.", report)
        elif match is None:
            _reject(folder, path, "Tên tệp phải bắt đầu bằng mã hồ sơ (ví dụ 000.00.01.H29-261120-0001_1.jpg).", report)
        else:
            groups.setdefault(match.group("code"), []).append(path)
    for code, paths in groups.items():
        try:
            sources = [(p.name, p.read_bytes()) for p in paths]
            report.attached.append(attachments.attach(store, home, code, sources, actor=actor))
        except (DomainError, OSError) as exc:
            reason = exc.message if isinstance(exc, DomainError) else f"Không đọc được tệp ({exc.strerror})."
            for path in paths:
                _reject(folder, path, reason, report)
            continue
        for path in paths:
            path.unlink(missing_ok=True)
    if report.attached or report.rejected:
        log.info("watched folder: %d attached, %d rejected", len(report.attached), len(report.rejected))
    return report


def take_pages(folder: Path, *, code: str = "", settle: float = SETTLE_SECONDS,
               now: float | None = None) -> list[tuple[str, bytes]]:
    """For the capture screen open at the counter: every settled image or PDF of ``folder`` that
    names no dossier, or names ``code`` (the dossier on screen), read in name order and removed
    from the shared folder (the clerk now holds the pages). Files named after another dossier are
    left for ``import_folder``; a file that cannot be read stays where it is."""
    if not folder.is_dir():
        return []
    moment = time.time() if now is None else now
    taken = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix.lower() not in SUFFIXES or moment - path.stat().st_mtime < settle:
            continue
        match = CODE_PREFIX_RE.match(path.name)
        if match is not None and match.group("code") != code.strip():
            continue
        try:
            taken.append((path.name, path.read_bytes()))
            path.unlink()
        except OSError:
            log.warning("a file of the watched folder could not be taken")
            continue
    if taken:
        log.info("watched folder: %d file(s) taken by the capture screen", len(taken))
    return taken
