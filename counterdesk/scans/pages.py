"""Pages being captured at the counter, before they become one PDF: split, thumbnail, rotate.

The capture screen lets the clerk reorder, rotate and delete single pages, so every source (a
scanned sheet, a dropped photo, a multi-page TIFF or PDF) is first split into pages here. Image
pages stay as image bytes (a TIFF frame becomes a PNG keeping its dpi); a PDF page becomes a
one-page PDF, so a born-digital PDF is never rasterised. ``prepare`` applies the rotations and
hands (name, bytes) in page order to scans/process.py. Plain functions: run them off the GUI thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from PIL import Image, ImageSequence
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from counterdesk.domain.errors import InvalidInput
from counterdesk.scans.process import MAX_INPUT_BYTES, MAX_PAGES, is_pdf, opened_image

IMAGE, PDF = "image", "pdf"
THUMB_WIDTH = 150
PREVIEW_WIDTH = 700


@dataclass(frozen=True)
class Page:
    name: str
    data: bytes
    kind: str  # image|pdf
    rotation: int = 0  # degrees clockwise, 0/90/180/270

    def rotated(self, degrees: int = 90) -> Page:
        return replace(self, rotation=(self.rotation + degrees) % 360)


def _pdf_pages(name: str, data: bytes) -> list[Page]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InvalidInput(f"Tệp {name} là PDF có mật khẩu; hãy lưu bản không khoá.")
        pages = []
        for i, page in enumerate(reader.pages, start=1):
            writer = PdfWriter()
            writer.add_page(page)
            out = io.BytesIO()
            writer.write(out)
            pages.append(Page(f"{name} (trang {i})", out.getvalue(), PDF))
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InvalidInput(f"Tệp {name} là PDF hỏng, không đọc được.") from exc
    return pages


def _png(frame: Image.Image, dpi: object) -> bytes:
    out = io.BytesIO()
    image = frame if frame.mode in ("1", "L", "RGB") else frame.convert("RGB")
    image.save(out, "PNG", dpi=dpi, compress_level=1)
    return out.getvalue()


def _image_pages(name: str, data: bytes) -> list[Page]:
    with opened_image(name, data) as image:
        if getattr(image, "n_frames", 1) <= 1:
            image.load()
            return [Page(name, data, IMAGE)]
        dpi = image.info.get("dpi", (200, 200))
        return [Page(f"{name} (trang {i})", _png(frame, dpi), IMAGE)
                for i, frame in enumerate(ImageSequence.Iterator(image), start=1)]


def split(name: str, data: bytes) -> list[Page]:
    """The pages of one file or scanned sheet; a bad file is refused in Vietnamese."""
    if not data:
        raise InvalidInput(f"Tệp {name} rỗng.")
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidInput(f"Tệp {name} lớn quá {MAX_INPUT_BYTES // (1024 * 1024)} MB.")
    pages = _pdf_pages(name, data) if is_pdf(data) else _image_pages(name, data)
    if not pages:
        raise InvalidInput(f"Tệp {name} không có trang nào.")
    if len(pages) > MAX_PAGES:
        raise InvalidInput(f"Tệp {name} có quá {MAX_PAGES} trang.")
    return pages


def thumbnail(page: Page, width: int = THUMB_WIDTH) -> bytes | None:
    """A small PNG of an image page, rotated as shown; None for a PDF page (the screen renders it)."""
    if page.kind != IMAGE:
        return None
    with Image.open(io.BytesIO(page.data)) as image:
        small = image.convert("L") if image.mode not in ("L", "RGB") else image.copy()
    small.thumbnail((width, width * 2))
    if page.rotation:
        small = small.rotate(-page.rotation, expand=True)
    out = io.BytesIO()
    small.save(out, "PNG")
    return out.getvalue()


def _rotate_image(page: Page) -> bytes:
    with Image.open(io.BytesIO(page.data)) as image:
        dpi = image.info.get("dpi", (200, 200))
        turned = image.rotate(-page.rotation, expand=True)
    return _png(turned, (dpi[1], dpi[0]) if page.rotation in (90, 270) else dpi)


def _rotate_pdf(page: Page) -> bytes:
    reader = PdfReader(io.BytesIO(page.data), strict=False)
    writer = PdfWriter()
    for p in reader.pages:
        writer.add_page(p).rotate(page.rotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def prepare(pages: list[Page]) -> list[tuple[str, bytes]]:
    """(name, bytes) in page order with every rotation applied, for scans/process.py."""
    if not pages:
        raise InvalidInput("Chưa có trang nào để lưu.")
    sources = []
    for page in pages:
        if not page.rotation:
            sources.append((page.name, page.data))
        elif page.kind == IMAGE:
            sources.append((page.name, _rotate_image(page)))
        else:
            sources.append((page.name, _rotate_pdf(page)))
    return sources
