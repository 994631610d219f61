"""Windows scanners through WIA Automation (pywin32's COM client), behind the same
``scan_pages(device, pages=…, feeder=…, colour=…)`` as SANE on Linux (scanner.py).

Thin on purpose: WIA's own driver does the work; this picks the device, sets the source (flatbed or
feeder), the intent (grey or colour) and 200 dpi, and transfers PNG pages until the count is
reached or the feeder runs empty. Every WIA error a clerk can meet becomes one Vietnamese line.
The COM objects are reached only through ``manager`` (``WIA.DeviceManager``), so the tests drive
this module with an object of the same shape (tests/unit/test_scan_wia.py); it has not run against
a real Windows scanner on the build machine (docs/attachments.md).
"""

from __future__ import annotations

from typing import Any

from counterdesk.domain.errors import InvalidInput

FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"  # WIA FormatID for PNG
SCANNER = 1  # DeviceInfo.Type of a scanner
DOCUMENT_HANDLING_SELECT = "3088"  # WIA_DPS_DOCUMENT_HANDLING_SELECT
FEEDER, FLATBED = 1, 2
CURRENT_INTENT, X_RESOLUTION, Y_RESOLUTION = "6146", "6147", "6148"  # WIA_IPS_*
COLOUR_INTENT, GREY_INTENT = 1, 2
PAPER_EMPTY = 0x80210003
_ERRORS = {
    0x80210002: "kẹt giấy",
    PAPER_EMPTY: "khay nạp giấy trống",
    0x80210004: "giấy đặt sai",
    0x80210005: "máy quét đang tắt hoặc mất kết nối",
    0x80210006: "máy quét đang bận",
    0x80210007: "máy quét đang khởi động, thử lại sau ít giây",
    0x8021000A: "mất kết nối với máy quét",
    0x8021000D: "máy quét đang bị khoá",
    0x80210015: "không có máy quét nào được cắm",
    0x80210016: "nắp máy quét đang mở",
}


def manager() -> Any:
    """WIA's device manager (Windows only)."""
    try:
        import win32com.client  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise InvalidInput("Thiếu thành phần WIA (pywin32); hãy cài lại CounterDesk.") from exc
    return win32com.client.Dispatch("WIA.DeviceManager")


def devices(wia: Any) -> list[tuple[str, str, Any]]:
    """The scanners WIA knows: (device id, name, DeviceInfo)."""
    found = []
    for info in wia.DeviceInfos:
        if int(info.Type) == SCANNER:
            found.append((str(info.DeviceID), str(info.Properties("Name").Value), info))
    return found


def _code(exc: BaseException) -> int:
    """The HRESULT behind a COM error (the driver's own code when it gave one)."""
    info = getattr(exc, "excepinfo", None)
    code = info[5] if info and len(info) > 5 and info[5] else getattr(exc, "hresult", 0)
    return int(code or 0) & 0xFFFFFFFF


def _set(properties: Any, prop: str, value: int) -> None:
    try:
        properties(prop).Value = value
    except Exception:  # noqa: BLE001 - pywintypes.com_error: a property this driver lacks keeps its default
        return


def scan_pages(device: str | None, *, pages: int, feeder: bool, colour: bool, dpi: int, limit: int,
               wia: Any = None) -> list[bytes]:
    """``pages`` sheets from the flatbed, or every sheet in the feeder (up to ``limit``), as PNG bytes."""
    wia = wia if wia is not None else manager()
    found = devices(wia)
    if not found:
        raise InvalidInput("Không tìm thấy máy quét nào (WIA). Kiểm tra cáp, nguồn và trình điều khiển của hãng.")
    chosen = next((f for f in found if device in (f[0], f[1])), None) if device else found[0]
    if chosen is None:
        names = ", ".join(f[1] for f in found)
        raise InvalidInput(f"Không có máy quét '{device}'. Máy quét tìm thấy: {names}.")
    _id, name, info = chosen
    try:
        scanner = info.Connect()
        _set(scanner.Properties, DOCUMENT_HANDLING_SELECT, FEEDER if feeder else FLATBED)
        item = scanner.Items(1)  # COM collections count from 1
        for prop, value in ((CURRENT_INTENT, COLOUR_INTENT if colour else GREY_INTENT), (X_RESOLUTION, dpi),
                            (Y_RESOLUTION, dpi)):
            _set(item.Properties, prop, value)
    except InvalidInput:
        raise
    except Exception as exc:
        raise InvalidInput(f"Không mở được máy quét {name} ({_ERRORS.get(_code(exc), exc)}).") from exc
    images: list[bytes] = []
    wanted = limit if feeder else pages
    while len(images) < wanted:
        try:
            image = item.Transfer(FORMAT_PNG)
        except Exception as exc:
            code = _code(exc)
            if feeder and code == PAPER_EMPTY and images:
                break  # the feeder's last sheet was taken
            raise InvalidInput(f"Máy quét {name} báo lỗi: {_ERRORS.get(code, str(exc))}.") from exc
        images.append(bytes(image.FileData.BinaryData))
    return images
