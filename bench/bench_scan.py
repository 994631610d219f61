"""Scan to stored PDF per A4 page at 200 dpi vs writing the same bytes durably (DESIGN §8).

Measured: ``scans.process.process`` on a greyscale A4 page as the scanner hands it over (PNG,
200 dpi) — decode, deskew (projection profile), crop to the paper, threshold (text) or JPEG
(identity papers), PDF — then ``FileStore.put``
(temporary file, fsync, rename, folder fsync). Floor: writing the resulting PDF bytes to a file
with fsync, the least any durable store must do. The scanner's own time is not counted.
Target ≤ 0.5 s a page. Run: ``python -m bench.bench_scan``.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_S = 0.5
ROUNDS = 5
_COUNTER = itertools.count()  # a new floor file each round


def _median(fn: Any) -> float:
    fn()
    samples = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def run() -> list[dict[str, Any]]:
    from counterdesk.scans.process import process
    from counterdesk.store.files import FileStore
    from tests.helpers.scans import on_bed, photo, text_page

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = FileStore(root / "att")
        crooked = on_bed(text_page(), angle=-2.5, size=(1900, 2600))
        card = on_bed(photo(), angle=3.0, size=(1654, 2339))
        for label, page, document in (("crooked text page on the bed → straight, cropped B/W G4", crooked,
                                       "Tờ khai đăng ký khai sinh"),
                                      ("ID card on an A4 bed → straight, cropped greyscale", card, "Căn cước công dân"),
                                      ("text page → B/W G4", text_page(), "Tờ khai đăng ký khai sinh"),
                                      ("full page → greyscale JPEG", text_page(), "Hộ chiếu"),
                                      ("ID card → greyscale JPEG", photo(), "Căn cước công dân")):
            pdf = process([("p.png", page)], document).pdf

            def measured(page: bytes = page, document: str = document) -> None:
                stored = process([("p.png", page)], document)
                files.path_of(files.put(stored.pdf).sha256).unlink()  # a new file each round

            def floor(pdf: bytes = pdf) -> None:
                path = root / f"floor-{next(_COUNTER)}.pdf"
                with path.open("wb") as fh:
                    fh.write(pdf)
                    fh.flush()
                    os.fsync(fh.fileno())

            value, low = _median(measured), _median(floor)
            rows.append({"name": f"scan to stored PDF, A4 200 dpi, {label} ({len(pdf) // 1024} KB)",
                         "value": round(value, 3), "unit": "s", "floor": round(low, 4),
                         "ratio": round(value / low, 1), "target": f"≤ {TARGET_S:g} s"})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<95} {row['value']:>7} {row['unit']}  floor {row['floor']} {row['unit']}  "
              f"{row['ratio']}×  {row['target']}")
