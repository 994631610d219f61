"""A dossier accepted through the service prints a receipt whose barcodes give its code back."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from counterdesk.domain.errors import InvalidInput, NotFound
from counterdesk.domain.receipt_qr import verify
from counterdesk.models import Dossier, DossierEvent
from counterdesk.printing.rasterise import rasterise
from counterdesk.services import intake, receipts, settings
from counterdesk.services.intake import NotAcceptedRequest, RepresentativeInput
from counterdesk.store.uow import Store
from tests.integration.test_intake import AN, BINH, clerk, req


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_receipt_decodes_and_extracts_as_nfc(sqlite_store: Store) -> None:
    store = sqlite_store
    rep = RepresentativeInput("Lê Thị Hồng", "001185000321", "0987654321", authorisation="Giấy ủy quyền số 5/UQ")
    result = intake.accept(store, req(representative=rep), clerk(store))
    data = receipts.receipt_data(store, result.code)
    assert data.clerk_name == "Lê Văn Cường" and data.office.place_name == "Sài Gòn"
    assert data.legal_duration_text == "03 ngày làm việc" and data.due_at == result.due_at
    pdf = receipts.render("receipt", data)
    secret = settings.get(store, "qr.secret")
    for page in (0, 1):
        found = {r.format.name: r.text for r in zxingcpp.read_barcodes(rasterise(pdf, page, 203))}
        assert found["Code128"] == result.code
        assert verify(found["QRCode"], secret) == result.code
    text = _text(pdf)
    assert unicodedata.is_normalized("NFC", text)
    for expected in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Nguyễn Văn An", "Lê Thị Hồng",
                     "Cấp Giấy xác nhận tình trạng hôn nhân", result.code):
        assert expected in text


def test_record_printed_counts_and_logs(store: Store) -> None:
    actor = clerk(store)
    result = intake.accept(store, req(), actor)
    pdf = receipts.form_pdf(store, result.code, actor)
    assert pdf.pdf.startswith(b"%PDF") and pdf.code == result.code
    assert receipts.record_printed(store, result.code.lower(), actor) == 2
    with store.read() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == result.code)).one()
        assert d.receipt_printed == 2
        kinds = s.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == d.id)).all()
        assert kinds.count("print") == 2
    with pytest.raises(NotFound):
        receipts.receipt_data(store, result.code.replace("-0001", "-0009"))
    with pytest.raises(InvalidInput):
        receipts.receipt_data(store, "rác")


def test_supplement_and_refusal_forms(sqlite_store: Store) -> None:
    store, actor = sqlite_store, clerk(sqlite_store)
    sup = intake.request_supplement(store, NotAcceptedRequest(
        "1.004873", AN, "Tờ khai chưa ký", items=("Ký vào tờ khai", "Bổ sung bản sao giấy tờ tùy thân")), actor)
    ref = intake.refuse(store, NotAcceptedRequest("1.004873", BINH, "Không thuộc thẩm quyền giải quyết"), actor)
    sup_text = _text(receipts.form_pdf(store, sup.code, actor, "supplement").pdf)
    assert "Ký vào tờ khai" in sup_text and "Bổ sung bản sao giấy tờ tùy thân" in sup_text
    ref_text = _text(receipts.form_pdf(store, ref.code, actor, "refusal").pdf)
    assert "Không thuộc thẩm quyền giải quyết" in ref_text and ref.code in ref_text
    assert unicodedata.is_normalized("NFC", sup_text + ref_text)
    with pytest.raises(InvalidInput):
        receipts.receipt_data(store, ref.code)  # refused: no Mẫu 01
    with pytest.raises(InvalidInput):
        receipts.refusal_data(store, sup.code)


def test_immediate_result_receipt_on_request(sqlite_store: Store) -> None:
    store = sqlite_store
    result = intake.accept(store, req(replace(AN), code="1.001193", complete_now=True), clerk(store))
    data = receipts.receipt_data(store, result.code)
    assert data.due_at is None and data.legal_duration_text == "Trong ngày"
    assert receipts.render("receipt", data).startswith(b"%PDF")
