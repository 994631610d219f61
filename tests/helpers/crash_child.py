"""Child process for the crash-safety test: real counter work in a loop until it is killed.

Usage: python -m tests.helpers.crash_child DB_URL HOME RUN

Each operation is reported on stdout (flushed) only after its transaction committed:
``T <line> <number>`` a ticket, ``D <code>`` an accepted dossier, ``S <code> <status>`` a status
change. ``READY`` is printed once the store is open, so the parent kills during real work.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from counterdesk.services import intake, lifecycle, queue, users
from counterdesk.services.setup import open_store
from tests.helpers import DEMO_PASSWORD

LINES = ("A", "B", "C", "D")


def id_number(rng: random.Random) -> str:
    """A structurally valid personal ID: Hà Nội, male born in the 20th century, 1990."""
    return f"001090{rng.randrange(10**6):06d}"


def main(argv: list[str]) -> int:
    url, home, run = argv[0], Path(argv[1]), int(argv[2])
    rng = random.Random(run)
    store = open_store(url, home)
    clerk = users.login(store, "canbo1", DEMO_PASSWORD)
    out = sys.stdout
    print("READY", flush=True)
    open_codes: list[str] = []
    step = 0
    while True:
        step += 1
        line = LINES[step % len(LINES)]
        issued = queue.issue_ticket(store, clerk, line)
        print(f"T {line} {issued.ticket.number}", file=out, flush=True)
        request = intake.IntakeRequest(
            procedure_code="1.004873",
            applicant=intake.ApplicantInput(name="Nguyễn Văn Bình", id_number=id_number(rng)),
            ticket_id=issued.ticket.id,
        )
        result = intake.accept(store, request, clerk, allow_duplicate=True)
        print(f"D {result.code}", file=out, flush=True)
        open_codes.append(result.code)
        if len(open_codes) > 1:
            code = open_codes.pop(0)
            state = lifecycle.hand_over(store, clerk, code)
            print(f"S {code} {state.status}", file=out, flush=True)
            state = lifecycle.result_ready(store, clerk, code)
            print(f"S {code} {state.status}", file=out, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
