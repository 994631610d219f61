"""Child for the SIGKILL test: attaches a scan and is killed inside the writing transaction,
after the file is on disk and before the commit.

Usage: python -m tests.helpers.attach_kill_child DB_URL HOME CODE
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from counterdesk.services import attachments
from counterdesk.services.setup import open_store
from tests.helpers.scans import text_page


def main(argv: list[str]) -> int:
    url, home, code = argv[0], Path(argv[1]), argv[2]
    store = open_store(url, home)

    def die(session: Any, *args: Any, **kw: Any) -> None:
        session.flush()  # the row reached the database, uncommitted
        print("KILL", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    attachments.audit.append = die  # type: ignore[assignment]
    attachments.attach(store, home, code, [("p.png", text_page())])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
