"""Mapping a dossier to the portal's message (national DVCQG field names, legal-rules §6).

Dates are yyyyMMddHHmmss in Vietnam time. The payload is fixed when the outbox row is written,
so what is sent is exactly the state the change produced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counterdesk.domain.clock import to_vn


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
