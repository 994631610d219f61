"""The office's A4 printer (setting ``printer.receipt``), chosen for every print preview.

Kept here, free of Qt's print modules, so that a window can remember it at start-up without
loading them (bench/bench_startup.py); print_pdf asks for it when a preview opens.
"""

from __future__ import annotations

_office_printer = ""


def remember(name: str) -> None:
    global _office_printer
    _office_printer = name.strip()


def office_printer() -> str:
    """The configured printer's name, or "" for the system's default printer."""
    return _office_printer
