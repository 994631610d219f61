"""PySide6 user interface: one package per mode; calls services only."""
