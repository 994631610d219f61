"""A slip in the printers' own terms: ESC/POS bytes for a thermal printer, an 80 mm PDF for the rest."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from PIL import Image

from counterdesk.domain.clock import to_vn
from counterdesk.printing.ticket_image import DOTS, INVERT, TicketSlip, packed_slip, render_image

PROFILE = "TM-T20II"  # an 80 mm / 576-dot profile of python-escpos' capabilities database


@cache
def _cut() -> bytes:
    """Feed and full cut, as python-escpos sends them for the 80 mm profile."""
    from escpos.printer import Dummy

    dev = Dummy(profile=PROFILE)
    dev.cut()
    return bytes(dev.output)


def _raster_parts(rows: bytes, width: int, height: int, fragment_height: int = 960) -> list[bytes]:
    row_bytes = width // 8
    parts: list[bytes] = []
    for top in range(0, height, fragment_height):
        part = min(fragment_height, height - top)
        parts.append(b"\x1dv0\x00" + row_bytes.to_bytes(2, "little") + part.to_bytes(2, "little"))
        parts.append(rows if part == height else rows[top * row_bytes:(top + part) * row_bytes])
    return parts


def raster(image: Image.Image, fragment_height: int = 960) -> bytes:
    """``GS v 0`` raster commands for a 1-bit image, byte for byte what python-escpos' image()
    sends (tests compare both), without its per-pixel Python loop (~15 ms a slip)."""
    assert image.mode == "1" and image.width % 8 == 0
    return b"".join(_raster_parts(image.tobytes().translate(INVERT), image.width, image.height, fragment_height))


def escpos_bytes(slip: TicketSlip, image: Image.Image | None = None) -> bytes:
    """The exact bytes sent to a thermal printer: reset (ESC @), raster image, feed and cut."""
    if image is not None:
        return b"\x1b@" + raster(image) + _cut()
    packed = packed_slip(slip, DOTS)
    return b"".join([b"\x1b@", *_raster_parts(packed.rows, DOTS, packed.height), _cut()])


def pdf_bytes(slip: TicketSlip, image: Image.Image | None = None) -> bytes:
    """An 80 mm wide PDF page holding the same slip, for a system (driver) printer."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = image or render_image(slip)
    draw_w = 72 * mm
    draw_h = draw_w * img.height / img.width
    page_h = draw_h + 8 * mm
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(80 * mm, page_h), invariant=True)
    pdf.setTitle(f"Phiếu số thứ tự {slip.number}")
    pdf.drawImage(ImageReader(img.convert("L")), 4 * mm, 4 * mm, width=draw_w, height=draw_h)
    _hidden_text(pdf, slip, 4 * mm, page_h - 8 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _hidden_text(pdf: Any, slip: TicketSlip, x: float, top: float) -> None:
    """The slip's words as invisible text over the image, so a PDF slip can be searched and its
    content checked (the printed look is the image alone)."""
    from counterdesk.printing.fonts import SANS, register_fonts

    register_fonts()
    moment = to_vn(slip.issued_at)
    lines = [slip.office_name, "SỐ THỨ TỰ CỦA BẠN", slip.number, "ƯU TIÊN" if slip.priority else "",
             slip.line_name, f"Hồ sơ: {slip.dossier_code}" if slip.dossier_code else "",
             f"Số người chờ trước bạn: {slip.ahead}", f"Lấy số lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}"]
    text = pdf.beginText(x, top)
    text.setTextRenderMode(3)  # neither fill nor stroke: invisible
    text.setFont(SANS, 8)
    for line in filter(None, lines):
        text.textLine(line)
    pdf.drawText(text)
