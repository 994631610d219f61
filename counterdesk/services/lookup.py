"""The citizens' public view of a dossier: the kiosk and `counterdesk lookup` show exactly this.

Only public fields leave this module: procedure, status in plain words, received and due moments,
whether and where the result can be collected, the applicant's masked name, the papers a dossier
sent back still needs with the counter's note, the apology and new date of a late dossier, and the
fee. No ID number, phone, e-mail or address (the supplement event's contact is never read). A scan is either the signed receipt QR (verified offline with the
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
from counterdesk.domain.clock import iso_vn, now_vn, to_vn
from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.roles import SYSTEM_ACTOR, Actor
from counterdesk.domain.text import has_control_chars, mask_name
from counterdesk.models import Applicant, Dossier, DossierEvent, Office, Procedure, Rating, Setting
from counterdesk.printing.wording import vn_money
from counterdesk.services.classified import outcome_of
from counterdesk.store.uow import Store

APOLOGY = "Trung tâm chân thành xin lỗi ông/bà vì hồ sơ được giải quyết chậm so với ngày đã hẹn."
ASK_NEW_DATE = "Xin ông/bà liên hệ quầy tiếp nhận để được báo ngày trả kết quả mới."
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
    supplement_items: tuple[str, ...] = ()  # papers to bring back (status SUPPLEMENT only)
    supplement_note: str = ""  # the counter's note with the request
    original_due_at: datetime | None = None  # the first promised moment of a rescheduled dossier
    apology: str = ""  # the reason given with the apology (Mẫu 04)
    fee: int = 0  # whole đồng
    overdue: bool = False  # past the (new) due moment with the clock running

    @property
    def late(self) -> bool:
        """Rescheduled after an apology: the citizen sees the new date beside the promised one."""
        return self.rescheduled and self.original_due_at is not None
    timeliness: str = ""  # the one classification's words (docs/rules.md): "Trước hạn", "Đang giải quyết – trong hạn"…

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "procedure": self.procedure_name, "status": self.status,
            "status_text": self.status_text, "received_at": iso_vn(self.received_at),
            "due_at": None if self.due_at is None else iso_vn(self.due_at), "rescheduled": self.rescheduled,
            "result_ready": self.result_ready, "returned": self.returned,
            "returned_at": None if self.returned_at is None else iso_vn(self.returned_at),
            "collect_at": self.collect_at, "applicant": self.applicant, "can_rate": self.can_rate,
            "supplement_items": list(self.supplement_items), "supplement_note": self.supplement_note,
            "original_due_at": None if self.original_due_at is None else iso_vn(self.original_due_at),
            "apology": self.apology, "fee": self.fee, "overdue": self.overdue,
            "timeliness": self.timeliness,
        }

    def lines(self) -> list[tuple[str, str]]:
        """Label/value pairs in display order (CLI text output and the kiosk card)."""
        rows = [("Mã hồ sơ", self.code), ("Thủ tục", self.procedure_name), ("Người nộp", self.applicant),
                ("Tình trạng", self.status_text), ("Ngày nhận", f"{to_vn(self.received_at):%H:%M %d/%m/%Y}")]
        if self.supplement_items:
            rows.append(("Giấy tờ cần bổ sung", "\n".join(f"• {item}" for item in self.supplement_items)))
        if self.supplement_note:
            rows.append(("Ghi chú của quầy", self.supplement_note))
        if self.late and self.original_due_at is not None and not self.returned:
            rows.append(("Hẹn trả ban đầu", f"{to_vn(self.original_due_at):%H:%M %d/%m/%Y}"))
        if self.timeliness:
            rows.append(("Tiến độ", self.timeliness))
        if self.due_at is not None and not self.returned:
            rows.append(("Hẹn trả mới" if self.late else "Hẹn trả" + (" (đã hẹn lại)" if self.rescheduled else ""),
                         f"{to_vn(self.due_at):%H:%M %d/%m/%Y}"))
        if self.late and not self.returned:
            rows.append(("Lời xin lỗi", APOLOGY + (f" Lý do: {self.apology}" if self.apology else "")))
        elif self.overdue:
            rows.append(("Lời xin lỗi", APOLOGY + " " + ASK_NEW_DATE))
        if self.fee > 0:
            rows.append(("Phí, lệ phí", vn_money(self.fee)))
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


def _view(session: Session, code: str, now: datetime) -> PublicView:
    """One statement: the dossier by its unique code, its procedure, applicant and the office."""
    office = select(Office.name, Office.address).order_by(Office.id).limit(1).subquery()
    row = session.execute(
        select(Dossier.id, Dossier.code, Dossier.status, Dossier.received_at, Dossier.due_at, Dossier.rescheduled,
               Dossier.returned_at, Dossier.delivery, Procedure.name, Applicant.full_name, office.c.name,
               office.c.address, Dossier.original_due_at, Dossier.fee, Dossier.accepted, Dossier.judged_due_at,
               Dossier.finished_at, Dossier.supplement_count, Dossier.supplement_requested_at,
               Dossier.supplement_completed_at)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Applicant, Applicant.id == Dossier.applicant_id)
        .join(office, literal(True))
        .where(Dossier.code == code)
    ).first()
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}. Vui lòng kiểm tra lại hoặc hỏi quầy tiếp nhận.")
    (dossier_id, code, status, received_at, due_at, rescheduled, returned_at, delivery, proc_name, full_name,
     office_name, office_address, original_due_at, fee) = tuple(row)[:14]
    ready = status == st.DONE
    if delivery == "post":
        collect = "Kết quả được gửi qua bưu chính đến địa chỉ ông/bà đã đăng ký."
    else:
        collect = f"Quầy trả kết quả — {office_name}" + (f", {office_address}" if office_address else "")
    can_rate = status == st.RETURNED and not session.scalar(select(exists().where(Rating.dossier_id == dossier_id)))
    items, note = _supplement(session, dossier_id) if status == st.SUPPLEMENT else ((), "")
    apology = _apology(session, dossier_id) if rescheduled else ""
    return PublicView(
        code=code, procedure_name=proc_name, status=status, status_text=st.public_name(status),
        received_at=to_vn(received_at), due_at=None if due_at is None else to_vn(due_at),
        rescheduled=bool(rescheduled), result_ready=ready, returned=status == st.RETURNED,
        returned_at=None if returned_at is None else to_vn(returned_at), collect_at=collect,
        applicant=mask_name(full_name), can_rate=bool(can_rate), supplement_items=items, supplement_note=note,
        original_due_at=None if original_due_at is None or not rescheduled else to_vn(original_due_at),
        apology=apology, fee=int(fee or 0),
        overdue=status in st.CLOCK_RUNNING and due_at is not None and to_vn(due_at) < now, timeliness=word(outcome_of(row)),
    )


def _latest_event(session: Session, dossier_id: int, *conditions: Any) -> tuple[str, dict[str, Any]] | None:
    row = session.execute(
        select(DossierEvent.note, DossierEvent.data).where(DossierEvent.dossier_id == dossier_id, *conditions)
        .order_by(DossierEvent.id.desc()).limit(1)
    ).first()
    return None if row is None else (row[0] or "", row[1] or {})


def _supplement(session: Session, dossier_id: int) -> tuple[tuple[str, ...], str]:
    """The papers of the latest request to complete the dossier and the counter's note — only those
    two: the request also carries the contact's name and phone, which are not public."""
    found = _latest_event(session, dossier_id, DossierEvent.to_status == st.SUPPLEMENT)
    if found is None:
        return (), ""
    note, data = found
    raw = data.get("items") if isinstance(data, dict) else None
    items = tuple(str(i).strip() for i in raw if str(i).strip()) if isinstance(raw, list) else ()
    return items, note.strip()


def _apology(session: Session, dossier_id: int) -> str:
    """The reason written with the apology and new date (the reschedule event's note)."""
    found = _latest_event(session, dossier_id, DossierEvent.kind == "reschedule")
    return "" if found is None else found[0].strip()


def public_view(store: Store, text: str, actor: Actor = SYSTEM_ACTOR, *, now: datetime | None = None) -> PublicView:
    """Look a dossier up by a scan or typed code; the same answer for the kiosk and the CLI."""
    actor.require("lookup.public")
    at = now_vn() if now is None else to_vn(now)
    with store.read() as session:
        return _view(session, parse_scan(session, text), at)


def find(session: Session, text: str) -> tuple[str, int]:
    """(code, status) of a scanned dossier inside the caller's transaction; NotFound if unknown."""
    code = parse_scan(session, text)
    status = session.scalar(select(Dossier.status).where(Dossier.code == code))
    if status is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}. Vui lòng kiểm tra lại hoặc hỏi quầy tiếp nhận.")
    return code, int(status)
