"""Chỉ số 766 tab: figures per level with formulas, drill-down to the dossiers, XLSX export."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDate

from counterdesk.ui.app import build_window
from tests.ui.test_supervisor_window import _seed, _supervisor


def test_scorecard_figures_and_drill_down(qtbot, sqlite_store, tmp_path, monkeypatch) -> None:
    _seed(sqlite_store)
    window = build_window("supervisor", sqlite_store, _supervisor(sqlite_store))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.tabs.setCurrentWidget(window.scorecard)
    panel = window.scorecard
    panel.start.setDate(QDate(2026, 11, 1))
    panel.end.setDate(QDate(2026, 11, 30))
    with qtbot.waitSignal(panel.job.succeeded, timeout=20000):
        panel.run()
    assert panel.card is not None and panel.card.total.received == 40
    assert panel.table.rowCount() == 3  # two fields and the office
    office = panel.table.rowCount() - 1
    assert panel.table.item(office, 1).text() == "Toàn đơn vị"
    assert panel.table.item(office, 2).text().endswith("%")  # 2.1 on-time rate
    assert "2.1" in panel.formulas.text() and "5.4" in panel.formulas.text()
    panel.level.setCurrentIndex(1)  # by procedure
    assert panel.table.rowCount() == 3 and panel.table.item(0, 0).text() == "1.004873"
    assert "ngày làm việc" in panel.table.item(0, 3).text()  # 2.2 in the procedure's own unit
    with qtbot.waitSignal(panel.job.succeeded, timeout=20000):
        panel._cell_clicked(office, 2)
    assert panel.drill is not None and len(panel.drill.rows) == 40
    assert panel.drill_table.rowCount() == 40
    words = {panel.drill_table.item(i, 8).text() for i in range(40)}
    assert words <= {"Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết – trong hạn", "Đang giải quyết – quá hạn"}
    shots = Path(os.environ.get("COUNTERDESK_SHOTS", tmp_path))
    for w, h in ((1280, 720), (1366, 768), (1920, 1080)):
        window.resize(w, h)
        qtbot.wait(50)
        window.grab().save(str(shots / f"scorecard_{w}x{h}.png"))
    monkeypatch.setattr("counterdesk.ui.supervisor.scorecard_panel.save_pdf", lambda *a, **k: None)
    with qtbot.waitSignal(panel.job.succeeded, timeout=30000):
        panel.export()
    assert panel.last_export is not None and panel.last_export[:2] == b"PK"
