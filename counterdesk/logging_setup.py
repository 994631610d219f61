"""Logging for the CLI and the app: personal data and database passwords never reach a log.

A filter on every handler rewrites each record's final text: 12-digit personal ID numbers (and
9-digit old ID numbers next to them), Vietnamese phone numbers and ``user:password@`` in URLs are
masked. SQLAlchemy's statement logging (which would print parameters such as names) stays off
unless asked for, and engines are created with ``hide_parameters``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from counterdesk.store.config import redact_urls

_ID12 = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[\s.-]?\d){9,10}(?!\d)")
_OLD_ID = re.compile(r"(?<!\d)\d{9}(?!\d)")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    """Mask personal ID numbers, phone numbers and URL passwords in ``text``."""
    text = redact_urls(text)
    text = _ID12.sub("[CCCD]", text)
    text = _PHONE.sub("[SĐT]", text)
    return _OLD_ID.sub("[CMND]", text)


class RedactingFilter(logging.Filter):
    """Rewrites the formatted message (and any traceback) of every record passing a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            import traceback

            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(level: int = logging.WARNING, *, log_file: Path | None = None, stream: bool = True,
            sql: bool = False) -> logging.Logger:
    """Configure the root logger with redacting handlers (idempotent: replaces ours)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_counterdesk", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    if stream:
        handlers.append(logging.StreamHandler())
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        handler._counterdesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # SQL statements with their parameters would carry names and ID numbers: only on request.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO if sql else logging.WARNING)
    logging.getLogger("sqlalchemy.pool").setLevel(logging.WARNING)
    # httpx logs every request's URL at INFO: an upload's URL names a scan by its hash.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return root
