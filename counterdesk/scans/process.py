"""Images and PDFs → one PDF per component. A plain function: callers run it off the GUI thread.

Images (PNG, JPEG, TIFF, multi-page) are brought to 200 dpi at most, straightened (deskew), cut
to the paper (the scanner bed's margins) and converted per document type (the table is
domain/scan_profiles.py): identity papers and photos stay greyscale and maps colour (JPEG inside
the PDF; a JPEG that needs no change is embedded as it is, no second lossy encoding), text pages
become black and white (CCITT G4, lossless and ~40 KB an A4 page). A single PDF is kept byte for byte after
pypdf has read every page; several inputs are joined in the given order. Anything else (not an
image nor a PDF, truncated, empty) is refused with a Vietnamese InvalidInput before anything is
stored.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageSequence, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.scan_profiles import BW, COLOUR, GREY, ScanProfile, profile_for
from counterdesk.scans import imaging

TARGET_DPI = 200
GREY_QUALITIES = (75, 55, 40)
PAGE_BUDGET = 150 * 1024  # bytes a page (DESIGN §8), reached by lowering the JPEG quality
MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_PAGES = 500
Image.MAX_IMAGE_PIXELS = 20000 * 20000  # an A0 sheet at 600 dpi; bigger is a decompression bomb


@dataclass(frozen=True)
class Processed:
    pdf: bytes
    pages: int


def colour_mode(document_name: str) -> str:
    """'grey' for identity papers and photos, 'colour' for maps and drawings, 'bw' for text pages
    (the table is domain/scan_profiles.py)."""
    return profile_for(document_name).mode


def _dpi(frame: Image.Image) -> float:
    dpi = frame.info.get("dpi", (TARGET_DPI, TARGET_DPI))
    try:
        return float(dpi[0]) or TARGET_DPI
    except (TypeError, ValueError, IndexError):
        return TARGET_DPI


def _jpeg_pdf(data: bytes, width: int, height: int, dpi: float, space: str) -> bytes:
    """A one-page PDF around the JPEG bytes as they are (DCTDecode): no second lossy encoding."""
    w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
    content = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
         "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>").encode(),
        (f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /{space} "
         f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _passthrough(frame: Image.Image, raw: bytes, mode: str) -> bytes | None:
    """The source JPEG kept as it is when nothing needs changing (already ≤ 200 dpi, the right
    colour, upright, within budget); None otherwise."""
    wanted = {GREY: "L", COLOUR: "RGB"}.get(mode)
    if (frame.format != "JPEG" or frame.mode != wanted or len(raw) > PAGE_BUDGET
            or _dpi(frame) > TARGET_DPI * 1.05 or frame.getexif().get(0x0112, 1) != 1):
        return None
    return _jpeg_pdf(raw, frame.width, frame.height, _dpi(frame), "DeviceGray" if wanted == "L" else "DeviceRGB")


def clean_page(frame: Image.Image, profile: ScanProfile) -> tuple[Image.Image, float, bool]:
    """The page brought to 200 dpi at most, straightened and cut to the paper, in its profile's
    colours ("1", "L" or "RGB"); with the skew angle found and whether it was cropped."""
    x_dpi = _dpi(frame)
    img = frame.convert("RGB" if profile.mode == COLOUR else "L")
    if x_dpi > TARGET_DPI * 1.05:
        scale = TARGET_DPI / x_dpi
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.LANCZOS)
        x_dpi = TARGET_DPI
    angle, cropped = 0.0, False
    if profile.deskew or profile.crop:
        grey = img if img.mode == "L" else img.convert("L")
        fill = imaging.bed_level(grey)
        box = imaging.paper_box(grey, share=0.05) if profile.crop else None
        whole = grey
        if box is not None:  # the tilted paper's bounding box first (with room): less to turn, less to search
            pad = round(0.02 * max(grey.size))
            box = (max(0, box[0] - pad), max(0, box[1] - pad), min(grey.width, box[2] + pad), min(grey.height, box[3] + pad))
            img, cropped = img.crop(box), True
            grey = grey.crop(box)
        if profile.deskew:  # the paper's edges when a bed shows them, else the text lines
            angle = imaging.edge_angle(whole) if box is not None else 0.0
            if not angle:
                angle = imaging.skew_angle(grey)
            if abs(angle) >= imaging.MIN_SKEW:
                img = imaging.straighten(img, angle, fill if img.mode == "L" else (fill, fill, fill),
                                         smooth=profile.mode != BW)
                grey = img if img.mode == "L" else img.convert("L")
            else:
                angle = 0.0
        tight = imaging.paper_box(grey, share=0.8, whole=1.0, bed=fill) if box is not None else None
        if tight is not None:  # the bed's wedges the turn leaves, and a hair more (the estimate's step)
            edge = max(2, round(min(tight[2] - tight[0], tight[3] - tight[1]) * 0.006))
            img = img.crop((tight[0] + edge, tight[1] + edge, tight[2] - edge, tight[3] - edge))
    if profile.mode == BW:
        img = imaging.to_black_white(img)
    img.info["dpi"] = (x_dpi, x_dpi)
    return img, angle, cropped


@dataclass(frozen=True)
class CleanedPage:
    """One page as it will be stored, for a preview: PNG bytes and what was done to it."""

    png: bytes
    width: int
    height: int
    mode: str  # colour|grey|bw
    angle: float  # degrees straightened (0.0: left as it was)
    cropped: bool  # the scanner bed was cut off


def preview(data: bytes, document_name: str) -> CleanedPage:
    """The first page of an image (bytes) cleaned as ``process`` would clean it, as PNG; plain data
    for the capture panel (run it off the GUI thread). A PDF or a bad file is an InvalidInput."""
    if not data or is_pdf(data):
        raise InvalidInput("Chỉ xem trước được trang ảnh quét (PNG/JPEG/TIFF).")
    profile = profile_for(document_name)
    try:
        with Image.open(io.BytesIO(data)) as image:
            img, angle, cropped = clean_page(image, profile)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput("Ảnh quét hỏng hoặc sai định dạng.") from exc
    out = io.BytesIO()
    img.save(out, "PNG", dpi=img.info["dpi"])
    return CleanedPage(out.getvalue(), img.width, img.height, profile.mode, angle, cropped)


def _page_pdf(frame: Image.Image, profile: ScanProfile, raw: bytes | None = None) -> bytes:
    img, angle, cropped = clean_page(frame, profile)
    if raw is not None and profile.mode != BW and not angle and not cropped and frame.format == "JPEG":
        kept = _passthrough(frame, raw, profile.mode)
        if kept is not None:
            return kept
    dpi = img.info["dpi"][0]
    out = io.BytesIO()
    if img.mode == "1":
        img.save(out, "PDF", resolution=dpi)
        return out.getvalue()
    for quality in GREY_QUALITIES:  # the first quality that keeps the page within its budget
        out = io.BytesIO()
        img.save(out, "PDF", resolution=dpi, quality=quality)
        if out.tell() <= PAGE_BUDGET:
            break
    return out.getvalue()


@contextmanager
def opened_image(name: str, data: bytes) -> Iterator[Image.Image]:
    """An image file checked whole (``verify``), then opened for reading; a damaged or foreign file,
    here or while the caller reads it, is refused in Vietnamese."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ("PNG", "JPEG", "TIFF", "MPO", "BMP"):
            raise InvalidInput(f"Tệp {name} không phải ảnh PNG/JPEG/TIFF hay PDF.")
        yield image
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput(f"Tệp {name} không phải ảnh hay PDF đọc được (hỏng hoặc sai định dạng).") from exc


def _image_pages(name: str, data: bytes, profile: ScanProfile) -> list[bytes]:
    with opened_image(name, data) as image:
        frames = list(ImageSequence.Iterator(image)) if getattr(image, "n_frames", 1) > 1 else [image]
        single = data if len(frames) == 1 else None
        pages = [_page_pdf(frame, profile, single) for frame in frames]
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
    profile = profile_for(document_name)
    parts: list[tuple[bytes, int]] = []
    for name, data in sources:
        if not data:
            raise InvalidInput(f"Tệp {name} rỗng.")
        if len(data) > MAX_INPUT_BYTES:
            raise InvalidInput(f"Tệp {name} lớn quá {MAX_INPUT_BYTES // (1024 * 1024)} MB.")
        if is_pdf(data):
            parts.append((data, _check_pdf(name, data)))
        else:
            parts.extend((page, 1) for page in _image_pages(name, data, profile))
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
