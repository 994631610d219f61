"""The two pieces every small form dialog has: a red line saying why it was refused, and the buttons.

The dialog stays open on a refusal (the service's Vietnamese message shows in the red line) and
closes only when the service accepted the change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

ERROR_STYLE = "color: #b00020;"


def add_message_and_buttons(dialog: QDialog, layout: QVBoxLayout, name: str, ok_text: str,
                            on_ok: Callable[[], None], cancel_text: str = "Huỷ") -> QLabel:
    """Append the refusal line and OK/Cancel (texts in Vietnamese) to ``layout``; returns the line."""
    message = QLabel("")
    message.setObjectName(name)
    message.setWordWrap(True)
    message.setStyleSheet(ERROR_STYLE)
    layout.addWidget(message)
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return message
