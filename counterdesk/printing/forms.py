"""One entry point for every form: the services hand over a dataclass and get PDF bytes back.

Lets the lifecycle and intake code (and the reprint action) print whatever form a dossier event
calls for without knowing which module draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counterdesk.printing.apology import render_apology
from counterdesk.printing.control_sheet import render_control_sheet
from counterdesk.printing.forms_data import (
    ApologyData,
    ControlSheetData,
    ReceiptData,
    RefusalData,
    ReturnSlipData,
    SupplementData,
    WithdrawalData,
)
from counterdesk.printing.receipt import render_receipt
from counterdesk.printing.refusal import render_refusal
from counterdesk.printing.return_slip import render_return_slip
from counterdesk.printing.supplement import render_supplement
from counterdesk.printing.withdrawal import render_withdrawal

FormData = (
    ReceiptData | SupplementData | RefusalData | ApologyData | WithdrawalData | ControlSheetData | ReturnSlipData
)

# (form number under TT 03/2025/TT-VPCP or "" for local forms, Vietnamese name, renderer)
_FORMS: dict[type, tuple[str, str, Callable[[Any], bytes]]] = {
    ReceiptData: ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", render_receipt),
    SupplementData: ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", render_supplement),
    RefusalData: ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", render_refusal),
    ApologyData: ("04", "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết", render_apology),
    WithdrawalData: ("05", "Thông báo dừng giải quyết hồ sơ", render_withdrawal),
    ControlSheetData: ("06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", render_control_sheet),
    ReturnSlipData: ("", "Phiếu xác nhận trả kết quả", render_return_slip),
}


def render_form(data: FormData) -> bytes:
    """PDF bytes of the form this data describes."""
    try:
        _, _, renderer = _FORMS[type(data)]
    except KeyError:
        raise TypeError(f"no form for {type(data).__name__}") from None
    return renderer(data)


def form_title(data: FormData) -> str:
    """"Mẫu số 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả": for print-job names and dialogs."""
    number, name, _ = _FORMS[type(data)]
    return f"Mẫu số {number} - {name}" if number else name
