"""Digitising on the intake checklist: a paper scanned before acceptance is attached to the new
dossier; the next time the same citizen comes, the form offers the earlier scan instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from counterdesk.services import attachments
from counterdesk.store.uow import Store
from counterdesk.ui.desk.capture.dialog import CaptureDialog
from counterdesk.ui.desk.intake.scans import Pending
from counterdesk.ui.desk.intake_form import IntakeForm
from tests.helpers.scans import text_page
from tests.ui.test_intake_form import CARD, dossiers, form, ime, pick_procedure  # noqa: F401 - fixture

SHOTS = Path("/tmp/capture-shots")


def _fill(qtbot: Any, form: IntakeForm) -> None:  # noqa: F811 - the fixture's name
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    if not form.phone.text():
        ime(form.phone, "0912345678")
    form.print_receipt.setChecked(False)
    form.confirm = lambda _text: True  # the second dossier of the day for the same procedure


def _stored(qtbot: Any, form: IntakeForm) -> None:  # noqa: F811
    def done() -> None:
        assert form.storing_scans == 0 and "bản số hoá" in form.banner.text(), form.banner.text()

    qtbot.waitUntil(done, timeout=30_000)


def test_scan_on_the_checklist_then_reuse_it_for_the_next_dossier(qtbot: Any, form: IntakeForm,  # noqa: F811
                                                                 sqlite_store: Store, home: Path) -> None:
    _fill(qtbot, form)
    row = form._doc_rows[0]
    assert not row.offer.isVisible() and not row.state.isVisible()  # a first visit: nothing to re-use
    dialog = form.capture_document(row.name)
    assert isinstance(dialog, CaptureDialog)
    dialog.panel.add_sources([("1.png", text_page(label="1")), ("2.png", text_page(label="2"))])

    def two() -> None:
        assert dialog.panel.strip.count() == 2 and not dialog.panel.busy

    qtbot.waitUntil(two, timeout=20_000)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
    assert row.check.isChecked() and row.state.text() == "đã số hoá, 2 trang"
    assert row.capture.text() == "Quét lại…"
    SHOTS.mkdir(exist_ok=True)
    form.resize(1260, 610)
    qtbot.wait(100)
    form.grab().save(str(SHOTS / "intake-captured-1280x720.png"))
    assert dossiers(sqlite_store) == []  # nothing stored before acceptance
    assert form.submit() is not None
    first = form.last_code
    _stored(qtbot, form)
    [view] = attachments.list_files(sqlite_store, first)
    assert view.pages == 2 and view.document_name == row.name

    _fill(qtbot, form)  # the same citizen again: the form offers the paper scanned last time
    row = form._doc_rows[0]
    assert row.offer.isVisibleTo(form) and row.offer.text().startswith("Dùng bản đã số hoá ngày ")
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1366, 768), (1280, 720)):
        form.resize(width - 20, height - 110)  # the desk window's frame, menu and tabs
        qtbot.wait(100)
        form.grab().save(str(SHOTS / f"intake-offer-{width}x{height}.png"))
        assert row.offer.width() >= row.offer.sizeHint().width()  # the offer's date is not clipped
    row.offer.click()
    assert row.check.isChecked() and not row.offer.isVisibleTo(form)
    assert row.state.text().startswith("dùng bản đã số hoá ngày ") and row.state.text().endswith("2 trang")
    assert form.submit() is not None
    second = form.last_code
    _stored(qtbot, form)
    [reused] = attachments.list_files(sqlite_store, second)
    assert reused.sha256 == view.sha256 and reused.pages == 2
    marks = {c.name: c for c in attachments.components(sqlite_store, second)}
    assert marks[row.name].digitised and marks[row.name].pages == 2
    docs = next(d for d in dossiers(sqlite_store) if d["code"] == second)["documents"]
    assert docs[0]["reused"] is True


def test_an_unticked_paper_keeps_no_scan_and_esc_asks_first(qtbot: Any, form: IntakeForm,  # noqa: F811
                                                             sqlite_store: Store, home: Path) -> None:
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    name = form._doc_rows[0].name
    form._captures[name] = Pending(1, pdf=b"%PDF")
    assert form.has_input()
    asked: list[bool] = []
    form.confirm_discard = lambda: asked.append(True) is None
    assert form.ask_clear() and asked and form._captures == {}
