"""Queue ticket states and event kinds (DESIGN §3.3): the one home of their codes and wording.

A ticket goes waiting → called → serving → done; a called citizen who does not come is a
no-show (and may be called again by choice); a ticket that will not be served is cancelled.
A transfer is an event, not a state: the ticket waits again at its target. The codes are what
the store and the CLI's JSON carry; users only ever see the Vietnamese labels.
"""

from __future__ import annotations

from typing import Final

WAITING: Final = "waiting"
CALLED: Final = "called"
SERVING: Final = "serving"
DONE: Final = "done"
NO_SHOW: Final = "no_show"
CANCELLED: Final = "cancelled"

# Event kinds beyond the states a ticket can be in (TicketEvent.kind).
ISSUED: Final = "issued"
RECALLED: Final = "recalled"
TRANSFERRED: Final = "transferred"

ALL: Final = (WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED)
# Held by a counter: the lobby display shows it, the desk must settle it before calling another.
ACTIVE: Final = frozenset({CALLED, SERVING})
# May be called to a counter (a no-show who came back is called by choice).
CALLABLE: Final = frozenset({WAITING, NO_SHOW})
# Over for good: cannot be cancelled any more.
CLOSED: Final = frozenset({DONE, CANCELLED})
# No longer in anyone's hands (the desk lets go of its link to the ticket).
FINISHED: Final = frozenset({DONE, NO_SHOW, CANCELLED})
# Events that put a number on the lobby display.
CALL_KINDS: Final = (CALLED, RECALLED)

LABELS: Final[dict[str, str]] = {
    WAITING: "đang chờ",
    CALLED: "đã gọi",
    SERVING: "đang phục vụ",
    DONE: "xong",
    NO_SHOW: "vắng mặt",
    CANCELLED: "đã huỷ",
}

EVENT_LABELS: Final[dict[str, str]] = {
    ISSUED: "đã cấp số",
    CALLED: "đã gọi",
    RECALLED: "đã gọi lại",
    SERVING: "đang phục vụ",
    DONE: "xong",
    NO_SHOW: "vắng mặt",
    TRANSFERRED: "đã chuyển",
    CANCELLED: "đã huỷ",
}


def label(state: str) -> str:
    """The Vietnamese wording of a state (lower case, for use inside a sentence)."""
    return LABELS.get(state, EVENT_LABELS.get(state, "không rõ"))


def title(state: str) -> str:
    """The wording as a heading or table cell ("Đang chờ")."""
    text = label(state)
    return text[:1].upper() + text[1:]


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, "thao tác khác")
