"""Capture at the desk: dropped files become pages the clerk reorders, rotates and deletes, then one
PDF per component is attached; the watched folder, the SANE test scanner, and the scan list."""

from __future__ import annotations

import importlib.util
import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from counterdesk.domain import status as st
from counterdesk.domain.roles import SYSTEM_ACTOR
from counterdesk.services import attachments, settings
from counterdesk.store.uow import Store
from counterdesk.ui.common.scan_viewer import ScanViewer
from counterdesk.ui.desk.capture.dialog import CaptureDialog, attach_saver
from counterdesk.ui.desk.capture.panel import CapturePanel
from counterdesk.ui.desk.process_panel import ProcessPanel
from tests.factories import make_dossier, vn
from tests.helpers.scans import text_page
from tests.ui.test_intake_form import clerk

FORM = "Tờ khai đăng ký khai sinh"
SHOTS = Path("/tmp/capture-shots")


def _dossier(store: Store, status: int = st.RECEIVED) -> str:
    with store.write() as s:
        d = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=vn("2026-11-19T09:00"), status=status)
        d.documents = [{"name": FORM, "originals": 1, "copies": 0},
                       {"name": "Giấy chứng nhận kết hôn", "originals": 0, "copies": 1}]
        return str(d.code)


def _write(folder: Path, name: str, size: tuple[int, int]) -> Path:
    path = folder / name
    path.write_bytes(text_page(size=size, label=name))
    return path


def _drop(widget: Any, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)
    assert event.isAccepted()


def _pages(qtbot: Any, panel: CapturePanel, n: int) -> None:
    def ready() -> None:
        assert panel.strip.count() == n and not panel.busy, panel.status.text()

    qtbot.waitUntil(ready, timeout=20_000)


def _widths(pdf: bytes) -> list[int]:
    return [round(float(p.mediabox.width) * 200 / 72) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_dropped_pages_are_reordered_rotated_deleted_and_saved_in_order(
        qtbot: Any, sqlite_store: Store, home: Path, tmp_path: Path) -> None:
    code = _dossier(sqlite_store)
    panel = ProcessPanel(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(panel)
    panel.show()
    panel.open_code(code)
    dialog = panel.capture(FORM)
    assert isinstance(dialog, CaptureDialog)
    capture = dialog.panel
    # four sheets told apart by their width in pixels (200 dpi): A 1000, B 1100, C 1200, D 1300
    files = [_write(tmp_path, f"{n}.png", (w, 1700)) for n, w in (("A", 1000), ("B", 1100), ("C", 1200), ("D", 1300))]
    _drop(capture, files)
    _pages(qtbot, capture, 4)
    assert [p.name for p in capture.strip.pages()] == ["A.png", "B.png", "C.png", "D.png"]
    assert not capture.strip.preview.pixmap().isNull()  # the first page added is previewed
    capture.strip.list.setCurrentRow(1)
    capture.strip.delete.click()  # B goes
    capture.strip.list.setCurrentRow(2)  # D
    capture.strip.earlier.click()
    capture.strip.earlier.click()  # D first
    capture.strip.list.setCurrentRow(1)  # A
    capture.strip.rotate.click()  # A turned a quarter: its PDF page is 1700 wide
    assert [p.name for p in capture.strip.pages()] == ["D.png", "A.png", "C.png"]
    assert [capture.strip.list.item(i).text() for i in range(3)] == ["Trang 1", "Trang 2", "Trang 3"]
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
    [view] = attachments.list_files(sqlite_store, code)
    assert view.document_name == FORM and view.pages == 3
    pdf = attachments.read_pdf(sqlite_store, home, view.id)
    assert _widths(pdf) == [1300, 1700, 1200]
    papers = {c.name: c for c in attachments.components(sqlite_store, code)}
    assert papers[FORM].digitised and papers[FORM].pages == 3
    assert panel.scans.table.rowCount() == 1 and panel.scans.table.item(0, 2).text() == "3"
    assert "3 trang" in panel.message.text()


def test_a_bad_file_is_refused_in_vietnamese_and_nothing_is_added(qtbot: Any, sqlite_store: Store,
                                                                   home: Path, tmp_path: Path) -> None:
    code = _dossier(sqlite_store)
    bad = tmp_path / "hong.jpg"
    bad.write_bytes(b"not an image at all")
    panel = CapturePanel(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)))
    qtbot.addWidget(panel)
    _drop(panel, [bad])

    def refused() -> None:
        assert "không phải ảnh hay PDF" in panel.status.text()

    qtbot.waitUntil(refused, timeout=10_000)
    assert panel.strip.count() == 0
    assert not panel.save()  # nothing to save
    assert attachments.list_files(sqlite_store, code) == []


def test_watched_folder_pages_arrive_on_the_open_panel(qtbot: Any, sqlite_store: Store, home: Path,
                                                        tmp_path: Path) -> None:
    code = _dossier(sqlite_store)
    other = _dossier(sqlite_store)
    folder = tmp_path / "watched"
    folder.mkdir()
    settings.set_value(sqlite_store, "scans.watched_dir", str(folder), SYSTEM_ACTOR)
    phone = _write(folder, "IMG_0001.jpg.png", (1000, 1400))
    mine = _write(folder, f"{code}_2.png", (1100, 1400))
    theirs = _write(folder, f"{other}_1.png", (1200, 1400))
    old = time.time() - 60
    for path in (phone, mine, theirs):
        os.utime(path, (old, old))
    writing = _write(folder, "IMG_0002.png", (1300, 1400))  # still being written: left for the next poll
    panel = CapturePanel(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)),
                         code=code)
    qtbot.addWidget(panel)
    assert panel.timer.isActive() and str(folder) in panel.folder_label.text()
    panel.settle = 30.0  # seconds unchanged before a file counts as written
    panel.timer.setInterval(50)
    _pages(qtbot, panel, 2)
    assert [p.name for p in panel.strip.pages()] == [f"{code}_2.png", "IMG_0001.jpg.png"]  # name order
    assert not phone.exists() and not mine.exists()  # the clerk holds them; not left on a shared folder
    assert theirs.exists() and writing.exists()  # another dossier's file is import_folder's; a young one waits
    panel.stop()
    with qtbot.waitSignal(panel.saved, timeout=30_000) as blocker:
        assert panel.save()
    assert blocker.args[0].pages == 2


@pytest.mark.skipif(importlib.util.find_spec("sane") is None, reason="python-sane không có trên máy này")
def test_scan_through_the_sane_test_device(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    code = _dossier(sqlite_store)
    settings.set_value(sqlite_store, "scans.device", "test", SYSTEM_ACTOR)
    panel = CapturePanel(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)))
    qtbot.addWidget(panel)
    panel.scan_button.click()
    assert not panel.scan_button.isEnabled() and panel.progress.isVisibleTo(panel)  # busy while scanning
    _pages(qtbot, panel, 1)
    assert "máy quét" in panel.status.text()
    panel.feeder.setChecked(True)
    panel.scan()
    _pages(qtbot, panel, 11)  # the test backend's feeder holds ten sheets
    with qtbot.waitSignal(panel.saved, timeout=60_000):
        panel.save()
    [view] = attachments.list_files(sqlite_store, code)
    assert view.pages == 11 and view.document_name == FORM


@pytest.mark.skipif(importlib.util.find_spec("sane") is None, reason="python-sane không có trên máy này")
def test_no_scanner_is_said_clearly(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    code = _dossier(sqlite_store)
    settings.set_value(sqlite_store, "scans.device", "khong-co-may:0", SYSTEM_ACTOR)
    panel = CapturePanel(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)))
    qtbot.addWidget(panel)
    panel.scan()

    def said() -> None:
        assert "Không mở được máy quét" in panel.status.text()

    qtbot.waitUntil(said, timeout=20_000)
    assert panel.scan_button.isEnabled() and panel.strip.count() == 0


def test_viewer_opens_a_scan_from_the_process_panel(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    code = _dossier(sqlite_store)
    attachments.attach(sqlite_store, home, code, [("1.png", text_page(label="1"))], document=FORM)
    panel = ProcessPanel(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(panel)
    panel.open_code(code)
    assert panel.scans.view_button.isEnabled() and panel.scans.table.item(0, 0).text() == FORM
    panel.scans.view_button.click()

    def shown() -> None:
        assert any(isinstance(w, ScanViewer) and w.isVisible() for w in QApplication.topLevelWidgets())

    qtbot.waitUntil(shown, timeout=10_000)
    viewer = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ScanViewer))
    assert viewer.loaded.pages == 1 and code in viewer.windowTitle()
    assert panel.scans.message.text() == ""  # "Đang mở…" is gone once the viewer shows
    viewer.close()


def test_supervisor_page_and_return_panel_show_and_capture_scans(qtbot: Any, sqlite_store: Store,
                                                                 home: Path) -> None:
    from counterdesk.ui.desk.return_panel import ReturnPanel
    from counterdesk.ui.supervisor.scans_page import ScansPage

    code = _dossier(sqlite_store, status=st.DONE)
    page = ScansPage(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(page)
    page.code.setText(code)
    page.lookup()
    assert code in page.header.text() and "chưa có bản số hoá" in page.scans.message.text()
    panel = ReturnPanel(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(panel)
    panel.load(code)
    assert panel.capture_button.isEnabled()
    dialog = panel.capture_result()
    assert isinstance(dialog, CaptureDialog)
    dialog.panel.add_sources([("kq.png", text_page(label="KQ"))])
    _pages(qtbot, dialog.panel, 1)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.save_button.click()
    [view] = attachments.list_files(sqlite_store, code)
    assert view.kind == attachments.RESULT and panel.scans.choice.count() == 1
    assert panel.scans.choice.currentText().endswith("— 1 trang (kết quả)")
    page.open_code(code)
    assert page.scans.table.rowCount() == 1 and page.scans.table.item(0, 1).text() == "Kết quả"


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_capture_screen_fits_small_screens(qtbot: Any, sqlite_store: Store, home: Path,
                                           size: tuple[int, int]) -> None:
    code = _dossier(sqlite_store)
    dialog = CaptureDialog(sqlite_store, "Giấy tờ chứng minh nơi cư trú của người được đăng ký khai sinh",
                           attach_saver(sqlite_store, home, code, None, clerk(sqlite_store)), code=code)
    qtbot.addWidget(dialog)
    asked: list[int] = []
    dialog.confirm_discard = lambda pages: asked.append(pages) is None  # closing with unsaved pages asks first
    dialog.panel.add_sources([(f"{i}.png", text_page(size=(1000 + 100 * i, 1600), label=str(i))) for i in range(5)])
    _pages(qtbot, dialog.panel, 5)
    dialog.resize(size[0] - 40, size[1] - 80)  # the window frame and the task bar
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.panel.strip.list.setCurrentRow(2)
    qtbot.wait(100)
    for button in (dialog.save_button, dialog.panel.scan_button, dialog.panel.strip.delete):
        assert button.width() >= button.sizeHint().width(), button.text()  # no clipped label
    assert dialog.panel.strip.preview.height() > 250
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"capture-{size[0]}x{size[1]}.png"))
    dialog.reject()
    assert asked == [5] and not dialog.isVisible()


def test_dossier_search_shows_the_chosen_dossiers_scans(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    from counterdesk.ui.common.dossier_search import DossierSearchDialog

    code = _dossier(sqlite_store)
    attachments.attach(sqlite_store, home, code, [("1.png", text_page(label="1"))], document=FORM)
    dialog = DossierSearchDialog(sqlite_store, clerk(sqlite_store), None, code)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.scans.choice.count() == 1 and dialog.scans.view_button.isEnabled()
    assert dialog.scans.choice.currentText().startswith(FORM)


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")  # Qt 6 keeps only this form
def test_files_dragged_over_the_page_list_reach_the_panel(qtbot: Any, sqlite_store: Store, home: Path,
                                                         tmp_path: Path) -> None:
    """The page list accepts only its own pages being moved; files from outside go to the panel."""
    from PySide6.QtGui import QDragEnterEvent

    code = _dossier(sqlite_store)
    panel = CapturePanel(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)))
    qtbot.addWidget(panel)
    panel.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_write(tmp_path, "A.png", (1000, 1400))))])
    event = QDragEnterEvent(panel.strip.list.viewport().rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel.strip.list.viewport(), event)
    assert event.isAccepted()


def test_a_refused_save_keeps_the_pages(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    code = _dossier(sqlite_store)
    panel = CapturePanel(sqlite_store, "Giấy không có trong hồ sơ",
                         attach_saver(sqlite_store, home, code, "Giấy không có trong hồ sơ", clerk(sqlite_store)))
    qtbot.addWidget(panel)
    panel.add_sources([("1.png", text_page(label="1"))])
    _pages(qtbot, panel, 1)
    assert panel.save()

    def refused() -> None:
        assert "Hồ sơ không có giấy tờ" in panel.status.text() and not panel.busy

    qtbot.waitUntil(refused, timeout=20_000)
    assert panel.strip.count() == 1 and panel.saved_result is None
    assert attachments.list_files(sqlite_store, code) == []


def test_capture_screen_keys_are_unambiguous_and_work(qtbot: Any, sqlite_store: Store, home: Path) -> None:
    from tests.ui.test_keyboard_map import clashes, keyboard_map

    code = _dossier(sqlite_store)
    dialog = CaptureDialog(sqlite_store, FORM, attach_saver(sqlite_store, home, code, FORM, clerk(sqlite_store)),
                           code=code)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    keys = {k for k, _, _ in keyboard_map(dialog)}
    assert {"F4", "Ctrl+O", "Ctrl+S", "Ctrl+R", "Del", "Ctrl+Left", "Ctrl+Right"} <= keys
    assert clashes(dialog) == []
    dialog.panel.add_sources([("a.png", text_page(size=(1000, 1400))), ("b.png", text_page(size=(1100, 1400)))])
    _pages(qtbot, dialog.panel, 2)
    dialog.panel.strip.list.setFocus()
    dialog.panel.strip.list.setCurrentRow(1)
    qtbot.keyClick(dialog.panel.strip.list, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert [p.name for p in dialog.panel.strip.pages()] == ["b.png", "a.png"]
    qtbot.keyClick(dialog.panel.strip.list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.panel.strip.pages()[0].rotation == 90
    qtbot.keyClick(dialog.panel.strip.list, Qt.Key.Key_Delete)
    assert [p.name for p in dialog.panel.strip.pages()] == ["a.png"]
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.keyClick(dialog.panel.strip.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [v.pages for v in attachments.list_files(sqlite_store, code)] == [1]


def test_supervisor_finds_dossiers_by_words_in_their_scans(qtbot: Any, sqlite_store: Store) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from counterdesk.models import Dossier, DossierAttachment
    from counterdesk.ui.supervisor.scans_page import ScansPage

    code = _dossier(sqlite_store, status=st.DONE)
    with sqlite_store.write() as s:
        dossier_id = s.scalar(select(Dossier.id).where(Dossier.code == code))
        s.add(DossierAttachment(dossier_id=dossier_id, document_name="Tờ khai", kind="component", sha256="d" * 64,
                                size=10, pages=1, media_type="application/pdf", created_at=datetime.now(UTC),
                                ocr_state="done", ocr_text="Người đi khai: Lê Thị Hồng Nhung"))
    page = ScansPage(sqlite_store, clerk(sqlite_store))
    qtbot.addWidget(page)
    page.words.setText("hong nhung")
    page.find_words()
    qtbot.waitUntil(lambda: page.word_hits.count() == 1, timeout=10_000)
    assert code in page.word_hits.item(0).text() and "1 bản số hoá" in page.word_note.text()
    page.word_hits.itemActivated.emit(page.word_hits.item(0))
    assert code in page.header.text()  # the dossier's scans open below
    page.words.setText("\x01")
    page.find_words()
    qtbot.waitUntil(lambda: "Nhập từ cần tìm" in page.word_note.text(), timeout=10_000)
