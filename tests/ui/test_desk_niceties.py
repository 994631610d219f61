"""Desk details a clerk meets every day: arrows in the checklist, what the print banner says,
PDF names that carry the dossier code and never replace an earlier file, honest lock messages,
a login dialog that makes room for its error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counterdesk.store.uow import Store
from counterdesk.ui.common import print_pdf
from counterdesk.ui.common.base import ModeWindow
from counterdesk.ui.common.login import LoginDialog
from counterdesk.ui.common.print_pdf import unique_file_name
from counterdesk.ui.desk.intake_form import IntakeForm
from counterdesk.ui.desk.window import DeskWindow
from tests.ui.test_intake_form import CARD, clerk, form, ime, pick_procedure  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("qtbot")


def test_arrows_walk_the_checklist_paper_by_paper(qtbot: Any, form: IntakeForm) -> None:  # noqa: F811
    form.select_procedure("2.000815")
    rows = form._doc_rows
    assert len(rows) >= 2
    qtbot.waitUntil(lambda: rows[1].check.isVisible())
    rows[0].check.setFocus()
    qtbot.keyClick(rows[0].check, Qt.Key.Key_Space)
    qtbot.keyClick(rows[0].check, Qt.Key.Key_Down)
    assert rows[0].check.isChecked() and QApplication.focusWidget() is rows[1].check  # not the originals count
    qtbot.keyClick(rows[1].check, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is rows[0].check
    qtbot.keyClick(rows[0].check, Qt.Key.Key_Up)  # the first paper stays put
    assert QApplication.focusWidget() is rows[0].check


def test_the_print_banner_says_what_happened_once_the_preview_closes(
        qtbot: Any, form: IntakeForm, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    names: list[str] = []

    def closed_without_printing(_parent: object, _pdf: bytes, _title: str, file_name: str = "") -> bool:
        names.append(file_name)
        return False

    monkeypatch.setattr(print_pdf, "preview_and_print", closed_without_printing)
    form.preview_enabled = True
    pick_procedure(qtbot, form, "xac nhan tinh trang")
    ime(form.card, CARD)
    qtbot.keyClick(form.card, Qt.Key.Key_Return)
    form.ask_reason = lambda _title, _items: ("Tờ khai chưa ký", ("Ký vào tờ khai",))
    with qtbot.waitSignal(form.pdf_ready, timeout=15000) as blocker:
        form.not_accepted("supplement")
    code = blocker.args[0]
    qtbot.waitUntil(lambda: bool(names))
    assert "Đang in phiếu" not in form.banner.text() and "Chưa in phiếu" in form.banner.text()
    assert names == [f"Mẫu 02 {code}.pdf"] or names[0].startswith(f"Mẫu 02 {code} (")


def test_pdf_names_carry_the_code_and_never_reuse_a_taken_name(tmp_path: Path) -> None:
    code = "000.00.01.H29-261120-0001"
    first = unique_file_name("Mẫu 01", code, folder=tmp_path)
    assert first == f"Mẫu 01 {code}.pdf"
    (tmp_path / first).write_bytes(b"%PDF")
    second = unique_file_name("Mẫu 01", code, folder=tmp_path)
    assert second == f"Mẫu 01 {code} (2).pdf"
    assert unique_file_name('Sổ: "theo dõi"/ngày', folder=tmp_path) == "Sổ- -theo dõi-ngày.pdf"


def test_save_pdf_proposes_a_new_name_and_writes_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "so-theo-doi-20261204.pdf").write_bytes(b"old")
    proposed: list[str] = []

    def choose(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        proposed.append(name)
        return name, ""

    monkeypatch.setattr(print_pdf.QFileDialog, "getSaveFileName", choose)
    saved = print_pdf.save_pdf(None, b"%PDF-new", str(tmp_path / "so-theo-doi-20261204.pdf"))
    assert proposed == [str(tmp_path / "so-theo-doi-20261204 (2).pdf")] and saved is not None
    assert (tmp_path / "so-theo-doi-20261204.pdf").read_bytes() == b"old" and saved.read_bytes() == b"%PDF-new"


def _desk(qtbot: Any, store: Store) -> DeskWindow:
    window = DeskWindow(store, clerk(store))
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_manual_lock_does_not_claim_to_be_idle(qtbot: Any, sqlite_store: Store) -> None:
    window: ModeWindow = _desk(qtbot, sqlite_store)
    lock = next(a for a in window.findChildren(type(window.menuBar().actions()[0])) if a.objectName() == "lockScreen")
    lock.trigger()  # Ctrl+L
    dialog = window._lock_dialog
    assert dialog is not None and dialog.reason_label.text().startswith("Màn hình đã khoá.")
    assert "không thao tác" not in dialog.reason_label.text()
    window._unlocked(dialog)
    dialog.close()
    idle = window.lock_screen(idle=True)
    assert "phút không thao tác" in idle.reason_label.text()
    window._unlocked(idle)
    idle.close()


def test_login_dialog_grows_to_show_a_wrong_password_message(qtbot: Any, sqlite_store: Store) -> None:
    dialog = LoginDialog(sqlite_store, "desk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.username.setText("canbo1")
    dialog.password.setText("sai-mat-khau")
    assert not dialog.try_login()
    QApplication.processEvents()
    assert dialog.error.isVisible() and dialog.error.text()
    assert dialog.height() > before
    assert dialog.error.height() >= dialog.error.sizeHint().height()  # the red message is not cut
    for field in (dialog.username, dialog.password):
        assert field.height() >= field.sizeHint().height()  # nor the fields squashed
