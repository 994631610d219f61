"""Dossier status machine on the national TrangThaiHoSo codes (legal-rules §6, DESIGN §3.4).

Pure rules: which action may move a dossier from which status to which, with the Vietnamese
names staff see and the plainer wording citizens see at the kiosk. Services ask ``check`` before
any change, so an illegal move is refused with a message and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from counterdesk.domain.errors import Conflict

NEW: Final = 1  # registered online, not yet received at the counter
RECEIVED: Final = 2
REFUSED: Final = 3
IN_PROGRESS: Final = 4
SUPPLEMENT: Final = 5
FINANCIAL: Final = 6
WITHDRAWN: Final = 7
STOPPED: Final = 8
DONE: Final = 9
RETURNED: Final = 10

# Official wording (staff screens, forms, statistics).
NAMES: Final[dict[int, str]] = {
    NEW: "Mới đăng ký",
    RECEIVED: "Được tiếp nhận",
    REFUSED: "Không được tiếp nhận",
    IN_PROGRESS: "Đang xử lý",
    SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    STOPPED: "Dừng xử lý",
    DONE: "Đã xử lý xong",
    RETURNED: "Đã trả kết quả",
}

# Plain wording for citizens at the kiosk: what it means for them, not the code's name.
PUBLIC_NAMES: Final[dict[int, str]] = {
    NEW: "Hồ sơ mới đăng ký, chưa tiếp nhận",
    RECEIVED: "Đã nhận hồ sơ, đang chờ chuyển đi giải quyết",
    REFUSED: "Hồ sơ không được tiếp nhận",
    IN_PROGRESS: "Hồ sơ đang được giải quyết",
    SUPPLEMENT: "Cần bổ sung giấy tờ — mời ông/bà liên hệ quầy tiếp nhận",
    FINANCIAL: "Chờ nộp phí, lệ phí hoặc nghĩa vụ tài chính",
    WITHDRAWN: "Hồ sơ đã được rút theo yêu cầu của ông/bà",
    STOPPED: "Hồ sơ đã dừng giải quyết",
    DONE: "Đã có kết quả — mời ông/bà đến nhận",
    RETURNED: "Đã trả kết quả",
}

# A dossier still being worked on (counts towards lateness; can be withdrawn, stopped, rescheduled).
OPEN: Final = frozenset({RECEIVED, IN_PROGRESS, SUPPLEMENT, FINANCIAL})
# Open with the clock running: a dossier waiting for a supplement has its clock stopped.
CLOCK_RUNNING: Final = frozenset({RECEIVED, IN_PROGRESS, FINANCIAL})
# Reaching one of these ends processing: finished_at is the first such moment (Decision 766 §2.1).
TERMINAL: Final = frozenset({REFUSED, WITHDRAWN, STOPPED, DONE, RETURNED})
# Every TrangThaiHoSo code (1..10): what the portal may send and what a payload may carry.
ALL: Final = frozenset(NAMES)
# The dossier ended here at the counter (refused, withdrawn, result handed over): a change pulled
# from the portal never overrides it (services.lifecycle.apply_portal_status).
LOCAL_FINAL: Final = frozenset({REFUSED, WITHDRAWN, RETURNED})
# Coded at the counter without being accepted (Mẫu 03 refusal, Mẫu 02 supplement request): no
# receipt (Mẫu 01) exists for them.
NOT_ACCEPTED_AT_COUNTER: Final = frozenset({REFUSED, SUPPLEMENT})
# Processing produced a result (ready or handed over).
RESOLVED: Final = frozenset({DONE, RETURNED})
# Ended without being worked on to the end: a new dossier for the same citizen and procedure is
# not a duplicate of these.
CLOSED_WITHOUT_RESULT: Final = frozenset({REFUSED, WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    name: str  # Vietnamese name of the action
    sources: frozenset[int]
    target: int | None  # None: the status does not change (hand-over between units)


# The whole table; anything not listed here is refused.
TRANSITIONS: Final[dict[str, Transition]] = {
    t.action: t
    for t in (
        Transition("handover", "Chuyển hồ sơ cho đơn vị giải quyết", frozenset({RECEIVED}), IN_PROGRESS),
        Transition("transfer", "Chuyển hồ sơ sang đơn vị khác", frozenset({IN_PROGRESS}), None),
        Transition("refuse", "Từ chối giải quyết hồ sơ", frozenset({RECEIVED, IN_PROGRESS}), REFUSED),
        Transition("request_supplement", "Yêu cầu bổ sung, hoàn thiện hồ sơ",
                   frozenset({RECEIVED, IN_PROGRESS}), SUPPLEMENT),
        Transition("complete_supplement", "Nhận hồ sơ đã bổ sung đầy đủ", frozenset({SUPPLEMENT}), IN_PROGRESS),
        Transition("request_financial", "Yêu cầu thực hiện nghĩa vụ tài chính", frozenset({IN_PROGRESS}), FINANCIAL),
        Transition("financial_done", "Đã thực hiện nghĩa vụ tài chính", frozenset({FINANCIAL}), IN_PROGRESS),
        Transition("withdraw", "Công dân rút hồ sơ", OPEN, WITHDRAWN),
        Transition("stop", "Dừng giải quyết hồ sơ", OPEN, STOPPED),
        Transition("result_ready", "Có kết quả giải quyết", frozenset({RECEIVED, IN_PROGRESS, FINANCIAL}), DONE),
        Transition("return_result", "Trả kết quả cho công dân", frozenset({DONE}), RETURNED),
        Transition("reschedule", "Xin lỗi và hẹn lại ngày trả kết quả",
                   frozenset({RECEIVED, IN_PROGRESS, FINANCIAL}), None),
    )
}


# Statuses a change pulled from the portal may set: those of the handling units' work. Registration
# (NEW) and reception (RECEIVED) happen at the counter, so the portal never sets them here.
PORTAL_SETTABLE: Final = ALL - {NEW, RECEIVED}


def portal_accepts(current: int, target: int) -> bool:
    """Whether a status pulled from the portal replaces the local ``current`` one.

    The portal is the handling units' system of record and may skip steps the counter never sees
    (4 → 10 when a unit hands the result over itself, 4 → 9 without a financial step), so any move
    to a status it owns is followed — except over a status final at the counter (``LOCAL_FINAL``:
    refused or withdrawn here, result handed over here), and an unchanged status is no change.
    """
    return target in PORTAL_SETTABLE and target != current and current not in LOCAL_FINAL


def is_code(value: object) -> bool:
    """True for an int that is a TrangThaiHoSo code (bool is not accepted as an int here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in ALL


def name(status: int) -> str:
    return NAMES.get(status, f"Trạng thái {status}")


def public_name(status: int) -> str:
    return PUBLIC_NAMES.get(status, "Đang cập nhật — mời ông/bà liên hệ quầy tiếp nhận")


def allowed(status: int) -> list[Transition]:
    """Actions possible from ``status`` (the desk shows exactly these buttons)."""
    return [t for t in TRANSITIONS.values() if status in t.sources]


def check(action: str, status: int) -> int:
    """The status after ``action`` from ``status``; Conflict with a Vietnamese reason if illegal."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Conflict(f"Thao tác không xác định: '{action}'.")
    if status not in transition.sources:
        raise Conflict(
            f"Không thể «{transition.name.lower()}» khi hồ sơ đang ở trạng thái «{name(status)}»."
        )
    return status if transition.target is None else transition.target
# A dossier whose result exists: the result may be digitised (services/attachments.py).
HAS_RESULT: Final = frozenset({DONE, RETURNED})
