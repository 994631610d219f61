"""Mapping a dossier to the portal's message (national DVCQG field names, legal-rules §6).

Dates are yyyyMMddHHmmss in Vietnam time. The payload is fixed when the outbox row is written,
so what is sent is exactly the state the change produced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counterdesk.domain import status as st
from counterdesk.domain.clock import VN_TZ, to_vn


def portal_time(moment: datetime | None) -> str | None:
    return None if moment is None else to_vn(moment).strftime("%Y%m%d%H%M%S")


def dossier_payload(dossier: Any, procedure: Any, applicant: Any) -> dict[str, Any]:
    """The DongBoHoSoMC-style record for one dossier (ORM objects in, plain dict out)."""
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field_code,
        "TenLinhVuc": procedure.field_name,
        "ChuHoSo": applicant.full_name,
        "LoaiDoiTuong": 1,
        "MaDoiTuong": applicant.id_number or "",
        "SoDienThoai": applicant.phone,
        "Email": applicant.email,
        "TrichYeuHoSo": procedure.name,
        "NgayTiepNhan": portal_time(dossier.received_at),
        "NgayHenTra": portal_time(dossier.due_at),
        "TrangThaiHoSo": dossier.status,
        "NgayTra": portal_time(dossier.returned_at),
        "NgayKetThucXuLy": portal_time(dossier.finished_at),
        "HinhThuc": 1 if dossier.delivery == "post" else 0,
        "KenhThucHien": dossier.channel,
        "DonViXuLy": dossier.handling_unit or procedure.handling_unit,
        "MaDonVi": dossier.agency_code,
    }


def parse_portal_time(text: Any) -> datetime | None:
    """A ``yyyyMMddHHmmss`` Vietnam-time string as an aware moment; None when absent or invalid."""
    if not isinstance(text, str) or len(text) != 14 or not text.isascii() or not text.isdigit():
        return None
    try:  # by hand: strptime is the simulator's hottest line
        return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]),
                        int(text[12:]), tzinfo=VN_TZ)
    except ValueError:
        return None


STATUS_CODES = st.ALL  # TrangThaiHoSo 1..10 (legal-rules §6)
CHANNELS = (1, 2, 3)  # KenhThucHien: trực tiếp, trực tuyến, bưu chính công ích
_REQUIRED_TEXT = ("MaHoSo", "MaTTHC", "MaDonVi")
_OPTIONAL_TIMES = ("NgayHenTra", "NgayTra", "NgayKetThucXuLy")


def record_problems(record: Any) -> list[str]:
    """Why a record would be refused by the portal (Vietnamese, one line each); empty when it is fine.

    Shared by the portal simulator (which rejects such items) and the supervisor's payload editor
    (which refuses to resend them), so both judge a record the same way.
    """
    if not isinstance(record, dict):
        return ["Bản ghi hồ sơ phải là một đối tượng JSON."]
    problems: list[str] = []
    for name in _REQUIRED_TEXT:
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"Thiếu {name}.")
        elif len(value) > 100:
            problems.append(f"{name} dài quá 100 ký tự.")
    if parse_portal_time(record.get("NgayTiepNhan")) is None:
        problems.append("NgayTiepNhan phải có dạng yyyyMMddHHmmss.")
    for name in _OPTIONAL_TIMES:
        value = record.get(name)
        if value is not None and parse_portal_time(value) is None:
            problems.append(f"{name} phải có dạng yyyyMMddHHmmss hoặc để trống.")
    status = record.get("TrangThaiHoSo")
    if isinstance(status, bool) or not isinstance(status, int) or status not in STATUS_CODES:
        problems.append("TrangThaiHoSo phải là số từ 1 đến 10.")
    channel = record.get("KenhThucHien")
    if isinstance(channel, bool) or channel not in CHANNELS:
        problems.append("KenhThucHien phải là 1, 2 hoặc 3.")
    return problems


# ---------------------------------------------------------------- scanned attachments
ATTACHMENT_KIND = "attachment.linked"  # outbox kind: a scan to upload and link to its dossier
ATTACHMENT_FIELD = "attachment"  # the payload field holding its link record
SHA256_CHARS = frozenset("0123456789abcdef")


def attachment_record(code: str, document: str, kind: str, sha256: str, size: int, pages: int,
                      media_type: str) -> dict[str, Any]:
    """The link record of one scan: which dossier and component, its pages, and its content hash.

    No file content and nothing about the applicant: the bytes travel by the upload endpoints.
    """
    return {"MaHoSo": code, "TenGiayTo": document, "LoaiTep": kind, "SoTrang": pages,
            "KichThuoc": size, "sha256": sha256, "DinhDang": media_type}


def is_sha256(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= SHA256_CHARS


def attachment_problems(record: Any) -> list[str]:
    """Why a link record would be refused (Vietnamese); shared by the simulator and the ledger."""
    if not isinstance(record, dict):
        return ["Bản ghi bản quét phải là một đối tượng JSON."]
    problems: list[str] = []
    for name in ("MaHoSo", "TenGiayTo"):
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"Thiếu {name}.")
        elif len(value) > 400:
            problems.append(f"{name} dài quá 400 ký tự.")
    if record.get("LoaiTep") not in ("component", "result"):
        problems.append("LoaiTep phải là 'component' hoặc 'result'.")
    for name in ("SoTrang", "KichThuoc"):
        value = record.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < (1 if name == "SoTrang" else 0):
            problems.append(f"{name} phải là số nguyên dương.")
    if not is_sha256(record.get("sha256")):
        problems.append("sha256 phải là 64 chữ số hex thường.")
    return problems
