"""A separate process that issues or calls tickets against one store (concurrency tests, benchmark).

    python -m tests.integration.queue_worker issue URL COUNT
    python -m tests.integration.queue_worker call URL COUNTER DONE_FILE

Prints one JSON list on stdout: the ticket ids it issued or called.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from counterdesk.domain.errors import NotFound
from counterdesk.domain.roles import CLERK, DEVICE, Actor
from counterdesk.services import queue
from counterdesk.store.engine import make_engine
from counterdesk.store.uow import Store

MAX_SECONDS = 600


def issue(store: Store, count: int) -> list[int]:
    actor = Actor(user_id=None, username="dispenser", role=DEVICE)
    return [queue.issue_ticket(store, actor, "AB"[i % 2]).ticket.id for i in range(count)]


def call(store: Store, counter: int, done_file: Path) -> list[int]:
    actor = Actor(user_id=None, username=f"clerk{counter}", role=CLERK)
    called: list[int] = []
    deadline = time.monotonic() + MAX_SECONDS
    while time.monotonic() < deadline:  # bounded: an orphan (its test killed) must stop by itself
        try:
            called.append(queue.call_next(store, actor, counter).id)
            queue.finish(store, actor, counter)
        except NotFound:
            if done_file.exists():  # issuers finished before this empty answer: the queue is drained
                try:
                    called.append(queue.call_next(store, actor, counter).id)
                    queue.finish(store, actor, counter)
                    continue
                except NotFound:
                    return called
            time.sleep(0.005)
    raise SystemExit(f"caller {counter}: queue not drained within {MAX_SECONDS} s")


def main(argv: list[str]) -> int:
    mode, url = argv[0], argv[1]
    store = Store(make_engine(url))
    try:
        result = issue(store, int(argv[2])) if mode == "issue" else call(store, int(argv[2]), Path(argv[3]))
    finally:
        store.dispose()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
