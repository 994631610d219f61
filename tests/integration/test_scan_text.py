"""Scans are searchable by their read text (services/scan_text.py), on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterdesk.domain.errors import InvalidInput, PermissionDenied
from counterdesk.domain.roles import DEVICE, Actor
from counterdesk.models import DossierAttachment
from counterdesk.services import scan_text
from counterdesk.store.uow import Store
from tests.factories import make_dossier, vn


def _scan(s: object, dossier_id: int, name: str, state: str | None, text: str | None) -> None:
    s.add(DossierAttachment(dossier_id=dossier_id, document_name=name, kind="component", sha256="c" * 64,  # type: ignore[attr-defined]
                            size=10, pages=2, media_type="application/pdf", created_at=datetime.now(UTC),
                            ocr_state=state, ocr_text=text))


def test_words_in_any_order_without_accents_newest_first(store: Store) -> None:
    with store.write() as s:
        old = make_dossier(s, received_at=vn("2026-11-02T09:00"), due_at=None)
        new = make_dossier(s, received_at=vn("2026-11-03T09:00"), due_at=None)
        other = make_dossier(s, received_at=vn("2026-11-04T09:00"), due_at=None)
        _scan(s, old.id, "Giấy khai sinh", "done", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHọ tên: Trần Thị Bích")
        _scan(s, new.id, "Tờ khai", "done", "Tờ khai đăng ký khai sinh — người đi khai: Trần Văn Đức")
        _scan(s, other.id, "Căn cước", None, None)  # not read yet: not searchable
        _scan(s, other.id, "Ảnh", "done", "")  # a photo without text
        codes = (old.code, new.code)
    result = scan_text.find(store, "tran khai")
    assert [h.code for h in result.hits] == [codes[1]] and not result.more
    result = scan_text.find(store, "TRẦN")
    assert [h.code for h in result.hits] == [codes[1], codes[0]]  # newest scan first
    assert "Trần Văn Đức" in result.hits[0].snippet and result.hits[0].pages == 2  # shown as read
    assert scan_text.find(store, "duc thi").hits == ()  # every word required
    assert [h.code for h in scan_text.find(store, "viet nam cong hoa", limit=1).hits] == [codes[0]]


def test_bad_input_and_devices_are_refused(store: Store) -> None:
    for text in ("", "   ", "x" * 201, "a\x00b"):
        with pytest.raises(InvalidInput):
            scan_text.find(store, text)
    with pytest.raises(PermissionDenied):
        scan_text.find(store, "khai sinh", actor=Actor(user_id=None, username="kiosk", role=DEVICE))
