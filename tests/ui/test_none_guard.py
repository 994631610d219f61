"""PySide6 6.12 on CPython 3.11 drops a reference to None on every Qt call returning None."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_qt_calls_do_not_abort_the_interpreter() -> None:
    # A fresh interpreter: 200,000 void Qt calls (more than None's natural reference count) then exit.
    code = textwrap.dedent("""
        import counterdesk.ui
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for i in range(200_000):
            label.setText("x")
        print("ok")
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr[-500:]
    assert r.stdout.strip() == "ok"
