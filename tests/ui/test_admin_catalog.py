"""Admin catalogue page: accent-free search, CSV import in the background, a bad row changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from counterdesk.domain.roles import Actor
from counterdesk.services import catalog
from counterdesk.ui.admin.catalog_page import CatalogPage, fee_text

ADMIN = Actor(user_id=None, username="admin", role="admin")
NEW = {"code": "1.999901", "name": "Xác nhận thông tin về cư trú (thử nghiệm)", "field_code": "CT",
       "field_name": "Cư trú", "duration": "2", "unit": "working_days", "cutoff": "", "fee": "15000",
       "fee_note": "", "handling_unit": "Công an phường", "legal_basis": "Luật Cư trú 2020",
       "line_prefix": "D", "documents": "Tờ khai thay đổi thông tin cư trú [1/0]"}
CHANGED = {**NEW, "code": "2.000884", "name": "Chứng thực chữ ký trong các giấy tờ, văn bản (đã sửa)",
           "field_code": "CT", "field_name": "Chứng thực", "duration": "0", "unit": "same_day", "fee": "10000",
           "handling_unit": "Văn phòng HĐND và UBND", "fee_note": "Theo Nghị quyết HĐND tỉnh", "line_prefix": "B", "documents": "Giấy tờ cần chứng thực [1/0]"}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=catalog.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def make_page(qtbot, store) -> CatalogPage:
    page = CatalogPage(store, ADMIN)
    qtbot.addWidget(page)
    page.resize(1300, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(page: CatalogPage, col: int) -> list[str]:
    items = (page.table.item(row, col) for row in range(page.table.rowCount()))
    return [item.text() for item in items if item is not None]


def run_import(qtbot, page: CatalogPage, path: Path) -> None:
    page.import_file(path)
    assert not page.import_button.isEnabled()
    def ready() -> None:
        assert len(page.jobs) == 0 and page.import_button.isEnabled()

    qtbot.waitUntil(ready, timeout=10_000)


def test_search_without_diacritics(qtbot, sqlite_store) -> None:
    page = make_page(qtbot, sqlite_store)
    everything = page.table.rowCount()
    assert everything == len(catalog.search(sqlite_store, "", limit=1000)) > 20
    assert "Danh mục có" in page.count_label.text()
    qtbot.keyClicks(page.search_edit, "chung thuc chu ky")
    def ready() -> None:  # after the typing pause
        assert page.table.rowCount() < everything

    qtbot.waitUntil(ready, timeout=2000)
    names = column(page, 1)
    assert "Chứng thực chữ ký trong các giấy tờ văn bản" in names
    assert all(n.startswith("Chứng thực chữ ký") for n in names)
    assert "2.000884" in column(page, 0)
    row = column(page, 0).index("2.000884")
    assert (column(page, 3)[row], column(page, 4)[row]) == ("Trong ngày", "10.000 đ")
    assert page.table.item(row, 4).toolTip() == "10.000 đồng/trường hợp"  # type: ignore[union-attr]
    page.search_edit.setText("dang ky ket hon")
    page.refresh()
    assert "Đăng ký kết hôn" in column(page, 1)
    page.search_edit.setText("không có thủ tục này")
    page.refresh()
    assert page.table.rowCount() == 0 and "0 thủ tục khớp" in page.count_label.text()


def test_fee_is_written_the_vietnamese_way() -> None:
    assert fee_text(1_250_000) == "1.250.000 đ"
    assert fee_text(0) == "0 đ"


def test_a_bad_row_is_reported_by_line_and_changes_nothing(qtbot, sqlite_store, tmp_path: Path) -> None:
    page = make_page(qtbot, sqlite_store)
    before = catalog.search(sqlite_store, "", limit=1000)
    path = write_csv(tmp_path / "sai.csv", [NEW, {**NEW, "code": "1.23"}, CHANGED])
    run_import(qtbot, page, path)
    assert "1 dòng lỗi" in page.message.text() and "chưa nhập gì" in page.message.text()
    assert page.problems.isVisible()
    assert [page.problems.item(i).text() for i in range(page.problems.count())] == [  # type: ignore[union-attr]
        "Dòng 3: mã thủ tục '1.23' không đúng dạng 1.001193"]
    assert catalog.search(sqlite_store, "", limit=1000) == before


def test_a_good_file_adds_and_updates(qtbot, sqlite_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(qtbot, sqlite_store)
    count = page.table.rowCount()
    path = write_csv(tmp_path / "danh-muc.csv", [NEW, CHANGED])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Tệp CSV (*.csv)"))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    def ready() -> None:
        assert len(page.jobs) == 0 and page.import_button.isEnabled()

    qtbot.waitUntil(ready, timeout=10_000)
    assert page.message.text() == "Đã nhập tệp danh-muc.csv: đã thêm 1, cập nhật 1 thủ tục."
    assert not page.problems.isVisible()
    assert page.table.rowCount() == count + 1
    row = column(page, 0).index("1.999901")
    assert column(page, 1)[row] == NEW["name"]
    assert column(page, 3)[row] == "02 ngày làm việc"
    assert column(page, 4)[row] == "15.000 đ"
    assert column(page, 5)[row] == "Công an phường"
    page.search_edit.setText("da sua")
    page.refresh()
    assert column(page, 0) == ["2.000884"] and column(page, 2) == ["Chứng thực"]


def test_a_file_that_is_not_utf8_is_refused(qtbot, sqlite_store, tmp_path: Path) -> None:
    page = make_page(qtbot, sqlite_store)
    path = tmp_path / "ansi.csv"
    path.write_bytes(",".join(catalog.COLUMNS).encode() + b"\n1.999901,\xd0\xe3ng k\xfd\n")  # a Windows code page
    run_import(qtbot, page, path)
    assert "không phải văn bản UTF-8" in page.message.text() and "giữ nguyên" in page.message.text()
    assert not page.problems.isVisible()
