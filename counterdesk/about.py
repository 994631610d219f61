"""What is running: the app, Python, Qt, the OS and the store's schema (About box, --version, support zip).

Nothing here imports PySide6: the Qt version comes from the already-loaded module when the GUI
runs, otherwise from the installed distribution's metadata.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

from counterdesk import __version__

UNKNOWN = "không rõ"


def qt_version() -> str:
    loaded = sys.modules.get("PySide6")
    if loaded is not None:
        core = sys.modules.get("PySide6.QtCore")
        qt = f", Qt {core.qVersion()}" if core is not None else ""
        return f"PySide6 {getattr(loaded, '__version__', UNKNOWN)}{qt}"
    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return f"PySide6 {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return UNKNOWN


def versions(store: Any = None) -> dict[str, str]:
    """Name → version text; ``store`` (a Store) adds its backend, URL (no password) and schema revision."""
    from counterdesk.store import migrate

    info = {
        "CounterDesk": __version__,
        "Lược đồ CSDL của bản cài": migrate.head_revision(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Qt": qt_version(),
        "Hệ điều hành": platform.platform(),
        "Đóng gói": "PyInstaller" if getattr(sys, "frozen", False) else "mã nguồn / pip",
    }
    if store is not None:
        info["CSDL"] = f"{store.dialect} — {store.url}"
        try:
            info["Lược đồ CSDL đang mở"] = migrate.current_revision(store.engine) or UNKNOWN
        except Exception as exc:  # noqa: BLE001 - a support report must come out even from a broken store
            info["Lược đồ CSDL đang mở"] = f"không đọc được ({exc.__class__.__name__})"
    return info


def version_line() -> str:
    from counterdesk.store import migrate

    return f"CounterDesk {__version__} (lược đồ CSDL {migrate.head_revision()}, Python {platform.python_version()})"
