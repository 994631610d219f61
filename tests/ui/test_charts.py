"""Supervisor charts: no label elided, no 100 % point cut, the field legend in full beside the pie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from counterdesk.services.reports import DayPoint
from counterdesk.ui.supervisor.charts import DENSE, FieldShareChart, IntakeChart


@dataclass
class _Counts:
    received: int


@dataclass
class _Row:
    label: str
    counts: _Counts


FIELDS = ["Hoạt động xây dựng", "Đăng ký cư trú", "Chứng thực", "Hộ tịch", "Đất đai",
          "Lao động, thương binh và xã hội", "Văn hoá"]


def _axes(view: IntakeChart) -> tuple[object, QValueAxis]:
    chart = view.chart()
    bottom = chart.axes(Qt.Orientation.Horizontal)[0]
    rate = next(a for a in chart.axes(Qt.Orientation.Vertical)
                if isinstance(a, QValueAxis) and a.labelFormat().endswith("%%"))
    return bottom, rate


def test_a_month_of_days_keeps_every_shown_label_whole_and_100_percent_points_inside(qtbot) -> None:
    points = [DayPoint(date(2026, 11, 1) + timedelta(days=i), 5, 4, 4) for i in range(30)]  # all on time
    view = IntakeChart()
    qtbot.addWidget(view)
    view.set_points(points)
    view.resize(700, 300)
    view.show()
    bottom, rate = _axes(view)
    assert rate.max() > 100  # the 100 % points are drawn whole
    assert isinstance(bottom, QCategoryAxis)
    labels = bottom.categoriesLabels()
    assert labels[0] == "1" and len(labels) <= DENSE + 1
    per_label = view.chart().plotArea().width() / len(labels)
    metrics = QFontMetrics(bottom.labelsFont())
    assert all(metrics.horizontalAdvance(text) < per_label for text in labels)


def test_a_week_keeps_one_label_per_bar(qtbot) -> None:
    view = IntakeChart()
    qtbot.addWidget(view)
    view.set_points([DayPoint(date(2026, 11, 2) + timedelta(days=i), 3, 2, 1) for i in range(5)])
    bottom, _rate = _axes(view)
    assert isinstance(bottom, QBarCategoryAxis) and bottom.categories() == ["2", "3", "4", "5", "6"]


def test_the_field_legend_is_whole_and_beside_the_pie(qtbot) -> None:
    view = FieldShareChart()
    qtbot.addWidget(view)
    view.set_rows([_Row(name, _Counts(30 - 3 * i)) for i, name in enumerate(FIELDS)])
    for width in (560, 900):
        view.resize(width, 300)
        view.show()
        qtbot.waitExposed(view)
        legend = view.legend_label
        assert all(name in legend.text() for name in FIELDS)
        assert view.rect().contains(legend.geometry())
        assert legend.height() >= legend.heightForWidth(legend.width())  # wrapped lines are not cut
        assert view.chart().plotArea().right() <= legend.x()
