""""Gửi báo cáo lỗi": one zip an IT officer can send — crash reports, versions, settings without
secrets, and the last log lines, with personal data masked by the same rules as the log itself
(logging_setup.redact: ID numbers, phone numbers, passwords in URLs)."""

from __future__ import annotations

import zipfile
from collections import deque
from pathlib import Path

from counterdesk.domain.clock import now_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.logging_setup import redact
from counterdesk.services import settings
from counterdesk.store.uow import Store

LOG_LINES = 1000
MAX_CRASH_REPORTS = 20
SECRET_WORDS = ("secret", "token", "hash", "password", "pin")
REMOVED = "[đã xoá]"


def _settings_text(store: Store) -> str:
    lines = []
    for key, spec in sorted(settings.KEYS.items()):
        try:
            value = settings.get(store, key)
        except DomainError as exc:
            value = f"(không đọc được: {exc.message})"
        if any(word in key for word in SECRET_WORDS):
            value = REMOVED if value else ""
        lines.append(f"{key} = {redact(value)}    # {spec.label}")
    return "\n".join(lines) + "\n"


def _tail(path: Path, n: int) -> str:
    with path.open(encoding="utf-8", errors="replace") as fh:
        return "".join(deque(fh, maxlen=n))


def bundle(out: Path, home: Path, store: Store | None = None, *, problem: str = "") -> Path:
    """Write the support zip to ``out``; ``store`` may be None (a store that does not open)."""
    from counterdesk.about import versions

    if out.suffix.lower() != ".zip":
        raise InvalidInput("Tệp báo cáo lỗi phải có đuôi .zip.")
    info = versions(store)
    if problem:
        info["Lỗi khi mở CSDL"] = problem
    readme = (f"Báo cáo lỗi CounterDesk, tạo lúc {now_vn():%H:%M ngày %d/%m/%Y}.\n"
              "Đã che số định danh, số điện thoại và mật khẩu; đã xoá khoá bí mật và mã truy cập.\n\n"
              + "\n".join(f"{k}: {redact(str(v))}" for k, v in info.items()) + "\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_suffix(".zip.part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("phien-ban.txt", readme)
            if store is not None:
                z.writestr("thiet-lap.txt", _settings_text(store))
            crashes = sorted((home / "crash").glob("crash-*.log"))[-MAX_CRASH_REPORTS:]
            for path in crashes:
                z.writestr(f"crash/{path.name}", redact(path.read_text(encoding="utf-8", errors="replace")))
            log = home / "logs" / "counterdesk.log"
            if log.is_file():
                z.writestr("nhat-ky-cuoi.log", redact(_tail(log, LOG_LINES)))
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InvalidInput(f"Không ghi được {out} ({exc.strerror or exc.__class__.__name__}).") from exc
    return out


def default_name(folder: Path) -> Path:
    return folder / f"counterdesk-bao-cao-loi-{now_vn():%Y%m%d-%H%M}.zip"


