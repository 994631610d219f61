"""Images and PDFs → one PDF per component. A plain function: callers run it off the GUI thread.

Images (PNG, JPEG, TIFF, multi-page) are brought to 200 dpi at most and converted per document
type: identity papers and photos stay greyscale (JPEG inside the PDF), text pages become black
and white (CCITT G4, lossless and ~40 KB an A4 page). A single PDF is kept byte for byte after
pypdf has read every page; several inputs are joined in the given order. Anything else (not an
image nor a PDF, truncated, empty) is refused with a Vietnamese InvalidInput before anything is
stored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageSequence, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.text import fold

TARGET_DPI = 200
GREY_QUALITIES = (75, 55, 40)
PAGE_BUDGET = 150 * 1024  # bytes a page (DESIGN §8), reached by lowering the JPEG quality
MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_PAGES = 500
# Papers whose photo or security print matters: kept in greyscale, everything else is text.
_GREY_WORDS = ("can cuoc", "chung minh", "ho chieu", "dinh danh", "anh ")
Image.MAX_IMAGE_PIXELS = 20000 * 20000  # an A0 sheet at 600 dpi; bigger is a decompression bomb


@dataclass(frozen=True)
class Processed:
    pdf: bytes
    pages: int


def colour_mode(document_name: str) -> str:
    """'grey' for identity papers and photos, 'bw' for text pages."""
    key = f"{fold(document_name)} "
    return "grey" if any(word in key for word in _GREY_WORDS) else "bw"


def _otsu(img: Image.Image) -> int:
    hist = img.histogram()[:256]
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t, w_b, sum_b = -1.0, 128, 0, 0
    for t in range(256):
        w_b += hist[t]
        if w_b == 0:
            continue
        w_f = total - w_b
        if w_f == 0:
            break
        sum_b += t * hist[t]
        m_b, m_f = sum_b / w_b, (sum_all - sum_b) / w_f
        between = w_b * w_f * (m_b - m_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def _page_pdf(frame: Image.Image, mode: str) -> bytes:
    dpi = frame.info.get("dpi", (TARGET_DPI, TARGET_DPI))
    try:
        x_dpi = float(dpi[0]) or TARGET_DPI
    except (TypeError, ValueError, IndexError):
        x_dpi = TARGET_DPI
    img = frame.convert("L")
    if x_dpi > TARGET_DPI * 1.05:
        scale = TARGET_DPI / x_dpi
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.LANCZOS)
        x_dpi = TARGET_DPI
    out = io.BytesIO()
    if mode == "bw":
        threshold = _otsu(img)
        img.point(lambda v: 255 if v > threshold else 0, "1").save(out, "PDF", resolution=x_dpi)
        return out.getvalue()
    for quality in GREY_QUALITIES:  # the first quality that keeps the page within its budget
        out = io.BytesIO()
        img.save(out, "PDF", resolution=x_dpi, quality=quality)
        if out.tell() <= PAGE_BUDGET:
            break
    return out.getvalue()


def _image_pages(name: str, data: bytes, mode: str) -> list[bytes]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ("PNG", "JPEG", "TIFF", "MPO", "BMP"):
            raise InvalidInput(f"Tệp {name} không phải ảnh PNG/JPEG/TIFF hay PDF.")
        pages = [_page_pdf(frame, mode) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput(f"Tệp {name} không phải ảnh hay PDF đọc được (hỏng hoặc sai định dạng).") from exc
    if len(pages) > MAX_PAGES:
        raise InvalidInput(f"Tệp {name} có quá {MAX_PAGES} trang.")
    return pages


def _check_pdf(name: str, data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InvalidInput(f"Tệp {name} là PDF có mật khẩu; hãy lưu bản không khoá.")
        count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page object proves the file is whole
            page.get_contents()
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InvalidInput(f"Tệp {name} là PDF hỏng, không đọc được.") from exc
    if count == 0:
        raise InvalidInput(f"Tệp {name} là PDF không có trang nào.")
    if count > MAX_PAGES:
        raise InvalidInput(f"Tệp {name} có quá {MAX_PAGES} trang.")
    return count


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def process(sources: list[tuple[str, bytes]], document_name: str) -> Processed:
    """One PDF from ``sources`` (display name, bytes), pages in order."""
    if not sources:
        raise InvalidInput("Chưa có tệp hay trang quét nào.")
    mode = colour_mode(document_name)
    parts: list[tuple[bytes, int]] = []
    for name, data in sources:
        if not data:
            raise InvalidInput(f"Tệp {name} rỗng.")
        if len(data) > MAX_INPUT_BYTES:
            raise InvalidInput(f"Tệp {name} lớn quá {MAX_INPUT_BYTES // (1024 * 1024)} MB.")
        if is_pdf(data):
            parts.append((data, _check_pdf(name, data)))
        else:
            parts.extend((page, 1) for page in _image_pages(name, data, mode))
    if len(parts) == 1 and is_pdf(sources[0][1]):
        return Processed(parts[0][0], parts[0][1])  # a PDF on its own passes through unchanged
    if len(parts) == 1:
        return Processed(parts[0][0], 1)
    writer = PdfWriter()
    for data, _ in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    total = sum(n for _, n in parts)
    if total > MAX_PAGES:
        raise InvalidInput(f"Thành phần hồ sơ có quá {MAX_PAGES} trang.")
    return Processed(out.getvalue(), total)
