"""PDF page → PIL image via pdfium, for previews (Qt layer) and the barcode decode tests.

pdfium renders onto a transparent bitmap unless told otherwise; forms must be judged as printed,
so the page is composited on white and returned as RGB (or 1-bit/greyscale on request).
"""

from __future__ import annotations

from typing import Literal

import pypdfium2 as pdfium
from PIL import Image


def page_count(pdf: bytes) -> int:
    """Number of pages of a PDF held in memory."""
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def rasterise(
    pdf: bytes, page: int = 0, dpi: float = 203.0, mode: Literal["RGB", "L", "1"] = "RGB"
) -> Image.Image:
    """Render one page (0-based) at ``dpi`` on a white background."""
    document = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(document):
            raise IndexError(f"page {page} out of range (document has {len(document)})")
        bitmap = document[page].render(scale=dpi / 72.0, fill_color=(255, 255, 255, 255))
        image: Image.Image = bitmap.to_pil()
    finally:
        document.close()
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.convert("RGBA").split()[-1])
        image = background
    else:
        image = image.convert("RGB")
    if mode == "RGB":
        return image
    grey: Image.Image = image.convert("L")
    if mode == "L":
        return grey
    binary: Image.Image = grey.point(lambda v: 255 if v >= 128 else 0, mode="1")
    return binary
