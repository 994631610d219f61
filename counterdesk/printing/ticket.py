"""Queue ticket slips: an 80 mm ESC/POS thermal print, or a PDF for a system printer.

The whole slip, Vietnamese text included, is rendered as one 1-bit image (Pillow + DejaVu Sans)
and sent with ``GS v 0``: every ESC/POS printer prints a raster, while Vietnamese code pages
(TCVN-3) are a per-model lottery. 576 dots = 72 mm at 203 dpi, the printable width of 80 mm paper.
The QR code holds ``CDT|<ticket id>|<number>`` drawn pixel-exact (whole dots per module).

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

import segno
from PIL import Image, ImageDraw, ImageFont

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.printing.fonts import font_file

log = logging.getLogger("counterdesk.printing.ticket")

DOTS = 576  # printable width of 80 mm paper at 203 dpi
MARGIN = 16
PROFILE = "TM-T20II"  # an 80 mm / 576-dot profile of python-escpos' capabilities database
QR_SCALE = 6


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
    def qr_payload(self) -> str:
        return f"CDT|{self.ticket_id}|{self.number}"


# --------------------------------------------------------------------------- image


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(bold), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _qr_image(payload: str) -> Image.Image:
    """QR as a 1-bit image with whole-dot modules (thermal heads blur fractional ones)."""
    code = segno.make(payload, error="m", micro=False)
    matrix = [list(row) for row in code.matrix_iter(scale=QR_SCALE, border=2)]
    img = Image.new("1", (len(matrix[0]), len(matrix)), 1)
    pixels = img.load()
    assert pixels is not None
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                pixels[x, y] = 0
    return img


def render_image(slip: TicketSlip, width: int = DOTS) -> Image.Image:
    """The slip as a 1-bit image ``width`` dots wide (black = 0)."""
    canvas = Image.new("L", (width, 1400), 255)
    draw = ImageDraw.Draw(canvas)
    inner = width - 2 * MARGIN
    y = 10

    def centred(text: str, size: int, *, bold: bool = False, gap: int = 6, invert: bool = False) -> None:
        nonlocal y
        font = _font(size, bold)
        for line in _wrap(draw, text, font, inner):
            left, _top, right, bottom = (int(v) for v in draw.textbbox((0, 0), line, font=font))
            x = (width - (right - left)) // 2 - left
            if invert:
                draw.rectangle((MARGIN, y, width - MARGIN, y + bottom + 12), fill=0)
                draw.text((x, y + 6), line, font=font, fill=255)
                y += bottom + 12 + gap
            else:
                draw.text((x, y), line, font=font, fill=0)
                y += bottom + gap

    def rule() -> None:
        nonlocal y
        y += 4
        draw.line((MARGIN, y, width - MARGIN, y), fill=0, width=2)
        y += 12

    centred(slip.office_name.upper(), 24, bold=True)
    rule()
    centred("SỐ THỨ TỰ CỦA BẠN", 26)
    size = 170
    while _font(size, True).getlength(slip.number) > inner and size > 60:
        size -= 10
    centred(slip.number, size, bold=True, gap=4)
    if slip.priority:
        centred("ƯU TIÊN", 30, bold=True, invert=True)
    centred(slip.line_name, 30, bold=True)
    if slip.dossier_code:
        centred(f"Hồ sơ: {slip.dossier_code}", 22)
    y += 6
    centred(f"Số người chờ trước bạn: {slip.ahead}", 26)
    qr = _qr_image(slip.qr_payload)
    canvas.paste(qr.convert("L"), ((width - qr.width) // 2, y))
    y += qr.height + 6
    moment = to_vn(slip.issued_at)
    centred(f"Lấy số lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}", 22)
    rule()
    centred("Vui lòng theo dõi màn hình và loa gọi số. Xin cảm ơn!", 20)
    height = y + 10
    return canvas.crop((0, 0, width, height)).point(lambda v: 255 if v >= 128 else 0, mode="1")


# --------------------------------------------------------------------------- ESC/POS and PDF


def _dummy() -> Any:
    from escpos.printer import Dummy

    return Dummy(profile=PROFILE)


def escpos_bytes(slip: TicketSlip, image: Image.Image | None = None) -> bytes:
    """The exact bytes sent to a thermal printer: init, raster image, feed and cut."""
    dev = _dummy()
    _write(dev, image or render_image(slip))
    return bytes(dev.output)


def _write(dev: Any, image: Image.Image) -> None:
    dev._raw(b"\x1b@")  # ESC @: reset any mode left by a previous job
    dev.image(image, impl="bitImageRaster", high_density_vertical=True, high_density_horizontal=True)
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
