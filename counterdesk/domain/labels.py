"""What users read instead of internal codes: event kinds and setting values, in Vietnamese.

The codes stay what they are in the database, the outbox and the audit log ("dossier.received",
"print", "same_time", "true"); every screen, report and CLI line that shows one goes through here,
so a code never reaches a user and each label is written once.
"""

from __future__ import annotations

from typing import Final

from counterdesk.domain.status import TRANSITIONS

# Events in a dossier's history (DossierEvent.kind).
DOSSIER_EVENTS: Final[dict[str, str]] = {
    "received": "Tiếp nhận",
    "refused": "Từ chối tiếp nhận",
    "supplement_requested": "Yêu cầu bổ sung",
    "handover": "Giao",
    "handback": "Trả về quầy",
    "status": "Đổi trạng thái",
    "returned": "Trả kết quả",
    "reschedule": "Xin lỗi, hẹn lại",
    "print": "In biểu mẫu",
    "portal": "Cập nhật từ cổng dịch vụ công",
    "fee_paid": "Thu phí, lệ phí",
}

# Ticket events (TicketEvent.kind), also found as "ticket.<kind>" in the audit log.
TICKET_EVENTS: Final[dict[str, str]] = {
    "issued": "Cấp số",
    "called": "Gọi số",
    "recalled": "Gọi lại",
    "serving": "Bắt đầu phục vụ",
    "done": "Kết thúc phục vụ",
    "no_show": "Vắng mặt",
    "transferred": "Chuyển số",
    "cancelled": "Huỷ số",
}

# Outbox and audit kinds ("area.action").
RECORD_EVENTS: Final[dict[str, str]] = {
    "dossier.received": "Tiếp nhận hồ sơ",
    "dossier.refused": "Từ chối tiếp nhận hồ sơ",
    "dossier.status": "Đổi trạng thái hồ sơ",
    "attachment.linked": "Gửi bản quét hồ sơ",
    "settings.set": "Sửa thiết lập",
    "calendar.set_day": "Sửa ngày trong lịch làm việc",
    "calendar.reset_day": "Trả ngày về lịch mặc định",
    "calendar.import_year": "Nhập lịch làm việc cả năm",
    "calendar.confirm_year": "Xác nhận lịch làm việc",
    "catalog.import": "Nhập danh mục thủ tục",
    "user.create": "Tạo tài khoản",
    "user.enable": "Mở/khoá tài khoản",
    "user.password": "Đặt lại mật khẩu",
    "user.unlock": "Mở khoá đăng nhập",
    "sync.fix": "Sửa mục đồng bộ",
    "sync.retry": "Gửi lại mục đồng bộ",
    "catalog.create": "Thêm thủ tục",
    "catalog.update": "Sửa thủ tục",
    "counter.added": "Thêm quầy",
    "counter.renamed": "Đổi tên quầy",
    "counter.retired": "Ngừng dùng quầy",
    "line.added": "Thêm dãy số",
    "line.renamed": "Đổi tên dãy số",
    "line.retired": "Ngừng dùng dãy số",
    "line.mapped": "Gán dãy số cho quầy",
    "line.unmapped": "Bỏ gán dãy số khỏi quầy",
    "dossier.attach": "Đính kèm bản quét",
    "dossier.attach_reuse": "Dùng lại bản quét đã có",
    "dossier.portal": "Cập nhật từ cổng dịch vụ công",
    "dossier.resumed": "Tiếp nhận hồ sơ đã bổ sung",
    "fee.paid": "Thu phí, lệ phí",
    "notify.opt_out": "Từ chối nhận tin nhắn",
    "setup.office": "Thiết lập cơ quan",
    "user.update": "Sửa tài khoản",
}


def event_name(kind: str) -> str:
    """The Vietnamese name of any event kind the app records (dossier, ticket, outbox or audit)."""
    if kind in RECORD_EVENTS:
        return RECORD_EVENTS[kind]
    area, _, action = kind.partition(".")
    if area == "dossier" and action in TRANSITIONS:
        return TRANSITIONS[action].name
    if area == "ticket" and action in TICKET_EVENTS:
        return TICKET_EVENTS[action]
    if area == "dossier" and action in DOSSIER_EVENTS:
        return DOSSIER_EVENTS[action]
    return DOSSIER_EVENTS.get(kind) or TICKET_EVENTS.get(kind) or f"Thao tác khác ({kind})"


YES_NO: Final = (("true", "Có"), ("false", "Không"))

# Settings whose value is one of a few codes: (code, label) in the order a dropdown shows them.
SETTING_CHOICES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "office.due_policy": (("same_time", "Cùng giờ với lúc tiếp nhận, vào ngày hẹn"),
                          ("end_of_day", "Cuối buổi làm việc của ngày hẹn")),
    "display.voice": (("digits", "Đọc từng chữ số (A không một hai)"),
                      ("number", "Đọc thành số (A mười hai)"),
                      ("off", "Không đọc")),
    "portal.verify_tls": YES_NO,
}


def setting_value(key: str, value: str) -> str:
    """How a stored setting value reads on screen ("same_time" → "Cùng giờ…", "true" → "Có")."""
    return dict(SETTING_CHOICES.get(key, ())).get(value, value)
