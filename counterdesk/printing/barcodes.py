"""Code 128 and QR drawn as vector rectangles on the 203-dpi dot grid.

Thermal printers and cheap scanners work at 203 dpi (1 dot = 72/203 pt). A barcode only decodes
reliably when every module is a whole number of dots, so widths are k dots (k ≥ 2) and the origin
is snapped to the grid. pdfium paints each filled rectangle about one pixel wider than poppler; the
bars are therefore drawn half a dot narrower (centred), which is exact in both rasterisers
(libraries.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import barcode
import segno
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

DOT = 72.0 / 203.0  # one 203-dpi printer dot, in PDF points
BAR_REDUCTION = 0.5 * DOT  # narrower bars compensate pdfium's +1 px spread
QUIET_MODULES = 10  # Code 128 quiet zone each side
QR_BORDER = 4  # QR quiet zone, modules


def snap(value: float) -> float:
    """Nearest multiple of one dot, so rendered edges fall on pixel boundaries at 203 dpi."""
    return round(value / DOT) * DOT


def snap_down(value: float) -> float:
    """Largest dot multiple not above ``value`` (for available widths)."""
    return int(value / DOT + 1e-9) * DOT


@lru_cache(maxsize=256)
def code128_modules(data: str) -> str:
    """The module string ('1' bar, '0' space) with start, check and stop symbols, no quiet zones.

    python-barcode picks code set C for digit runs, so dossier codes stay short.
    """
    built = barcode.get("code128", data).build()
    return "".join(built)


def _fill_rects(canvas: Canvas, rects: list[tuple[float, float, float, float]]) -> None:
    """Fill black rectangles with one literal path: reportlab's per-number formatting is pure Python
    and was most of a receipt's render time; three decimals are 1/100 of a dot."""
    ops = "".join(f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re\n" for x, y, w, h in rects)
    canvas.addLiteral(f"q 0 g\n{ops}f Q")


def _runs(pattern: str) -> list[tuple[int, int]]:
    """(start, length) of each run of '1' in a module string."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(pattern + "0"):
        if ch == "1" and start < 0:
            start = i
        elif ch != "1" and start >= 0:
            runs.append((start, i - start))
            start = -1
    return runs


@dataclass(frozen=True, slots=True)
class Code128:
    """A Code 128 symbol sized in whole 203-dpi dots per module."""

    data: str
    dots_per_module: int = 2
    height: float = 28 * DOT * 2  # ≈ 7 mm

    def __post_init__(self) -> None:
        if self.dots_per_module < 2:
            raise ValueError("Code 128 modules must be at least 2 dots wide at 203 dpi")

    @property
    def modules(self) -> int:
        return len(code128_modules(self.data))

    @property
    def total_height(self) -> float:
        return snap(self.height)

    @property
    def width(self) -> float:
        """Width in points including both quiet zones."""
        return (self.modules + 2 * QUIET_MODULES) * self.dots_per_module * DOT

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the quiet zone's left edge at (x, y) (snapped to the dot grid), bars upward."""
        module = self.dots_per_module * DOT
        x0 = snap(x) + QUIET_MODULES * module
        y0 = snap(y)
        h = snap(self.height)
        _fill_rects(canvas, [(x0 + start * module + BAR_REDUCTION / 2, y0, length * module - BAR_REDUCTION, h)
                             for start, length in _runs(code128_modules(self.data))])


def fit_code128(data: str, max_width: float, height: float, max_dots: int = 3) -> Code128 | None:
    """The widest Code 128 (up to ``max_dots`` per module) that fits; None if even 2 dots is too wide."""
    for dots in range(max_dots, 1, -1):
        symbol = Code128(data, dots, height)
        if symbol.width <= max_width:
            return symbol
    return None


@lru_cache(maxsize=256)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """QR modules (True = dark), error level M exactly (segno would otherwise boost/lower it)."""
    qr = segno.make(text, error="m", boost_error=False, micro=False)
    return tuple(tuple(bool(v) for v in row) for row in qr.matrix)


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR symbol with whole-dot modules and its 4-module quiet zone."""

    text: str
    dots_per_module: int = 4

    @property
    def size(self) -> float:
        """Side in points, quiet zone included."""
        return (len(qr_matrix(self.text)) + 2 * QR_BORDER) * self.dots_per_module * DOT

    @property
    def width(self) -> float:
        return self.size

    @property
    def total_height(self) -> float:
        return self.size

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the quiet zone's bottom-left corner at (x, y), snapped to the dot grid."""
        matrix = qr_matrix(self.text)
        module = self.dots_per_module * DOT
        n = len(matrix)
        left = snap(x) + QR_BORDER * module
        top = snap(y) + (QR_BORDER + n) * module
        rects: list[tuple[float, float, float, float]] = []
        for r, row in enumerate(matrix):
            y_row = top - (r + 1) * module
            for start, length in _runs("".join("1" if v else "0" for v in row)):
                rects.append((left + start * module, y_row, length * module, module))
        _fill_rects(canvas, rects)


def fit_qr(text: str, max_side: float, max_dots: int = 5) -> QrCode:
    """The largest QR (≥ 3 dots per module, down to 2 if space is very tight) within ``max_side``."""
    for dots in range(max_dots, 1, -1):
        symbol = QrCode(text, dots)
        if symbol.size <= max_side:
            return symbol
    return QrCode(text, 2)


class SymbolFlowable(Flowable):  # type: ignore[misc]
    """A Code 128 or QR placed by platypus (e.g. in a table cell), still snapped to the page's dot grid.

    ``drawOn`` translates the canvas, so the symbol is drawn after undoing that translation, in
    absolute page coordinates where the snapping means something.
    """

    def __init__(self, symbol: Code128 | QrCode, width: float | None = None, pad: float = 0.0) -> None:
        super().__init__()
        self.symbol = symbol
        self.box_width = symbol.width if width is None else width
        self.pad = pad

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.box_width, self.symbol.total_height + 2 * self.pad

    def draw(self) -> None:
        x0, y0 = self.canv.absolutePosition(0, 0)
        self.canv.saveState()
        self.canv.translate(-x0, -y0)
        self.symbol.draw(self.canv, x0 + (self.box_width - self.symbol.width) / 2, y0 + self.pad)
        self.canv.restoreState()
