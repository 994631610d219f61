"""The shared scaling rule of the unattended screens."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counterdesk.ui.common.scaling import MIN_SCALE, Scaler, fit_scale, scale_css


@pytest.mark.parametrize(("size", "expected"), [
    ((1920, 1080), 1.0), ((1280, 720), 1280 / 1920), ((1366, 768), 1366 / 1920),
    ((1080, 1920), 1.0),  # portrait is compared with the design turned on its side
    ((100, 100), MIN_SCALE),
])
def test_fit_scale(size, expected) -> None:
    assert fit_scale(*size, (1920, 1080)) == pytest.approx(expected, abs=0.001)


def test_zoom_multiplies_and_css_scales_every_px() -> None:
    assert fit_scale(1920, 1080, (1920, 1080), zoom=1.3) == pytest.approx(1.3)
    assert scale_css("font-size: 40px; padding: 8px 14px; border: 2px", 0.5) == "font-size: 20px; padding: 4px 7px; border: 1px"
    assert scale_css("<div style='font-size:80px'>A001</div>", 1.5) == "<div style='font-size:120px'>A001</div>"


def test_scaler_reapplies_styles_sizes_and_layouts(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    scaler = Scaler((1920, 1080), host)
    layout = scaler.layout(QVBoxLayout(host), (40, 20, 40, 20), 10)
    label = scaler.css(QLabel("Số"), "font-size: 60px;")
    scaler.minimum(label, 200, 100)
    scaler.maximum_height(label, 300)
    assert scaler.fit(960, 540) and scaler.scale == pytest.approx(0.5)
    assert label.styleSheet() == "font-size: 30px;"
    assert (label.minimumWidth(), label.minimumHeight(), label.maximumHeight()) == (100, 50, 150)
    assert layout.contentsMargins().left() == 20 and layout.spacing() == 5
    assert not scaler.fit(960, 540)  # nothing changed, nothing redone
