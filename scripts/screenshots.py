"""`make screenshots`: the gallery of every mode at every screen size, for the user guide.

A demo store in a temporary home (the demo office, a fortnight of dossiers, a queue with
calls) is rendered offscreen with `counterdesk.ui.screenshot.render` into
docs/screenshots/<mode>-<W>x<H>.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counterdesk.domain.roles import CLERK  # noqa: E402
from counterdesk.services import demo, queue, settings, users  # noqa: E402
from counterdesk.services.setup import open_store  # noqa: E402
from counterdesk.store.uow import Store  # noqa: E402

LANDSCAPE = ((1280, 720), (1366, 768), (1920, 1080))
PORTRAIT = ((1080, 1920),)
MODES = ("desk", "supervisor", "admin", "dispenser", "display", "kiosk")
STANDING = ("dispenser", "kiosk")  # the modes also mounted in portrait


def sizes(mode: str) -> tuple[tuple[int, int], ...]:
    return LANDSCAPE + (PORTRAIT if mode in STANDING else ())


def fill(store: Store) -> None:
    """Dossiers for the tables and charts, waiting tickets and calls for the queue screens."""
    demo.seed(store, 10, 15)
    # the gallery shows the office at work whatever hour it is made (the closed screen has its own test)
    settings.set_value(store, "queue.outside_hours", "on")
    device = users.device_actor(store, "dispenser")
    for prefix, count in (("A", 6), ("B", 4), ("C", 3), ("D", 2)):
        for i in range(count):
            queue.issue_ticket(store, device, prefix, priority=i == 1)
    clerk = users.showcase_actor(store, CLERK)
    for counter in (1, 2, 3, 4, 1, 2):
        if queue.current_ticket(store, counter) is not None:
            queue.start_serving(store, clerk, counter)
            queue.finish(store, clerk, counter)
        queue.call_next(store, clerk, counter)


def main(out: Path) -> int:
    from counterdesk.ui.screenshot import render

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "counterdesk-demo"  # the status bar shows the store's path: keep it short
        home.mkdir()
        os.environ["COUNTERDESK_HOME"] = str(home)
        store = open_store(None, home)
        try:
            fill(store)
            for mode in MODES:
                for width, height in sizes(mode):
                    target = render(mode, store, (width, height), out / f"{mode}-{width}x{height}.png")
                    print(f"{target} ({target.stat().st_size // 1024} KB)")
        finally:
            store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
