"""The intake form driven from the keyboard, Vietnamese typed the way an input method commits it."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from sqlalchemy import func, select

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.roles import Actor
from counterdesk.models import Applicant, Dossier, ServiceLine, Ticket, User
from counterdesk.printing.rasterise import rasterise
from counterdesk.store.uow import Store
from counterdesk.ui.desk.intake_form import IntakeForm, parse_birth_date

CARD = "001090123456||NGUYỄN VĂN AN|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021"


def ime(widget: QWidget, text: str) -> None:
    """Commit ``text`` as an IME does (QTest.keyClicks aborts the process on non-ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def clerk(store: Store) -> Actor:
    with store.read() as s:
        u = s.scalars(select(User).where(User.username == "canbo1")).one()
        return Actor(u.id, u.username, u.role, u.counter_id)


@pytest.fixture
def form(qtbot: Any, sqlite_store: Store) -> IntakeForm:
    w = IntakeForm(sqlite_store, clerk(sqlite_store))
    w.preview_enabled = False
    qtbot.addWidget(w)
    w.resize(1180, 640)
    w.show()
    qtbot.waitExposed(w)
    return w


def dossiers(store: Store) -> list[dict[str, Any]]:
    with store.read() as s:
        return [{"code": d.code, "ticket_id": d.ticket_id, "fee": d.fee, "documents": d.documents,
                 "status": d.status, "applicant_id": d.applicant_id}
                for d in s.scalars(select(Dossier).order_by(Dossier.id))]


def pick_procedure(qtbot: Any, form: IntakeForm, words: str) -> None:
    ime(form.search, words)
    qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert form.procedure is not None


def test_whole_intake_from_the_keyboard(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    with sqlite_store.write() as s:
        line = s.scalars(select(ServiceLine).where(ServiceLine.prefix == "B")).one()
        t = Ticket(line_id=line.id, business_day=datetime.now(VN_TZ).date(), seq=12, number="B012", priority=False,
                   state="serving", issued_at=datetime.now(VN_TZ), recall_count=0, printed=True)
        s.add(t)
        s.flush()
        ticket_id = t.id
    form.link_ticket(ticket_id, "B012")
    ime(form.search, "chung thuc ban sao")  # no diacritics
    def ready() -> None:  # "Chứng thực…" and "Cấp bản sao có chứng thực…"
        assert form.results.count() >= 2

    qtbot.waitUntil(ready)
    qtbot.keyClick(form.search, Qt.Key.Key_Down)  # into the list, then arrow to the one wanted
    assert QApplication.focusWidget() is form.results
    for _ in range(form.results.count()):
        if form.results.currentItem().data(Qt.ItemDataRole.UserRole) == "2.000815":
            break
        qtbot.keyClick(form.results, Qt.Key.Key_Down)
    qtbot.keyClick(form.results, Qt.Key.Key_Return)
    assert form.procedure is not None and form.procedure.code == "2.000815"
    assert QApplication.focusWidget() is form.card  # ready for the scanner
    ime(form.card, unicodedata.normalize("NFD", CARD))
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    assert form.name.text() == "Nguyễn Văn An" and form.id_number.text() == "001090123456"
    assert form.birth.text() == "01/01/1990" and form.gender.currentText() == "Nam"
    assert QApplication.focusWidget() is form.phone
    ime(form.phone, "0912 345 678")
    for row in form._doc_rows:
        row.check.setFocus()
        qtbot.keyClick(row.check, Qt.Key.Key_Space)
        assert row.check.isChecked()
    with qtbot.waitSignal(form.pdf_ready, timeout=15000) as blocker:
        qtbot.keyClick(form.phone, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    code, kind, pdf = blocker.args
    assert kind == "receipt" and code == form.last_code
    assert code in form.banner.text() and "Đã tiếp nhận" in form.banner.text()
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(rasterise(pdf, 0, 203))}
    assert found["Code128"] == code
    [d] = dossiers(sqlite_store)
    assert d["code"] == code and d["ticket_id"] == ticket_id and d["fee"] == 2000 and len(d["documents"]) == 2
    with sqlite_store.read() as s:
        a = s.get(Applicant, d["applicant_id"])
        assert a is not None and a.full_name == "Nguyễn Văn An" and a.phone == "0912345678"
    assert form.name.text() == "" and form.procedure is None  # ready for the next dossier
    assert form.ticket_badge.text() == "Đang phục vụ: B012"


def test_plain_enter_accepts_and_esc_clears(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    form.print_receipt.setChecked(False)
    pick_procedure(qtbot, form, "xac nhan tinh trang hon nhan")
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    assert dossiers(sqlite_store) == []  # Enter in the scan field only scans
    ime(form.phone, "0912345678")
    form._doc_rows[0].check.setChecked(True)
    form.print_receipt.setChecked(False)
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)
    assert len(dossiers(sqlite_store)) == 1
    ime(form.name, "Trần Thị Bình")
    asked: list[bool] = []
    form.confirm_discard = lambda: asked.append(False) or False  # "Không": the typing stays
    qtbot.keyClick(form.name, Qt.Key.Key_Escape)
    assert asked and form.name.text() == "Trần Thị Bình"
    form.confirm_discard = lambda: asked.append(True) or True
    qtbot.keyClick(form.name, Qt.Key.Key_Escape)
    assert asked == [False, True]
    assert form.name.text() == "" and QApplication.focusWidget() is form.search
    qtbot.keyClick(form.search, Qt.Key.Key_Escape)  # nothing to lose: no question
    assert asked == [False, True]


def test_garbage_scan_touches_nothing(qtbot: Any, form: IntakeForm) -> None:
    ime(form.name, "Lê Thị Hồng")
    for garbage in ("000.00.01.H29-261120-0001", "001090123456|x|y", "001091123456||NGUYEN VAN A|01011990|Nam|a|"):
        form.card.clear()
        ime(form.card, garbage)
        qtbot.keyClick(form.card, Qt.Key.Key_Return)
        assert form.errors()["card"].startswith("Mã QR")
        assert form.name.text() == "Lê Thị Hồng" and form.id_number.text() == ""
    form.card.clear()
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    assert "card" not in form.errors() and form.name.text() == "Nguyễn Văn An"


def test_scanner_typing_into_the_id_field_is_routed(qtbot: Any, form: IntakeForm) -> None:
    ime(form.id_number, CARD)
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    assert form.id_number.text() == "001090123456" and form.name.text() == "Nguyễn Văn An"


def test_field_messages_and_nothing_written(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    pick_procedure(qtbot, form, "xac nhan tinh trang hon nhan")
    ime(form.name, "Nguyễn Văn An")
    ime(form.id_number, "001091123456")
    ime(form.birth, "01/01/1990")
    form.gender.setCurrentText("Nam")
    ime(form.phone, "12345")
    form.submit()
    errors = form.errors()
    assert "năm sinh" in errors["id_number"]
    assert "điện thoại" in errors["phone"].lower()
    assert "Tờ khai" in errors["documents"]
    assert form.findChild(QLineEdit, "id_number").property("invalid") is True
    assert QApplication.focusWidget() is form.id_number  # first problem gets the cursor
    ime(form.birth, "")
    form.birth.setText("31/02/1990")
    form.submit()
    assert "ngày/tháng/năm" in form.errors()["birth_date"]
    assert dossiers(sqlite_store) == []


def test_returning_applicant_prefilled(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    form.print_receipt.setChecked(False)
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    ime(form.phone, "0912345678")
    ime(form.email, "an@example.vn")
    form._doc_rows[0].check.setChecked(True)
    form.print_receipt.setChecked(False)
    assert form.submit() is not None
    ime(form.id_number, "001090123456")
    qtbot.keyClick(form.id_number, Qt.Key.Key_Tab)
    assert form.name.text() == "Nguyễn Văn An" and form.phone.text() == "0912345678"
    assert form.email.text() == "an@example.vn" and form.birth.text() == "01/01/1990"


def test_duplicate_asks_first(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    asked: list[str] = []

    def fill() -> None:
        pick_procedure(qtbot, form, "xac nhan tinh trang")
        ime(form.card, CARD)
        qtbot.keyClick(form.card, Qt.Key.Key_Return)
        if not form.phone.text():  # a returning applicant's phone is filled from the last dossier
            ime(form.phone, "0912345678")
        form._doc_rows[0].check.setChecked(True)
        form.print_receipt.setChecked(False)

    fill()
    assert form.submit() is not None
    form.confirm = lambda text: asked.append(text) or False
    fill()
    assert form.submit() is None and len(dossiers(sqlite_store)) == 1, form.errors()
    assert asked, (form.errors(), form.banner.text())
    assert "đã nộp hồ sơ thủ tục này hôm nay" in asked[0]
    form.confirm = lambda text: True
    assert form.submit() is not None and len(dossiers(sqlite_store)) == 2


def test_refusal_from_the_form(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    ime(form.name, "Trần Thị Bình")
    form.ask_reason = lambda title, items: ("Không thuộc thẩm quyền", ())
    with qtbot.waitSignal(form.pdf_ready, timeout=15000) as blocker:
        qtbot.mouseClick(form.refuse_button, Qt.MouseButton.LeftButton)
    code, kind, pdf = blocker.args
    assert kind == "refusal" and pdf.startswith(b"%PDF")
    [d] = dossiers(sqlite_store)
    assert d["code"] == code and d["status"] == 3
    with sqlite_store.read() as s:
        assert s.scalar(select(func.count()).select_from(Applicant)) == 1


def test_complete_now_and_birth_date_parsing(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    pick_procedure(qtbot, form, "khai sinh")
    assert form.complete_now.isEnabled()
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    ime(form.phone, "0912345678")
    for row in form._doc_rows:
        row.check.setChecked(row.required)
    form.complete_now.setChecked(True)
    assert not form.print_receipt.isChecked()  # no receipt unless the citizen asks
    result = form.submit()
    assert result is not None and result.status == 10 and "trả kết quả ngay" in form.banner.text()
    assert parse_birth_date("1/2/1990").month == 2 and parse_birth_date("01021990").day == 1
    assert parse_birth_date(" ") is None


def test_supplement_from_the_form(qtbot: Any, form: IntakeForm, sqlite_store: Store) -> None:
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    seen: list[str] = []

    def ask(title: str, with_items: bool) -> tuple[str, tuple[str, ...]]:
        seen.append(title)
        assert with_items
        return "Tờ khai chưa ký", ("Ký vào tờ khai",)

    form.ask_reason = ask
    with qtbot.waitSignal(form.pdf_ready, timeout=15000) as blocker:
        qtbot.mouseClick(form.supplement_button, Qt.MouseButton.LeftButton)
    code, kind, pdf = blocker.args
    assert kind == "supplement" and pdf.startswith(b"%PDF") and "bổ sung" in seen[0]
    [d] = dossiers(sqlite_store)
    assert d["code"] == code and d["status"] == 5
    assert "Yêu cầu bổ sung" in form.banner.text()


@pytest.mark.parametrize("size", [(1260, 610), (1346, 660)])
def test_long_paper_names_wrap_and_keep_the_counts_in_sight(qtbot: Any, form: IntakeForm,
                                                           size: tuple[int, int]) -> None:
    """At 1280×720 and 1366×768 an official paper name wraps beside its box instead of pushing the
    originals/copies boxes out of the checklist's view (no sideways scrolling)."""
    form.resize(*size)
    form.select_procedure("1.004873")
    qtbot.waitUntil(lambda: len(form._doc_rows) == 2)
    qtbot.wait(50)
    area = form.docs_holder.parentWidget().parentWidget()
    assert not area.horizontalScrollBar().isVisible()
    right = area.viewport().mapToGlobal(area.viewport().rect().topRight()).x()
    for row in form._doc_rows:
        assert row.copies.isVisible() and row.copies.mapToGlobal(row.copies.rect().topRight()).x() <= right
    long_row = form._doc_rows[1]
    assert long_row.label.height() > long_row.check.height()  # wrapped over two lines
    qtbot.mouseClick(long_row.label, Qt.MouseButton.LeftButton)
    assert long_row.check.isChecked()  # clicking the name ticks the box
