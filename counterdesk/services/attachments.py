"""Scans of a dossier's components and results: attach, list, read, integrity check, orphans.

The PDF is made (scans/process.py) and written to the content-addressed file store
(store/files.py) before the writing transaction; the transaction then adds the attachment row and
marks the component digitised (``documents[i].digitised`` and ``pages``) and writes the outbox
row that sends the scan to the portal (sync/upload.py) together. A crash between
the two leaves an unreferenced file that ``collect_orphans`` removes after an hour, never a row
without its file. Paths and hashes of scans are never logged (privacy: they identify citizens'
papers); the audit entry names the component and its page count only.

Where the files are: the setting ``attachments.dir``, else ``<data home>/attachments``. With
PostgreSQL every counter PC must see the same files, so the setting is required there (a shared
folder, docs/attachments.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterdesk.domain import status as st
from counterdesk.domain.citizen_id import clean_id
from counterdesk.domain.clock import iso_vn
from counterdesk.domain.errors import Conflict, InvalidInput, NotFound
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import fold, nfc
from counterdesk.models import Applicant, Dossier, DossierAttachment
from counterdesk.models.attachment import COMPONENT as COMPONENT
from counterdesk.models.attachment import RESULT as RESULT
from counterdesk.scans.process import Processed, process
from counterdesk.services import audit, outbox, settings
from counterdesk.store.files import FileStore
from counterdesk.store.uow import Store

log = logging.getLogger("counterdesk.attachments")
RESULT_NAME = "Kết quả giải quyết"
DIR_KEY = "attachments.dir"


@dataclass(frozen=True)
class AttachmentView:
    id: int
    dossier_code: str
    document_name: str
    kind: str
    sha256: str
    size: int
    pages: int
    media_type: str
    created_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "dossier": self.dossier_code, "document": self.document_name, "kind": self.kind,
                "sha256": self.sha256, "size": self.size, "pages": self.pages, "media_type": self.media_type,
                "created_at": iso_vn(self.created_at)}


@dataclass(frozen=True)
class Problem:
    attachment_id: int
    dossier_code: str
    document_name: str
    sha256: str
    problem: str  # missing|altered


def files_root(store: Store, home: Path) -> Path:
    """The folder of the office's scans (see the module docstring)."""
    configured = settings.get(store, DIR_KEY).strip()
    if configured:
        root = Path(configured).expanduser()
        if not root.is_dir():
            raise InvalidInput(f"Không thấy thư mục lưu bản quét {root} (thư mục dùng chung chưa kết nối?).")
        return root
    if store.dialect == "postgresql":
        raise InvalidInput("CSDL dùng chung (PostgreSQL): hãy đặt thư mục dùng chung cho bản quét "
                           f"bằng `counterdesk config set {DIR_KEY} ĐƯỜNG_DẪN`.")
    return home / "attachments"


def file_store(store: Store, home: Path) -> FileStore:
    return FileStore(files_root(store, home))


def _dossier(session: Session, code: str) -> Dossier:
    found = session.scalars(select(Dossier).where(Dossier.code == code.strip())).first()
    if found is None:
        raise NotFound(f"Không có hồ sơ mã {code.strip()[:60]}.")
    return found


def _component(dossier: Dossier, document: str | None) -> str:
    names = [str(d.get("name", "")) for d in dossier.documents or []]
    if document is not None:
        wanted = fold(document)
        for name in names:
            if fold(name) == wanted:
                return name
        listed = "; ".join(names) or "không có"
        raise InvalidInput(f"Hồ sơ không có giấy tờ '{nfc(document)[:80]}'. Các thành phần: {listed}.", field="document")
    for d in dossier.documents or []:
        if not d.get("digitised"):
            return str(d.get("name", ""))
    if not names:
        raise InvalidInput("Hồ sơ không có thành phần giấy tờ nào để số hoá.", field="document")
    raise InvalidInput("Mọi thành phần đã được số hoá; chọn giấy tờ bằng --document để quét lại.", field="document")


def _target(store: Store, code: str, document: str | None, result: bool) -> str:
    with store.read() as session:
        dossier = _dossier(session, code)
        if result:
            if dossier.status not in st.HAS_RESULT:
                raise Conflict("Hồ sơ chưa có kết quả giải quyết để số hoá.")
            return nfc(document).strip()[:400] if document and document.strip() else RESULT_NAME
        return _component(dossier, document)


def _record(session: Session, dossier: Dossier, name: str, kind: str, sha256: str, size: int, pages: int,
            actor: Actor, *, reused: bool = False) -> DossierAttachment:
    """The attachment row and, for a component, its digitised mark (DuocSoHoa) with the page count."""
    row = DossierAttachment(dossier_id=dossier.id, document_name=name, kind=kind, sha256=sha256, size=size,
                            pages=pages, media_type="application/pdf", created_at=datetime.now(UTC),
                            user_id=actor.user_id)
    session.add(row)
    if kind == COMPONENT:
        docs = [dict(d) for d in dossier.documents or []]
        for d in docs:
            if d.get("name") == name:
                d.update(digitised=True, pages=pages, reused=reused)
        dossier.documents = docs
    session.flush()
    outbox.enqueue_attachment(session, dossier, row)  # the portal gets the scan with the dossier
    return row


def attach(store: Store, home: Path, code: str, sources: list[tuple[str, bytes]], *, document: str | None = None,
           result: bool = False, actor: Actor = SYSTEM_ACTOR) -> AttachmentView:
    """Make one PDF of ``sources`` and attach it to a component (or the result) of dossier ``code``."""
    actor.require("dossier.lifecycle" if result else "dossier.intake")
    name = _target(store, code, document, result)
    processed: Processed = process(sources, name)
    files = file_store(store, home)
    stored = files.put(processed.pdf)
    kind = RESULT if result else COMPONENT
    with store.write() as session:
        dossier = _dossier(session, code)
        row = _record(session, dossier, name, kind, stored.sha256, stored.size, processed.pages, actor)
        audit.append(session, actor, "dossier.attach", "dossier", dossier.code,
                     f"{kind}: {name} ({processed.pages} trang)")
        view = _view(row, dossier.code)
    log.info("attached a %s of %d page(s) to a dossier", kind, processed.pages)
    return view


def _earlier_scans(session: Session, applicant_id: int, names: list[str], exclude: int | None) -> list[AttachmentView]:
    """This applicant's component scans matching ``names`` (folded), newest first, one per file."""
    query = (select(DossierAttachment, Dossier.code).join(Dossier, Dossier.id == DossierAttachment.dossier_id)
             .where(Dossier.applicant_id == applicant_id, DossierAttachment.kind == COMPONENT)
             .order_by(DossierAttachment.id.desc()))
    if exclude is not None:
        query = query.where(Dossier.id != exclude)
    wanted = {fold(n) for n in names}
    seen: set[tuple[str, str]] = set()
    found = []
    for row, other in session.execute(query).all():
        key = (fold(row.document_name), row.sha256)
        if key[0] in wanted and key not in seen:
            seen.add(key)
            found.append(_view(row, other))
    return found


def reusable(store: Store, code: str) -> list[AttachmentView]:
    """Papers already scanned for this dossier's applicant in other dossiers (an ID card, a birth
    certificate…), newest first: offered instead of a new scan (Decision 766 counts the re-use)."""
    with store.read() as session:
        dossier = _dossier(session, code)
        names = [str(d.get("name", "")) for d in dossier.documents or []]
        return _earlier_scans(session, dossier.applicant_id, names, dossier.id)


def reusable_for_citizen(store: Store, id_number: str, names: list[str]) -> list[AttachmentView]:
    """Before the dossier exists (the intake form): earlier scans of the citizen with this personal
    ID number matching the papers ``names``; empty for a new citizen or a malformed number."""
    number = clean_id(id_number)
    if len(number) != 12 or not number.isdigit() or not names:
        return []
    with store.read() as session:
        applicant_id = session.scalars(select(Applicant.id).where(Applicant.id_number == number)).first()
        if applicant_id is None:
            return []
        return _earlier_scans(session, applicant_id, names, None)


def make_pdf(sources: list[tuple[str, bytes]], document: str) -> Processed:
    """The component's PDF made now (off the GUI thread) for a dossier not yet accepted; ``attach``
    stores it once the dossier has its code (a single PDF passes through unchanged)."""
    return process(sources, nfc(document))


def reuse(store: Store, home: Path, code: str, attachment_id: int, *, actor: Actor = SYSTEM_ACTOR) -> AttachmentView:
    """Attach an earlier scan of the same applicant to the matching component of ``code``; the
    file is shared (same content, same name), only a new row is written."""
    actor.require("dossier.intake")
    offered = {v.id: v for v in reusable(store, code)}
    source = offered.get(attachment_id)
    if source is None:
        raise InvalidInput("Bản quét này không thuộc công dân của hồ sơ hoặc không khớp thành phần nào.")
    if file_store(store, home).verify(source.sha256) is not None:
        raise Conflict("Tệp bản quét cũ bị mất hoặc đã bị sửa; hãy quét lại.")
    with store.write() as session:
        dossier = _dossier(session, code)
        name = _component(dossier, source.document_name)
        row = _record(session, dossier, name, COMPONENT, source.sha256, source.size, source.pages, actor, reused=True)
        audit.append(session, actor, "dossier.attach_reuse", "dossier", dossier.code,
                     f"{COMPONENT}: {name} ({source.pages} trang, dùng lại)")
        view = _view(row, dossier.code)
    log.info("re-used an earlier scan of %d page(s)", source.pages)
    return view


def _view(row: DossierAttachment, code: str) -> AttachmentView:
    return AttachmentView(row.id, code, row.document_name, row.kind, row.sha256, row.size, row.pages,
                          row.media_type, row.created_at)


def list_files(store: Store, code: str) -> list[AttachmentView]:
    """The scans of a dossier, oldest first."""
    with store.read() as session:
        dossier = _dossier(session, code)
        rows = session.scalars(select(DossierAttachment).where(DossierAttachment.dossier_id == dossier.id)
                               .order_by(DossierAttachment.id)).all()
        return [_view(r, dossier.code) for r in rows]


@dataclass(frozen=True)
class ComponentView:
    name: str
    digitised: bool
    pages: int


def components(store: Store, code: str) -> list[ComponentView]:
    """The dossier's papers with their digitised mark and page count (the desk's capture menu)."""
    with store.read() as session:
        dossier = _dossier(session, code)
        return [ComponentView(str(d.get("name", "")), bool(d.get("digitised")), int(d.get("pages") or 0))
                for d in dossier.documents or []]


def read_pdf(store: Store, home: Path, attachment_id: int) -> bytes:
    """The bytes of one scan (for the viewer), checked against its hash."""
    with store.read() as session:
        row = session.get(DossierAttachment, attachment_id)
        if row is None:
            raise NotFound("Không có bản quét này.")
        sha = row.sha256
    files = file_store(store, home)
    problem = files.verify(sha)
    if problem is not None:
        raise Conflict("Tệp bản quét bị mất hoặc đã bị sửa; hãy khôi phục từ bản sao lưu.")
    return files.read(sha)


def check_integrity(store: Store, home: Path) -> list[Problem]:
    """Every referenced scan whose file is missing or whose content no longer matches its hash."""
    with store.read() as session:
        rows = session.execute(select(DossierAttachment.id, Dossier.code, DossierAttachment.document_name,
                                      DossierAttachment.sha256)
                               .join(Dossier, Dossier.id == DossierAttachment.dossier_id)
                               .order_by(DossierAttachment.id)).all()
    files = file_store(store, home)
    verdicts: dict[str, str | None] = {}
    problems = []
    for att_id, code, name, sha in rows:
        if sha not in verdicts:
            verdicts[sha] = files.verify(sha)
        if verdicts[sha] is not None:
            problems.append(Problem(att_id, code, name, sha, str(verdicts[sha])))
    return problems


def referenced(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(DossierAttachment.sha256).distinct()).all())


def collect_orphans(store: Store, home: Path, *, min_age: float | None = None) -> list[str]:
    """Delete files no attachment references (older than an hour: a younger one may be about to
    be committed) and stale temporary files; returns the names removed."""
    files = file_store(store, home)
    kw = {} if min_age is None else {"min_age": min_age}
    names = files.orphans(referenced(store), **kw)
    keep = referenced(store)  # read again: a transaction may have committed in between
    removed = [n for n in names if n not in keep]
    for name in removed:
        files.remove(name)
    for tmp in files.stale_temps(**kw):
        tmp.unlink(missing_ok=True)
    if removed:
        log.info("removed %d orphan scan file(s)", len(removed))
    return removed


def backup_mirrors(home: Path, second_dir: str = "") -> list[FileStore]:
    """Where backups keep the scans: ``<home>/backups/attachments`` and the second (USB) folder."""
    mirrors = [FileStore(home / "backups" / "attachments")]
    if second_dir and Path(second_dir).expanduser().is_dir():
        mirrors.append(FileStore(Path(second_dir).expanduser() / "attachments"))
    return mirrors


def backup_files(store: Store, home: Path) -> int:
    """Copy scans the backup folders do not have yet (content-addressed: new files only)."""
    files = file_store(store, home)
    copied = 0
    for mirror in backup_mirrors(home, settings.get(store, "backup.second_dir")):
        copied += len(files.copy_missing_to(mirror))
    return copied


def restore_files(store: Store, home: Path) -> tuple[int, list[Problem]]:
    """Bring back from the backup folders every referenced scan that is missing or altered;
    returns how many were restored and the problems left (no intact copy anywhere)."""
    files = file_store(store, home)
    mirrors = backup_mirrors(home, settings.get(store, "backup.second_dir"))
    restored, left = 0, []
    done: set[str] = set()
    for problem in check_integrity(store, home):
        if problem.sha256 in done:
            continue
        source = next((m for m in mirrors if m.verify(problem.sha256) is None), None)
        if source is None:
            left.append(problem)
            continue
        files.path_of(problem.sha256).unlink(missing_ok=True)
        files.put(source.read(problem.sha256))
        done.add(problem.sha256)
        restored += 1
    log.info("restored %d scan file(s) from backup, %d still missing", restored, len(left))
    return restored, left


@dataclass(frozen=True)
class FileRecovery:
    restored: int
    still_missing: int
    orphans_removed: int


def recover_files(store: Store, home: Path) -> FileRecovery:
    """At start-up (off the GUI thread): finish what an interrupted run left behind. Scans the
    database references but the folder lacks (a database restored from backup, a file lost) come
    back from the backup folders; stale temporary files and old unreferenced files (a crash between
    writing a file and committing its row) are removed."""
    restored, left = restore_files(store, home)
    removed = collect_orphans(store, home)
    return FileRecovery(restored, len(left), len(removed))
