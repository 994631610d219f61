"""Ticket printers: a thermal printer speaking ESC/POS over the network, a serial or USB port or a
Windows spooler, or PDFs for a system printer. The slip itself is made in ticket_image.py (the
picture) and ticket_encoding.py (the bytes); their public names are importable from here too.

Printer choice is one text setting (``printer.ticket``):
``network:192.168.1.50[:9100]``, ``serial:/dev/ttyUSB0[:9600]`` (or ``serial:COM3``),
``usb:04b8:0202``, ``win32:Tên máy in``, ``pdf`` or ``pdf:/thư/mục``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from counterdesk.domain.clock import to_vn
from counterdesk.domain.errors import DomainError, InvalidInput
from counterdesk.printing.ticket_encoding import PROFILE, escpos_bytes, pdf_bytes, raster
from counterdesk.printing.ticket_image import DOTS, TicketSlip, render_image

__all__ = [
    "DOTS", "KEPT", "PROFILE", "EscposPrinter", "PdfPrinter", "PrinterError", "TicketPrinter", "TicketSlip",
    "escpos_bytes", "pdf_bytes", "printer_from_spec", "raster", "render_image",
]

log = logging.getLogger("counterdesk.printing.ticket")


class PrinterError(DomainError):
    """The slip did not come out; the ticket itself is safely stored and can be reprinted.

    ``problem`` is what is wrong with the printer alone, without ``advice`` for the counter (a
    trial print from the settings has no stored number to speak of).
    """

    def __init__(self, problem: str, advice: str = "") -> None:
        super().__init__(f"{problem} {advice}" if advice else problem)
        self.problem = problem


KEPT = "Số đã được lưu; có thể in lại tại quầy."


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
        job = escpos_bytes(slip)
        try:
            dev = self.factory()
        except Exception as exc:
            raise PrinterError(_offline(self.label, exc), KEPT) from exc
        try:
            if self.check_paper and _paper_out(dev):
                raise PrinterError(f"Máy in phiếu ({self.label}) hết giấy.",
                                   "Số đã được lưu; hãy thay giấy rồi in lại tại quầy.")
            dev._raw(job)
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterError(_offline(self.label, exc), KEPT) from exc
        finally:
            try:
                dev.close()
            except Exception:
                log.debug("closing the printer failed", exc_info=True)
        return self.label


def _offline(label: str, exc: BaseException) -> str:
    return f"Máy in phiếu ({label}) hết giấy hoặc mất kết nối ({exc.__class__.__name__})."


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
