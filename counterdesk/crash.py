"""Crash reports: an unexpected error is written to the data directory, never lost in a console."""

from __future__ import annotations

import platform
import traceback
from pathlib import Path

from counterdesk import __version__
from counterdesk.domain.clock import now_vn


def write_crash_report(exc: BaseException, home: Path | None) -> Path:
    from counterdesk.paths import data_home

    folder = (home or data_home()) / "crash"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now_vn().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    from counterdesk.logging_setup import redact

    text = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    path.write_text(
        f"CounterDesk {__version__} — {now_vn().isoformat()}\n"
        f"Python {platform.python_version()} on {platform.platform()}\n\n{text}",
        encoding="utf-8",
    )
    return path
