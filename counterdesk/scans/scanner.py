"""Scanners behind one small interface: ``scan_pages(device, pages=…, feeder=…)`` → page images.

Linux uses SANE through python-sane (``--device test`` is SANE's own ``test`` backend, a real
driver that needs no hardware); Windows uses WIA through its COM automation (scans/wia.py, thin,
tested against an object of WIA's shape). Scanning is slow I/O: callers run it off the GUI thread;
the pages come back as PNG bytes tagged 200 dpi for scans/process.py.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from counterdesk.domain.errors import InvalidInput

SCAN_DPI = 200
A4_MM = (210.0, 297.0)
MAX_FEED = 200
TEST_DEVICE = "test:0"


def _sane() -> Any:
    if not sys.platform.startswith("linux"):
        raise InvalidInput("Máy này chưa hỗ trợ quét trực tiếp; hãy quét ra thư mục rồi đính kèm tệp.")
    try:
        import sane  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise InvalidInput("Chưa cài trình điều khiển máy quét SANE (python-sane, libsane).") from exc
    return sane


def device_name(device: str | None) -> str:
    """``test`` → SANE's test device; None → the first scanner found."""
    if device in ("test", "test:0"):
        return TEST_DEVICE
    if device:
        return device
    sane = _sane()
    sane.init()
    found = sane.get_devices()
    if not found:
        raise InvalidInput("Không tìm thấy máy quét nào. Kiểm tra cáp, nguồn và trình điều khiển SANE.")
    return str(found[0][0])


def _set(dev: Any, name: str, value: Any) -> None:
    try:
        setattr(dev, name, value)
    except (AttributeError, ValueError, TypeError):
        return  # an option this driver does not have: its own default stands


def _clamp_area(dev: Any) -> None:
    for opt, size in (("br_x", A4_MM[0]), ("br_y", A4_MM[1])):
        option = dev.opt.get(opt) if hasattr(dev, "opt") else None
        limit = option.constraint[1] if option is not None and isinstance(option.constraint, tuple) else size
        _set(dev, opt, min(size, float(limit)))


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(SCAN_DPI, SCAN_DPI), compress_level=1)
    return out.getvalue()


def scan_pages(device: str | None, *, pages: int = 1, feeder: bool = False, colour: bool = False) -> list[bytes]:
    """Scan ``pages`` sheets from the flatbed (or every sheet in the feeder) as PNG bytes."""
    if not 1 <= pages <= MAX_FEED:
        raise InvalidInput(f"Số trang quét phải từ 1 đến {MAX_FEED}.")
    if sys.platform == "win32":
        from PIL import Image

        from counterdesk.scans import wia

        found = wia.scan_pages(device, pages=pages, feeder=feeder, colour=colour, dpi=SCAN_DPI, limit=MAX_FEED)
        if not found:
            raise InvalidInput("Máy quét không trả về trang nào (khay nạp giấy trống?).")
        return [_png(Image.open(io.BytesIO(data))) for data in found]  # tagged 200 dpi like SANE's pages
    sane = _sane()
    name = device_name(device)
    sane.init()
    try:
        dev = sane.open(name)
    except Exception as exc:  # python-sane raises its own _sane.error
        raise InvalidInput(f"Không mở được máy quét {name} ({exc}).") from exc
    try:
        _set(dev, "mode", "Color" if colour else "Gray")
        _set(dev, "resolution", SCAN_DPI)
        _clamp_area(dev)
        if feeder:
            _set(dev, "source", "Automatic Document Feeder")
            images = []
            for image in dev.multi_scan():
                images.append(_png(image))
                if len(images) >= MAX_FEED:
                    break
        else:
            images = [_png(dev.scan()) for _ in range(pages)]
    except InvalidInput:
        raise
    except Exception as exc:  # a jam, a cover open, a driver error: the clerk's words
        raise InvalidInput(f"Máy quét {name} báo lỗi: {exc}.") from exc
    finally:
        dev.close()
    if not images:
        raise InvalidInput("Máy quét không trả về trang nào (khay nạp giấy trống?).")
    return images
