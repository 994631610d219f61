"""Bars are whole 203-dpi dots (≥ 2) and sit on the dot grid; QR is level M."""

from __future__ import annotations

import io

import pytest
import segno
import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from counterdesk.printing.barcodes import (
    DOT,
    QR_BORDER,
    QUIET_MODULES,
    Code128,
    QrCode,
    fit_code128,
    fit_qr,
    snap,
)
from counterdesk.printing.rasterise import rasterise


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 200))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_code128_refuses_one_dot_modules() -> None:
    with pytest.raises(ValueError):
        Code128("ABC", dots_per_module=1)


def test_code128_width_is_whole_dots_and_fit_picks_widest() -> None:
    code = "000.00.23.H12-261120-0001"
    symbol = Code128(code, 2)
    assert symbol.modules == 288  # libraries.md §3
    assert symbol.width == pytest.approx((288 + 2 * QUIET_MODULES) * 2 * DOT)
    assert fit_code128(code, 1000, 20).dots_per_module == 3  # type: ignore[union-attr]
    assert fit_code128(code, symbol.width, 20).dots_per_module == 2  # type: ignore[union-attr]
    assert fit_code128(code, symbol.width - 1, 20) is None


def test_snap_is_on_grid() -> None:
    for value in (0.0, 1.3, 57.77, 300.01):
        assert round(snap(value) / DOT, 9) == round(snap(value) / DOT)


@pytest.mark.parametrize("x", [10.0, 10.17, 11.3])
def test_code128_bar_runs_are_exact_multiples_off_grid_origin(x: float) -> None:
    """At 203 dpi each bar is exactly k*module pixels even when asked to start between dots."""
    data = "H15.50.05.13-261008-0975"
    symbol = Code128(data, 2, height=40)
    pdf = _pdf(lambda c: symbol.draw(c, x, 20))
    image = rasterise(pdf, 0, 203, "L")
    row_y = image.height - int((20 + 20) / DOT)
    row = [image.getpixel((i, row_y)) < 128 for i in range(image.width)]
    runs: list[int] = []
    current, length = row[0], 0
    for dark in row:
        if dark == current:
            length += 1
        else:
            runs.append(length)
            current, length = dark, 1
    # Drop the leading and trailing white margins; every other run is a whole number of modules.
    inner = runs[1:]
    assert all(r % 2 == 0 for r in inner), inner
    assert zxingcpp.read_barcodes(image)[0].text == data


def test_qr_is_level_m_and_decodes() -> None:
    text = "CD1|000.00.23.H12-261120-0001|2JOUAFJREG5E3LQI"
    assert segno.make(text, error="m", boost_error=False).error == "M"
    symbol = fit_qr(text, 200)
    assert symbol.dots_per_module == 5
    n = len(segno.make(text, error="m", boost_error=False).matrix)
    assert symbol.size == pytest.approx((n + 2 * QR_BORDER) * 5 * DOT)
    pdf = _pdf(lambda c: QrCode(text, 3).draw(c, 20.4, 20.2))
    results = zxingcpp.read_barcodes(rasterise(pdf, 0, 203))
    assert [r.text for r in results] == [text]
    assert results[0].format.name == "QRCode"


def test_fit_qr_shrinks_to_space() -> None:
    text = "CD1|X"
    assert fit_qr(text, QrCode(text, 3).size).dots_per_module == 3
    assert fit_qr(text, 1).dots_per_module == 2
