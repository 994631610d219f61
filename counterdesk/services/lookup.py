"""The citizens' public view of a dossier: the kiosk and `counterdesk lookup` show exactly this.

Only public fields leave this module: procedure, status in plain words, received and due moments,
whether and where the result can be collected, and the applicant's masked name. No ID number,
phone, e-mail or address. A scan is either the signed receipt QR (verified offline with the
office secret) or the bare code of the Code 128 barcode; the dossier is then read by its unique
code index in one row, whatever the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, literal, select
from sqlalchemy.orm import Session

from counterdesk.domain import receipt_qr
from counterdesk.domain import status as st
from counterdesk.domain.classification import word
from counterdesk.domain.clock import iso_vn, to_vn
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import has_control_chars, mask_name
from counterdesk.models import Applicant, Dossier, Office, Procedure, Rating, Setting
from counterdesk.services.classified import outcome_of
from counterdesk.store.uow import Store

MAX_SCAN = 200  # a receipt QR is ~60 characters; anything much longer is garbage
NOT_A_CODE = "Không đọc được mã. Vui lòng quét mã vạch hoặc mã QR trên Giấy tiếp nhận hồ sơ."


@dataclass(frozen=True)
class PublicView:
    """What anyone holding the receipt may see."""

    code: str
    procedure_name: str
    status: int
    status_text: str
    received_at: datetime
    due_at: datetime | None
    rescheduled: bool
    result_ready: bool
    returned: bool
    returned_at: datetime | None
    collect_at: str
    applicant: str  # masked: "Nguyễn V. A."
    can_rate: bool
    timeliness: str = ""  # the one classification's words (docs/rules.md): "Trước hạn", "Đang giải quyết – trong hạn"…

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "procedure": self.procedure_name, "status": self.status,
            "status_text": self.status_text, "received_at": iso_vn(self.received_at),
            "due_at": None if self.due_at is None else iso_vn(self.due_at), "rescheduled": self.rescheduled,
            "result_ready": self.result_ready, "returned": self.returned,
            "returned_at": None if self.returned_at is None else iso_vn(self.returned_at),
            "collect_at": self.collect_at, "applicant": self.applicant, "can_rate": self.can_rate,
            "timeliness": self.timeliness,
        }

    def lines(self) -> list[tuple[str, str]]:
        """Label/value pairs in display order (CLI text output and the kiosk card)."""
        rows = [("Mã hồ sơ", self.code), ("Thủ tục", self.procedure_name), ("Người nộp", self.applicant),
                ("Tình trạng", self.status_text), ("Ngày nhận", f"{to_vn(self.received_at):%H:%M %d/%m/%Y}")]
        if self.timeliness:
            rows.append(("Tiến độ", self.timeliness))
        if self.due_at is not None and not self.returned:
            rows.append(("Hẹn trả" + (" (đã hẹn lại)" if self.rescheduled else ""), f"{to_vn(self.due_at):%H:%M %d/%m/%Y}"))
        if self.returned_at is not None:
            rows.append(("Đã trả lúc", f"{to_vn(self.returned_at):%H:%M %d/%m/%Y}"))
        if self.result_ready:
            rows.append(("Nhận kết quả tại", self.collect_at))
        return rows


def parse_scan(session: Session, text: str) -> str:
    """The dossier code in a scan or typed text; InvalidInput (friendly Vietnamese) otherwise."""
    if not isinstance(text, str) or len(text) > MAX_SCAN or has_control_chars(text):
        raise InvalidInput(NOT_A_CODE)
    clean = text.strip()
    if clean.upper().startswith(receipt_qr.PREFIX + "|"):
        secret = session.scalar(select(Setting.value).where(Setting.key == "qr.secret")) or ""
        if not secret:
            raise InvalidInput("Máy chưa được cài khoá kiểm tra mã QR. Vui lòng quét mã vạch hoặc hỏi cán bộ.")
        try:
            return receipt_qr.verify(clean, secret)
        except InvalidInput as exc:
            raise InvalidInput(
                "Mã QR này không phải do Trung tâm cấp hoặc đã bị sửa. Vui lòng liên hệ quầy tiếp nhận."
            ) from exc
    code = clean.upper()
    if not receipt_qr.looks_like_code(code):
        raise InvalidInput(NOT_A_CODE)
    return code


def _view(session: Session, code: str) -> PublicView:
    """One statement: the dossier by its unique code, its procedure, applicant and the office."""
    office = select(Office.name, Office.address).order_by(Office.id).limit(1).subquery()
    row = session.execute(
        select(Dossier.id, Dossier.code, Dossier.status, Dossier.received_at, Dossier.due_at, Dossier.rescheduled,
               Dossier.returned_at, Dossier.delivery, Procedure.name, Applicant.full_name, office.c.name,
               office.c.address, Dossier.accepted, Dossier.judged_due_at, Dossier.finished_at,
               Dossier.supplement_count, Dossier.supplement_requested_at, Dossier.supplement_completed_at)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Applicant, Applicant.id == Dossier.applicant_id)
        .join(office, literal(True))
        .where(Dossier.code == code)
    ).first()
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}. Vui lòng kiểm tra lại hoặc hỏi quầy tiếp nhận.")
    (dossier_id, code, status, received_at, due_at, rescheduled, returned_at, delivery, proc_name, full_name,
     office_name, office_address) = tuple(row)[:12]
    ready = status == st.DONE
    if delivery == "post":
        collect = "Kết quả được gửi qua bưu chính đến địa chỉ ông/bà đã đăng ký."
    else:
        collect = f"Quầy trả kết quả — {office_name}" + (f", {office_address}" if office_address else "")
    can_rate = status == st.RETURNED and not session.scalar(select(exists().where(Rating.dossier_id == dossier_id)))
    return PublicView(
        code=code, procedure_name=proc_name, status=status, status_text=st.public_name(status),
        received_at=to_vn(received_at), due_at=None if due_at is None else to_vn(due_at),
        rescheduled=bool(rescheduled), result_ready=ready, returned=status == st.RETURNED,
        returned_at=None if returned_at is None else to_vn(returned_at), collect_at=collect,
        applicant=mask_name(full_name), can_rate=bool(can_rate), timeliness=word(outcome_of(row)),
    )


def public_view(store: Store, text: str, actor: Actor = SYSTEM_ACTOR) -> PublicView:
    """Look a dossier up by a scan or typed code; the same answer for the kiosk and the CLI."""
    actor.require("lookup.public")
    with store.read() as session:
        return _view(session, parse_scan(session, text))


def find(session: Session, text: str) -> tuple[str, int]:
    """(code, status) of a scanned dossier inside the caller's transaction; NotFound if unknown."""
    code = parse_scan(session, text)
    status = session.scalar(select(Dossier.status).where(Dossier.code == code))
    if status is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}. Vui lòng kiểm tra lại hoặc hỏi quầy tiếp nhận.")
    return code, int(status)
