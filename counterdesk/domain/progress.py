"""Callbacks a long piece of work (report, PDF, demo seed) takes from whoever runs it.

One definition for services, printing and the UI's background jobs: ``Progress(done, total)`` is
called as the work advances; ``CancelFlag()`` returning True asks it to stop at the next check.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
CancelFlag = Callable[[], bool]
