"""Thermal slip: golden ESC/POS bytes, barcode read back from the raster, 576-dot limit, PDF fallback."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from escpos.printer import Dummy
from pypdf import PdfReader

from counterdesk.domain.clock import VN_TZ
from counterdesk.domain.errors import InvalidInput
from counterdesk.printing import ticket as tp
from counterdesk.printing import ticket_image

SLIP = tp.TicketSlip(
    ticket_id=42, number="A012", line_name="Tư pháp – Hộ tịch", priority=True,
    issued_at=datetime(2026, 11, 23, 8, 15, tzinfo=VN_TZ), ahead=5,
    office_name="Trung tâm Phục vụ hành chính công phường Sài Gòn",
)
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ticket_A012.sha256"


def test_golden_escpos_bytes() -> None:
    data = tp.escpos_bytes(SLIP)
    assert data.startswith(b"\x1b@\x1dv0\x00")  # ESC @, then GS v 0 raster at full density
    width_bytes = int.from_bytes(data[6:8], "little")
    height = int.from_bytes(data[8:10], "little")
    assert width_bytes * 8 == 576 and 400 < height < 960
    assert data.endswith(b"\x1bd\x06\x1dV\x00")  # feed 6 lines, full cut
    assert tp.escpos_bytes(SLIP) == data  # stable image -> stable bytes
    digest = hashlib.sha256(data).hexdigest()
    assert digest == GOLDEN.read_text().strip(), "ticket bytes changed: check the slip visually, then update the golden"


def test_raster_reads_back_and_fits_the_paper() -> None:
    image = tp.render_image(SLIP)
    assert image.mode == "1" and image.width <= 576
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert [(r.text, r.format.name) for r in found] == [("A012/42", "Code128")]
    # a long number and a return ticket with its dossier code still fit
    wide = tp.render_image(tp.TicketSlip(7, "D00500", "Lao động – Thương binh và Xã hội", False, SLIP.issued_at,
                                         0, SLIP.office_name, "000.00.01.H29-261120-0001"))
    assert wide.width == 576
    assert [r.text for r in zxingcpp.read_barcodes(wide.convert("L"))] == ["D00500/7"]


def test_fast_raster_equals_python_escpos_image() -> None:
    image = tp.render_image(SLIP)
    dev = Dummy(profile=tp.PROFILE)
    dev.image(image, impl="bitImageRaster", high_density_vertical=True, high_density_horizontal=True)
    assert tp.raster(image) == bytes(dev.output)
    tall = image.resize((576, 1500))
    dev = Dummy(profile=tp.PROFILE)
    dev.image(tall, impl="bitImageRaster")  # split into 960-row fragments
    assert tp.raster(tall) == bytes(dev.output)


def test_pdf_fallback_is_80mm(tmp_path: Path) -> None:
    where = tp.PdfPrinter(tmp_path / "out").print_slip(SLIP)
    reader = PdfReader(where)
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 80
    assert Path(where).name == "ticket-20261123-A012-42.pdf"


def test_dummy_device_receives_the_bytes_and_paper_out_is_reported() -> None:
    dev = Dummy(profile=tp.PROFILE)
    assert tp.EscposPrinter(lambda: dev, "thử", check_paper=False).print_slip(SLIP) == "thử"
    assert bytes(dev.output) == tp.escpos_bytes(SLIP)

    class NoPaper(Dummy):  # type: ignore[misc]
        def paper_status(self) -> int:
            return 0

    with pytest.raises(tp.PrinterError, match="hết giấy"):
        tp.EscposPrinter(lambda: NoPaper(profile=tp.PROFILE), "thử").print_slip(SLIP)


def test_unreachable_printer_gives_a_vietnamese_message() -> None:
    printer = tp.printer_from_spec("network:127.0.0.1:1", Path("."))
    with pytest.raises(tp.PrinterError, match="mất kết nối"):
        printer.print_slip(SLIP)


@pytest.mark.parametrize("spec", ["network:10.0.0.5", "serial:/dev/ttyUSB0", "serial:COM3:19200", "usb:04b8:0202",
                                  "win32:EPSON TM-T20II", "pdf", "pdf:/tmp/phieu"])
def test_printer_specs(spec: str) -> None:
    assert hasattr(tp.printer_from_spec(spec, Path(".")), "print_slip")


@pytest.mark.parametrize("spec", ["", "lpt1", "usb:zz:01", "network:", "network:1.2.3.4:abc"])
def test_bad_printer_specs(spec: str) -> None:
    with pytest.raises(InvalidInput, match="máy in phiếu"):
        tp.printer_from_spec(spec, Path("."))


@pytest.mark.parametrize(("size", "bold"), [(24, True), (30, True), (26, False), (22, False)])
def test_stacked_capital_marks_are_not_cut_off(size: int, bold: bool) -> None:
    """The hỏi hook of THỬ sits above the font's ascent; cut at the top it reads as the sắc of THỨ."""
    from PIL import ImageChops

    for text in ("PHIẾU IN THỬ", "QUẬN THỦ ĐỨC", "ẨỬỖẴỶ"):
        strip = ticket_image._text_strip(text, size, bold, 576)
        assert strip.getbbox() is not None
        top_row = strip.crop((0, 0, 576, 1)).convert("L")
        assert ImageChops.invert(top_row).getbbox() is None, f"{text} touches the top edge at {size}px"
        words = ticket_image._line_strip(text, size, bold, 576)
        assert not any(words.rows[:576 // 8]), f"{text} (word masks) touches the top edge at {size}px"
