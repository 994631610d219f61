"""Charts a supervisor reads at a glance (QtCharts): intake and on-time rate over time, share by field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from counterdesk.services.reports import DayPoint, Row

BLUE, ORANGE = QColor("#2b6cb0"), QColor("#c05621")
DENSE = 12  # more bars than this and the time axis labels every few bars
RATE_TOP = 108.0  # the on-time axis ends a little above 100 % (labels stop at 100 %)
PALETTE = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#c53030", "#319795", "#718096", "#d53f8c"]


def bucket(points: Sequence[DayPoint]) -> list[tuple[str, int, int, int]]:
    """(label, received, resolved, resolved in time) per day for a month or less, per week up to
    half a year, per month beyond: labels stay short enough to read under each bar."""
    if len(points) <= 31:
        return [(f"{p.day.day}", p.received, p.resolved, p.resolved_in_time) for p in points]
    groups: dict[date, list[int]] = {}
    for p in points:
        key = p.day - timedelta(days=p.day.weekday()) if len(points) <= 183 else p.day.replace(day=1)
        acc = groups.setdefault(key, [0, 0, 0])
        acc[0] += p.received
        acc[1] += p.resolved
        acc[2] += p.resolved_in_time
    label = "%d/%m" if len(points) <= 183 else "%m/%y"
    return [(f"{k:{label}}", a[0], a[1], a[2]) for k, a in sorted(groups.items())]


def bucket_unit(points: Sequence[DayPoint]) -> str:
    if len(points) <= 31:
        return "Ngày" + (f" (tháng {points[0].day:%m/%Y})" if points and points[0].day.month == points[-1].day.month
                         else "")
    return "Tuần (bắt đầu thứ Hai)" if len(points) <= 183 else "Tháng"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    return chart


class IntakeChart(QChartView):
    """Bars: dossiers received; line (right axis): share of the dossiers resolved that were on time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.set_points([])

    def set_points(self, points: Sequence[DayPoint]) -> None:
        rows = bucket(points)
        chart = _chart("Hồ sơ tiếp nhận và tỷ lệ giải quyết đúng hạn")
        bars = QBarSet("Hồ sơ tiếp nhận")
        bars.setColor(BLUE)
        bars.setBorderColor(BLUE)
        bars.append([float(r[1]) for r in rows])
        bar_series = QBarSeries()
        bar_series.setBarWidth(0.8)
        bar_series.append(bars)
        line = QLineSeries()
        line.setName("Tỷ lệ đúng hạn (%)")
        line.setPen(QPen(ORANGE, 2.2))
        line.setPointsVisible(True)
        for i, r in enumerate(rows):
            if r[2]:
                line.append(i, 100.0 * r[3] / r[2])
        chart.addSeries(bar_series)
        chart.addSeries(line)
        axis_x = self._category_axis([r[0] for r in rows])
        axis_x.setTitleText(bucket_unit(points))
        axis_y = QValueAxis()
        axis_y.setRange(0, max([r[1] for r in rows] + [4]) * 1.1)
        axis_y.setLabelFormat("%d")
        axis_y.setTitleText("Hồ sơ")
        axis_rate = QValueAxis()
        # room above 100 %: a point at 100 % is drawn whole, not cut by the top of the plot
        axis_rate.setRange(0, RATE_TOP)
        axis_rate.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_rate.setTickAnchor(0)
        axis_rate.setTickInterval(20)
        axis_rate.setLabelFormat("%d%%")
        axis_rate.setTitleText("Đúng hạn")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_rate, Qt.AlignmentFlag.AlignRight)
        bar_series.attachAxis(axis_x)
        bar_series.attachAxis(axis_y)
        line.attachAxis(axis_x)
        line.attachAxis(axis_rate)
        self.setChart(chart)
        self.rows = rows


    @staticmethod
    def _category_axis(labels: list[str]) -> QAbstractAxis:
        """One label under each bar while they fit; beyond DENSE bars a label every few bars, placed on
        its bar, so none is elided to "…" (QBarCategoryAxis elides a label wider than its bar)."""
        if len(labels) <= DENSE:
            axis = QBarCategoryAxis()
            axis.append(labels or [""])
            return axis
        spaced = QCategoryAxis()
        spaced.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        spaced.setRange(-0.5, len(labels) - 0.5)
        step = -(-len(labels) // DENSE)
        for i in range(0, len(labels), step):
            spaced.append(labels[i], i)
        return spaced


class FieldShareChart(QChartView):
    """Share of dossiers received (carried over + new) per field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("pieLegend")
        self.legend_label.setWordWrap(True)
        self.legend_label.setStyleSheet("background: transparent;")
        self.set_rows([])

    def set_rows(self, rows: Sequence[Row]) -> None:
        chart = _chart("Cơ cấu hồ sơ theo lĩnh vực")
        series = QPieSeries()
        series.setPieSize(0.85)
        series.setHoleSize(0.35)
        ordered = sorted((r for r in rows if r.counts.received), key=lambda r: -r.counts.received)
        total = sum(r.counts.received for r in ordered)
        for i, r in enumerate(ordered):
            slice_ = series.append(f"{r.label} ({r.counts.received})", r.counts.received)
            slice_.setColor(QColor(PALETTE[i % len(PALETTE)]))
            slice_.setLabel(f"{r.label}: {100 * r.counts.received / total:.0f}%")
            slice_.setLabelVisible(False)  # the legend carries name and share; outside labels get clipped
        chart.addSeries(series)
        # Qt's legend elides long names ("Hoạt động xây dự…") and does not wrap: a plain label on
        # the right lists every field in full (wrapping when the view is narrow), the pie takes the rest
        chart.legend().setVisible(False)
        self.legend_label.setText("<br>".join(
            f'<span style="color:{PALETTE[i % len(PALETTE)]}">■</span> {escape(s.label())}'
            for i, s in enumerate(series.slices())))
        self.setChart(chart)
        self.slices = len(ordered)
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """The legend at its natural width (at most half the view), centred on the right."""
        label = self.legend_label
        label.setVisible(bool(label.text()))
        width = min(label.sizeHint().width(), self.width() // 2)
        height = min(label.heightForWidth(width) if label.hasHeightForWidth() else label.sizeHint().height(),
                     self.height() - 8)
        label.setGeometry(self.width() - width - 12, max(4, (self.height() - height) // 2), width, height)
        self.chart().setMargins(QMargins(4, 4, (width + 16) if label.text() else 4, 4))
