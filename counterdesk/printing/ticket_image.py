"""Queue ticket slips as a 1-bit image: 576 dots = 72 mm at 203 dpi, the printable width of 80 mm paper.

The whole slip, Vietnamese text included, is rendered as one 1-bit image (Pillow + DejaVu Sans):
every ESC/POS printer prints a raster, while Vietnamese code pages (TCVN-3) are a per-model
lottery. A Code 128 barcode holds ``<number>/<ticket id>`` drawn pixel-exact (3 dots per module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

import barcode
from PIL import Image, ImageDraw, ImageFont

from counterdesk.domain.clock import to_vn
from counterdesk.printing.fonts import font_file

DOTS = 576  # printable width of 80 mm paper at 203 dpi
MARGIN = 16
BAR_DOTS = 3  # dots per Code 128 module: crisp on a 203 dpi head
BAR_HEIGHT = 64
NUMBER_MARGIN = 14  # dots above and below the big number's ink
INVERT = bytes(255 - i for i in range(256))  # Pillow's 1 = white to the printer's 1 = black


@dataclass(frozen=True)
class TicketSlip:
    """What a slip shows (plain data, built by the queue service)."""

    ticket_id: int
    number: str
    line_name: str
    priority: bool
    issued_at: datetime
    ahead: int
    office_name: str
    dossier_code: str | None = None

    @property
    def code_payload(self) -> str:
        """What the slip's barcode says: number and ticket id ("A012/42"), read by the desk scanner."""
        return f"{self.number}/{self.ticket_id}"


# --------------------------------------------------------------------------- image
#
# A slip is a stack of 1-bit strips, each kept as packed rows in the printer's own form (72 bytes
# a row at 576 dots, most significant bit first, 1 = black), so stacking strips is joining bytes
# and the ESC/POS raster needs no image at all. Strips that repeat (office and line names,
# captions) are rendered once. What changes on every slip (the big number, the count ahead, the
# time) is set from cached glyph and word masks held as Python integers: placing a mask at column
# x is one shift, setting a line is a few ORs, where packing a fresh image costs ~0.4 µs a row.


@dataclass(frozen=True)
class _Strip:
    rows: bytes
    height: int


def _packed(img: Image.Image) -> _Strip:
    """A Pillow 1-bit image (1 = white) as printer rows (1 = black)."""
    return _Strip(img.tobytes().translate(INVERT), img.height)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(bold), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _threshold(img: Image.Image) -> Image.Image:
    return img.point(lambda v: 255 if v >= 128 else 0, mode="1")


@cache
def _band(size: int, bold: bool) -> tuple[int, int]:
    """(room above the ascent, line height). Vietnamese capitals stack a tone mark on a vowel
    mark (Ẩ, Ử, Ỗ) above the font's ascent: drawn from the ascent line, the hỏi hook of "THỬ"
    was cut to a stroke that reads as the sắc of "THỨ"."""
    font = _font(size, bold)
    ascent, descent = font.getmetrics()
    head = max(0, 1 - int(font.getbbox("ẨẪẲẴẤẦỂỄẾỀỔỖỐỒỚỞỠỬỮỨỪỶỸ")[1]))  # one clear row above the highest
    return head, head + ascent + descent


def _text_strip(text: str, size: int, bold: bool, width: int, invert: bool = False, gap: int = 6) -> Image.Image:
    """Centred, wrapped text as a 1-bit strip ``width`` dots wide (inverted: white on a black band)."""
    font = _font(size, bold)
    inner = width - 2 * MARGIN
    head, line_h = _band(size, bold)
    lines = _wrap(text, font, inner) or [""]
    pad = 6 if invert else 0
    height = len(lines) * line_h + 2 * pad + gap
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    if invert:
        draw.rectangle((MARGIN, 0, width - MARGIN, height - gap - 1), fill=0)
    for i, line in enumerate(lines):
        x = (width - font.getlength(line)) / 2
        draw.text((round(x), pad + head + i * line_h), line, font=font, fill=255 if invert else 0)
    return _threshold(img)


@cache
def _cached_strip(text: str, size: int, bold: bool, width: int, invert: bool = False) -> _Strip:
    return _packed(_text_strip(text, size, bold, width, invert))


@lru_cache(maxsize=4096)
def _mask(text: str, size: int, bold: bool, width: int) -> tuple[int, float]:
    """The ink of ``text`` drawn at column 0 of a ``width``-dot band, as one integer whose bits
    are the band's packed rows (1 = black), and the text's advance width."""
    font = _font(size, bold)
    head, line_h = _band(size, bold)
    img = Image.new("L", (width, line_h), 0)
    ImageDraw.Draw(img).text((0, head), text, font=font, fill=255)
    return int.from_bytes(_threshold(img).tobytes(), "big"), font.getlength(text)


def _set(masks: list[tuple[int, float]], width: int, height: int) -> bytes:
    """Masks side by side (each advancing by its width), the run centred in the band; placing a
    mask is shifting it right."""
    x = max(0.0, (width - sum(advance for _ink, advance in masks)) / 2)
    ink = 0
    for mask, advance in masks:
        ink |= mask >> round(x)
        x += advance
    return ink.to_bytes(width // 8 * height, "big")


def _line_masks(text: str, size: int, bold: bool, width: int) -> list[tuple[int, float]]:
    """Words keep their kerning; words with digits (counts, times, dates) go character by
    character, so that a new count or minute costs no rendering at all."""
    space = _font(size, bold).getlength(" ")
    masks: list[tuple[int, float]] = []
    for word in text.split(" "):
        if masks:
            masks[-1] = (masks[-1][0], masks[-1][1] + space)
        pieces = list(word) if any(ch.isdigit() for ch in word) else [word]
        masks += [_mask(piece, size, bold, width) for piece in pieces if piece]
    return masks


@lru_cache(maxsize=1024)
def _line_strip(text: str, size: int, bold: bool, width: int, gap: int = 6) -> _Strip:
    """A short one-line text (counts, times) set from cached masks: these change on every slip,
    and a fresh FreeType layout costs ~0.5 ms a line. Falls back to full layout when too wide."""
    masks = _line_masks(text, size, bold, width)
    if sum(advance for _ink, advance in masks) > width - 2 * MARGIN:
        return _packed(_text_strip(text, size, bold, width, gap=gap))
    line_h = _band(size, bold)[1]
    return _Strip(_set(masks, width, line_h) + _blank(width, gap).rows, line_h + gap)


@cache
def _rule(width: int) -> _Strip:
    img = Image.new("1", (width, 18), 1)
    ImageDraw.Draw(img).line((MARGIN, 6, width - MARGIN, 6), fill=0, width=2)
    return _packed(img)


@cache
def _blank(width: int, height: int) -> _Strip:
    return _Strip(bytes(width // 8 * height), height)


@cache
def _number_band(size: int) -> tuple[int, int]:
    """(first row, rows) of the big number's band: letters and digits only, so the band is their
    ink plus a margin, not the font's whole line (accents, descenders): ~40 % less paper and bits."""
    head, line_h = _band(size, True)
    top, bottom = _font(size, True).getbbox("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")[1::2]
    first = max(0, head + int(top) - NUMBER_MARGIN)
    return first, min(line_h - first, int(bottom) - int(top) + 2 * NUMBER_MARGIN)


@lru_cache(maxsize=4096)
def _number_strip(number: str, width: int) -> _Strip:
    """The big number set from cached glyph masks (a fresh FreeType render of 170 px text costs ~1 ms),
    in the largest size that fits the paper."""
    size = 170
    glyphs = [_mask(ch, size, True, width) for ch in number]
    while sum(advance for _ink, advance in glyphs) > width - 2 * MARGIN and size > 60:
        size -= 10
        glyphs = [_mask(ch, size, True, width) for ch in number]
    first, rows = _number_band(size)
    line_h = _band(size, True)[1]
    band = _set(glyphs, width, line_h)
    return _Strip(band[first * width // 8:(first + rows) * width // 8], rows)


def _barcode_strip(payload: str, width: int) -> _Strip:
    """Code 128, whole dots per module (thermal heads blur fractional ones), quiet zones included.
    Every row of the bars is the same, so one packed row is computed and repeated."""
    modules = "0" * 10 + barcode.Code128(payload).build()[0] + "0" * 10
    scale = max(1, min(BAR_DOTS, width // len(modules)))
    dots = modules.translate({ord("0"): "0" * scale, ord("1"): "1" * scale})[:width]
    left = (width - len(dots)) // 2
    row = (int(dots, 2) << (width - left - len(dots))).to_bytes(width // 8, "big")  # centred
    blank = _blank(width, 4).rows
    return _Strip(blank + row * BAR_HEIGHT + blank, BAR_HEIGHT + 8)


def _strips(slip: TicketSlip, width: int) -> list[_Strip]:
    moment = to_vn(slip.issued_at)
    strips = [
        _blank(width, 10),
        _cached_strip(slip.office_name.upper(), 24, True, width),
        _rule(width),
        _cached_strip("SỐ THỨ TỰ CỦA BẠN", 26, False, width),
        _number_strip(slip.number, width),
    ]
    if slip.priority:
        strips.append(_cached_strip("ƯU TIÊN", 30, True, width, invert=True))
    strips.append(_cached_strip(slip.line_name, 30, True, width))
    if slip.dossier_code:
        strips.append(_line_strip(f"Hồ sơ: {slip.dossier_code}", 22, False, width))
    return [
        *strips,
        _line_strip(f"Số người chờ trước bạn: {slip.ahead}", 26, False, width),
        _barcode_strip(slip.code_payload, width),
        _line_strip(f"Lấy số lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}", 22, False, width),
        _rule(width),
        _cached_strip("Vui lòng theo dõi màn hình và loa gọi số. Xin cảm ơn!", 20, False, width),
        _blank(width, 10),
    ]


def packed_slip(slip: TicketSlip, width: int = DOTS) -> _Strip:
    """The whole slip as printer rows (what the ESC/POS raster sends)."""
    strips = _strips(slip, width)
    return _Strip(b"".join(s.rows for s in strips), sum(s.height for s in strips))


def render_image(slip: TicketSlip, width: int = DOTS) -> Image.Image:
    """The slip as a 1-bit image ``width`` dots wide (black = 0)."""
    packed = packed_slip(slip, width)
    return Image.frombytes("1", (width, packed.height), packed.rows.translate(INVERT))
