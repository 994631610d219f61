"""PySide6 user interface: one package per mode; calls services only."""

from counterdesk.ui import _none_guard  # noqa: F401  (must run before the GUI makes Qt calls)
