"""Queue ticket slips: an 80 mm ESC/POS thermal print, or a PDF for a system printer.

The whole slip, Vietnamese text included, is rendered as one 1-bit image (Pillow + DejaVu Sans)
and sent with ``GS v 0``: every ESC/POS printer prints a raster, while Vietnamese code pages
(TCVN-3) are a per-model lottery. 576 dots = 72 mm at 203 dpi, the printable width of 80 mm paper.
A Code 128 barcode holds ``<number>/<ticket id>`` drawn pixel-exact (3 dots per module).

Printer choice is one text setting (``printer.ticket``):
``network:192.168.1.50[:9100]``, ``serial:/dev/ttyUSB0[:9600]`` (or ``serial:COM3``),
``usb:04b8:0202``, ``win32:Tên máy in``, ``pdf`` or ``pdf:/thư/mục``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import barcode
from PIL import Image, ImageDraw, ImageFont

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.printing.fonts import font_file

log = logging.getLogger("counterdesk.printing.ticket")

DOTS = 576  # printable width of 80 mm paper at 203 dpi
MARGIN = 16
PROFILE = "TM-T20II"  # an 80 mm / 576-dot profile of python-escpos' capabilities database
BAR_DOTS = 3  # dots per Code 128 module: crisp on a 203 dpi head
BAR_HEIGHT = 64
_INVERT = bytes(255 - i for i in range(256))


class PrinterError(DomainError):
    """The slip did not come out; the ticket itself is safely stored and can be reprinted."""


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
# A slip is a stack of 1-bit strips. Strips that repeat (office name, line name, captions) are
# rendered once and cached, so issuing a ticket costs about a millisecond of drawing, not tens.


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


def _text_strip(text: str, size: int, bold: bool, width: int, invert: bool = False, gap: int = 6) -> Image.Image:
    """Centred, wrapped text as a 1-bit strip ``width`` dots wide (inverted: white on a black band)."""
    font = _font(size, bold)
    inner = width - 2 * MARGIN
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    lines = _wrap(text, font, inner) or [""]
    pad = 6 if invert else 0
    height = len(lines) * line_h + 2 * pad + gap
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    if invert:
        draw.rectangle((MARGIN, 0, width - MARGIN, height - gap - 1), fill=0)
    for i, line in enumerate(lines):
        x = (width - font.getlength(line)) / 2
        draw.text((round(x), pad + i * line_h), line, font=font, fill=255 if invert else 0)
    return _threshold(img)


@cache
def _cached_strip(text: str, size: int, bold: bool, width: int, invert: bool = False) -> Image.Image:
    return _text_strip(text, size, bold, width, invert)


@cache
def _ink(ch: str, size: int, bold: bool) -> tuple[Image.Image, float]:
    """One character's ink as a mask (1 = black) with room for overhang, and its advance width."""
    font = _font(size, bold)
    ascent, descent = font.getmetrics()
    advance = font.getlength(ch)
    img = Image.new("L", (int(advance) + size // 2 + 2, ascent + descent), 0)
    ImageDraw.Draw(img).text((0, 0), ch, font=font, fill=255)
    return img.point(lambda v: 255 if v >= 128 else 0, mode="1"), advance


def _line_strip(text: str, size: int, bold: bool, width: int, gap: int = 6) -> Image.Image:
    """A short one-line text (counts, times) set from cached character masks: these change on every
    slip, and a fresh FreeType layout costs ~0.5 ms a line. Falls back to full layout when too wide."""
    font = _font(size, bold)
    if font.getlength(text) > width - 2 * MARGIN:
        return _text_strip(text, size, bold, width, gap=gap)
    glyphs = [_ink(ch, size, bold) for ch in text]
    total = sum(advance for _img, advance in glyphs)
    ascent, descent = font.getmetrics()
    out = Image.new("1", (width, ascent + descent + gap), 1)
    x = (width - total) / 2
    for mask, advance in glyphs:
        out.paste(0, (round(x), 0), mask)
        x += advance
    return out


def _rule(width: int) -> Image.Image:
    img = Image.new("1", (width, 18), 1)
    ImageDraw.Draw(img).line((MARGIN, 6, width - MARGIN, 6), fill=0, width=2)
    return img


@cache
def _glyph(ch: str, size: int) -> Image.Image:
    """One character of the big number, cut to its advance width (cached: 10 digits + prefixes)."""
    font = _font(size, True)
    ascent, descent = font.getmetrics()
    img = Image.new("L", (max(1, round(font.getlength(ch))), ascent + descent), 255)
    ImageDraw.Draw(img).text((0, 0), ch, font=font, fill=0)
    return _threshold(img)


def _number_strip(number: str, width: int) -> Image.Image:
    """The big number set from cached glyphs (a fresh FreeType render of 170 px text costs ~1 ms)."""
    size = 170
    while _font(size, True).getlength(number) > width - 2 * MARGIN and size > 60:
        size -= 10
    glyphs = [_glyph(ch, size) for ch in number]
    total = sum(g.width for g in glyphs)
    out = Image.new("1", (width, glyphs[0].height), 1)
    x = (width - total) // 2
    for g in glyphs:
        out.paste(g, (x, 0))
        x += g.width
    return out


def _barcode_strip(payload: str, width: int) -> Image.Image:
    """Code 128, whole dots per module (thermal heads blur fractional ones), quiet zones included."""
    modules = "0" * 10 + barcode.Code128(payload).build()[0] + "0" * 10
    scale = max(1, min(BAR_DOTS, width // len(modules)))
    row = bytes(0 if m == "1" else 255 for m in modules for _ in range(scale))
    bar = Image.frombytes("L", (len(row), 1), row).resize((len(row), BAR_HEIGHT), Image.Resampling.NEAREST)
    img = Image.new("L", (width, BAR_HEIGHT + 8), 255)
    img.paste(bar, ((width - bar.width) // 2, 4))
    return img.convert("1", dither=Image.Dither.NONE)


def render_image(slip: TicketSlip, width: int = DOTS) -> Image.Image:
    """The slip as a 1-bit image ``width`` dots wide (black = 0)."""
    moment = to_vn(slip.issued_at)
    strips = [
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
    strips += [
        _line_strip(f"Số người chờ trước bạn: {slip.ahead}", 26, False, width),
        _barcode_strip(slip.code_payload, width),
        _line_strip(f"Lấy số lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}", 22, False, width),
        _rule(width),
        _cached_strip("Vui lòng theo dõi màn hình và loa gọi số. Xin cảm ơn!", 20, False, width),
    ]
    top = 10
    out = Image.new("1", (width, top + sum(s.height for s in strips) + 10), 1)
    y = top
    for strip in strips:
        out.paste(strip, (0, y))
        y += strip.height
    return out


# --------------------------------------------------------------------------- ESC/POS and PDF


def _dummy() -> Any:
    from escpos.printer import Dummy

    return Dummy(profile=PROFILE)


def raster(image: Image.Image, fragment_height: int = 960) -> bytes:
    """``GS v 0`` raster commands for a 1-bit image, byte for byte what python-escpos' image()
    sends (tests compare both), without its per-pixel Python loop (~15 ms a slip)."""
    assert image.mode == "1" and image.width % 8 == 0
    out = bytearray()
    for top in range(0, image.height, fragment_height):
        part = image if image.height <= fragment_height else image.crop(
            (0, top, image.width, min(image.height, top + fragment_height)))
        header = b"\x1dv0\x00" + (image.width // 8).to_bytes(2, "little") + part.height.to_bytes(2, "little")
        out += header + part.tobytes().translate(_INVERT)  # Pillow: 1 = white; ESC/POS: 1 = black
    return bytes(out)


def escpos_bytes(slip: TicketSlip, image: Image.Image | None = None) -> bytes:
    """The exact bytes sent to a thermal printer: init, raster image, feed and cut."""
    dev = _dummy()
    _write(dev, image or render_image(slip))
    return bytes(dev.output)


def _write(dev: Any, image: Image.Image) -> None:
    dev._raw(b"\x1b@")  # ESC @: reset any mode left by a previous job
    dev._raw(raster(image))
    dev.cut()


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
    pdf.showPage()
    pdf.save()
    return out.getvalue()


class TicketPrinter(Protocol):
    """Anything that can put a slip on paper; returns a short description of where it went."""

    def print_slip(self, slip: TicketSlip) -> str: ...


class EscposPrinter:
    """A python-escpos device (Network, Serial, Usb, Win32Raw or Dummy) made by ``factory``."""

    def __init__(self, factory: Callable[[], Any], label: str, *, check_paper: bool = True) -> None:
        self.factory = factory
        self.label = label
        self.check_paper = check_paper

    def print_slip(self, slip: TicketSlip) -> str:
        data_image = render_image(slip)
        try:
            dev = self.factory()
        except Exception as exc:
            raise PrinterError(_offline(self.label, exc)) from exc
        try:
            if self.check_paper and _paper_out(dev):
                raise PrinterError(f"Máy in phiếu ({self.label}) hết giấy. Số đã được lưu; hãy thay giấy rồi in lại tại quầy.")
            _write(dev, data_image)
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterError(_offline(self.label, exc)) from exc
        finally:
            try:
                dev.close()
            except Exception:
                log.debug("closing the printer failed", exc_info=True)
        return self.label


def _offline(label: str, exc: BaseException) -> str:
    return (f"Máy in phiếu ({label}) hết giấy hoặc mất kết nối ({exc.__class__.__name__}). "
            "Số đã được lưu; có thể in lại tại quầy.")


def _paper_out(dev: Any) -> bool:
    """True only when the printer answers that it has no paper; silence means 'unknown, go on'."""
    try:
        return int(dev.paper_status()) == 0
    except (NotImplementedError, AttributeError, TimeoutError):
        return False
    except OSError:
        raise
    except Exception:
        log.debug("paper status unknown", exc_info=True)
        return False


class PdfPrinter:
    """Writes ``ticket-<day>-<number>-<id>.pdf`` in a folder (a system printer or a watched folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def print_slip(self, slip: TicketSlip) -> str:
        day = to_vn(slip.issued_at)
        path = self.folder / f"ticket-{day:%Y%m%d}-{slip.number}-{slip.ticket_id}.pdf"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf_bytes(slip))
        except OSError as exc:
            raise PrinterError(f"Không ghi được phiếu PDF vào {self.folder} ({exc.strerror or exc}).") from exc
        return str(path)


def _network(host: str, port: int) -> Any:
    from escpos.printer import Network

    dev = Network(host, port=port, timeout=3, profile=PROFILE)
    dev.open()
    return dev


def _serial(devfile: str, baud: int) -> Any:
    from escpos.printer import Serial

    dev = Serial(devfile=devfile, baudrate=baud, timeout=2, profile=PROFILE)
    dev.open()
    return dev


def _usb(vendor: int, product: int) -> Any:
    from escpos.printer import Usb

    dev = Usb(vendor, product, timeout=3000, profile=PROFILE)
    dev.open()
    return dev


def _win32(name: str) -> Any:
    from escpos.printer import Win32Raw

    dev = Win32Raw(name, profile=PROFILE)
    dev.open()
    return dev


def printer_from_spec(spec: str, home: Path) -> TicketPrinter:
    """The printer named by the ``printer.ticket`` setting; InvalidInput explains a bad spec."""
    raw = spec.strip()
    kind, _, rest = raw.partition(":")
    kind = kind.lower()
    try:
        if kind == "pdf":
            return PdfPrinter(Path(rest).expanduser() if rest else home / "tickets")
        if kind == "network" and rest:
            host, _, port = rest.partition(":")
            port_no = int(port) if port else 9100
            return EscposPrinter(lambda: _network(host, port_no), f"mạng {host}:{port_no}")
        if kind == "serial" and rest:
            devfile, baud = rest, 9600
            head, _, tail = rest.rpartition(":")
            if head and tail.isdigit():
                devfile, baud = head, int(tail)
            return EscposPrinter(lambda: _serial(devfile, baud), f"cổng {devfile}")
        if kind == "usb" and rest:
            vid, _, pid = rest.partition(":")
            vendor, product = int(vid, 16), int(pid, 16)
            return EscposPrinter(lambda: _usb(vendor, product), f"USB {vid}:{pid}")
        if kind == "win32" and rest:
            return EscposPrinter(lambda: _win32(rest), f"máy in '{rest}'", check_paper=False)
    except ValueError as exc:
        raise InvalidInput(f"Thiết lập máy in phiếu không hợp lệ: '{spec}'.") from exc
    raise InvalidInput(
        f"Thiết lập máy in phiếu không hợp lệ: '{spec}'. Dùng network:IP[:cổng], serial:/dev/ttyUSB0, "
        "usb:VID:PID, win32:Tên máy in hoặc pdf[:thư mục]."
    )
