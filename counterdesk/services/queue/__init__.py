"""Queue tickets (DESIGN §3.3): issue, call, recall, no-show, serve, finish, transfer, cancel.

One package, one job per module, on SQLite and PostgreSQL alike:

* ``issue``   — the dispenser's hot path: numbering, the ticket, its event and audit entry, people ahead;
* ``calling`` — the counter's state machine (call order and transfer rules in its docstring);
* ``views``   — read models for the desk, the dispenser, the lobby display and the CLI;
* ``slips``   — printing glue (plain slip data, the configured printer);
* ``model``   — the plain results and lookups they share.

States and event kinds are codes of ``domain/ticket_state.py``; users see only its labels.
Counters are named by their number (``Quầy 3`` → 3), as printed on the display and the CLI.
Callers import this package (``from counterdesk.services import queue``); the names below are its API.
"""

from counterdesk.services.queue.calling import (
    call_next,
    call_ticket,
    cancel,
    finish,
    no_show,
    recall,
    start_serving,
    transfer,
)
from counterdesk.services.queue.issue import issue_return_ticket, issue_ticket, mark_printed, slip_data
from counterdesk.services.queue.model import CallInfo, CounterInfo, IssuedTicket, LineInfo, TicketInfo
from counterdesk.services.queue.slips import print_ticket, slip, ticket_printer
from counterdesk.services.queue.views import (
    calls_since,
    counter_number,
    counters,
    current_ticket,
    find_ticket,
    get_ticket,
    last_event_id,
    lines,
    no_show_list,
    recent_calls,
    waiting_list,
)

__all__ = [
    "CallInfo", "CounterInfo", "IssuedTicket", "LineInfo", "TicketInfo",
    "call_next", "call_ticket", "calls_since", "cancel", "counter_number", "counters",
    "current_ticket", "find_ticket", "finish", "get_ticket", "issue_return_ticket", "issue_ticket",
    "last_event_id", "lines", "mark_printed", "no_show", "no_show_list", "print_ticket", "recall",
    "recent_calls", "slip", "slip_data", "start_serving", "ticket_printer", "transfer", "waiting_list",
]
