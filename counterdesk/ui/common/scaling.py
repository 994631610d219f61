"""Type and touch targets that follow the screen: one home for the unattended windows' scaling.

The dispenser, kiosk and lobby display are drawn for one design screen and shown on whatever
the office has (720p TVs, 1366×768 touch screens, 1080p, portrait kiosks). Every ``NNpx`` in a
registered style sheet, every registered minimum size and every layout margin is multiplied by
the window's scale, so the whole layout fits instead of pushing the number off the screen.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLayout, QWidget

_PX = re.compile(r"(\d+(?:\.\d+)?)px")
MIN_SCALE = 0.35


def scale_css(css: str, scale: float) -> str:
    """``css`` (a style sheet or rich text) with every ``NNpx`` multiplied by ``scale``."""
    return _PX.sub(lambda m: f"{max(1, round(float(m.group(1)) * scale))}px", css)


def fit_scale(width: int, height: int, design: tuple[int, int], zoom: float = 1.0) -> float:
    """The scale at which a layout drawn for ``design`` fits ``width``×``height``.

    A portrait screen is compared with the design turned on its side.
    """
    dw, dh = design
    if height > width:
        dw, dh = min(dw, dh), max(dw, dh)
    else:
        dw, dh = max(dw, dh), min(dw, dh)
    return max(MIN_SCALE, min(width / dw, height / dh)) * zoom


class Scaler(QObject):
    """Remembers the design values of widgets and layouts and re-applies them at a new scale."""

    def __init__(self, design: tuple[int, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.design = design
        self.scale = 1.0
        self.zoom = 1.0
        self._css: list[tuple[QWidget, str]] = []
        self._min: list[tuple[QWidget, int, int]] = []
        self._max_height: list[tuple[QWidget, int]] = []
        self._layouts: list[tuple[QLayout, tuple[int, int, int, int], int]] = []

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale))

    def css(self, widget: QWidget, css: str) -> QWidget:
        """Give ``widget`` ``css`` now and at every later scale."""
        self._css = [(w, c) for w, c in self._css if w is not widget]
        self._css.append((widget, css))
        widget.setStyleSheet(scale_css(css, self.scale))
        return widget

    def minimum(self, widget: QWidget, width: int, height: int) -> QWidget:
        self._min.append((widget, width, height))
        widget.setMinimumSize(self.px(width), self.px(height))
        return widget

    def maximum_height(self, widget: QWidget, height: int) -> QWidget:
        """A touch target that stops growing on a tall (portrait) screen."""
        self._max_height.append((widget, height))
        widget.setMaximumHeight(self.px(height))
        return widget

    def layout(self, layout: QLayout, margins: tuple[int, int, int, int], spacing: int) -> QLayout:
        self._layouts.append((layout, margins, spacing))
        self._apply_layout(layout, margins, spacing)
        return layout

    def forget(self, widget: QWidget) -> None:
        """Drop a widget that is being deleted."""
        self._css = [(w, c) for w, c in self._css if w is not widget]
        self._min = [m for m in self._min if m[0] is not widget]
        self._max_height = [m for m in self._max_height if m[0] is not widget]

    def fit(self, width: int, height: int) -> bool:
        """Rescale for a window of ``width``×``height``; True when anything changed."""
        scale = fit_scale(width, height, self.design, self.zoom)
        if abs(scale - self.scale) < 0.005:
            return False
        self.scale = scale
        for widget, css in self._css:
            widget.setStyleSheet(scale_css(css, scale))
        for widget, w, h in self._min:
            widget.setMinimumSize(self.px(w), self.px(h))
        for widget, h in self._max_height:
            widget.setMaximumHeight(self.px(h))
        for layout, margins, spacing in self._layouts:
            self._apply_layout(layout, margins, spacing)
        return True

    def _apply_layout(self, layout: QLayout, margins: tuple[int, int, int, int], spacing: int) -> None:
        layout.setContentsMargins(*(round(v * self.scale) for v in margins))
        if isinstance(layout, QGridLayout):
            layout.setHorizontalSpacing(round(spacing * self.scale))
            layout.setVerticalSpacing(round(spacing * self.scale))
        elif isinstance(layout, QBoxLayout):
            layout.setSpacing(round(spacing * self.scale))
