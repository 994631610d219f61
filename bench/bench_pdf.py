"""Receipt PDF render time against the floor of an empty one-page PDF with the same embedded fonts.

The floor is what reportlab cannot avoid for any form: a canvas, the three serif faces subset and
embedded, one page, compressed and serialised. The receipt's share of the 150 ms "intake save +
receipt" budget is held to 100 ms, leaving the rest to the database transaction.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from counterdesk.printing import samples
from counterdesk.printing.control_sheet import render_control_sheet
from counterdesk.printing.fonts import SERIF, register_fonts
from counterdesk.printing.layout import A5_SHEET, BOLD, ITALIC
from counterdesk.printing.receipt import render_receipt
from counterdesk.printing.supplement import render_supplement

RUNS = 31


def _empty_pdf() -> bytes:
    """One A5 page that embeds the same faces (a glyph each) and nothing else."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5_SHEET.pagesize, invariant=1, pageCompression=1)
    for y, face in enumerate((SERIF, BOLD, ITALIC)):
        canvas.setFont(face, 10)
        canvas.drawString(40, 500 - 20 * y, "Ạ")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _median_ms(fn: Callable[[], bytes], runs: int = RUNS) -> float:
    fn()  # warm: font registration, style caches, imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> list[dict[str, object]]:
    register_fonts()
    floor = _median_ms(_empty_pdf)
    typical, worst = samples.receipt(), samples.worst_receipt()
    supplement, control = samples.supplement(), samples.control_sheet()
    rows: list[tuple[str, float, str]] = [
        ("receipt PDF (Mẫu 01, 2 copies), median", _median_ms(lambda: render_receipt(typical)), "≤ 100 ms"),
        ("receipt PDF worst case (10 docs, long text)", _median_ms(lambda: render_receipt(worst)), "≤ 150 ms"),
        ("supplement request PDF (Mẫu 02)", _median_ms(lambda: render_supplement(supplement)), "≤ 100 ms"),
        ("control sheet PDF (Mẫu 06, A4)", _median_ms(lambda: render_control_sheet(control)), "≤ 100 ms"),
    ]
    return [{"name": name, "value": value, "unit": "ms", "floor": floor, "ratio": value / floor, "target": target}
            for name, value, target in rows]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<46} {row['value']:8.2f} ms  floor {row['floor']:6.2f} ms  "
              f"×{row['ratio']:.1f}  {row['target']}")
