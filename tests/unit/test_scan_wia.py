"""The WIA side of scanning (scans/wia.py), driven with an object of WIA Automation's shape: the
build machine has no Windows scanner, so what is checked is what this code asks of WIA and how it
reads WIA's answers and errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from counterdesk.domain.errors import InvalidInput
from counterdesk.scans import wia


class ComError(Exception):
    """pywintypes.com_error's shape: (hresult, text, excepinfo, argerror), excepinfo[5] the scode."""

    def __init__(self, scode: int) -> None:
        super().__init__(-2147352567, "Exception occurred.", (0, None, None, None, 0, scode - (1 << 32)), None)
        self.hresult = -2147352567
        self.excepinfo = (0, None, None, None, 0, scode - (1 << 32))


class Prop:
    def __init__(self, value: Any = None) -> None:
        self.Value = value


class Props:
    """``Properties("3088").Value = …``; an id the driver lacks raises, like WIA."""

    def __init__(self, known: dict[str, Any]) -> None:
        self.known = {k: Prop(v) for k, v in known.items()}

    def __call__(self, key: str) -> Prop:
        if key not in self.known:
            raise ComError(0x80210000)
        return self.known[key]


def png(width: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, 40), 255).save(out, "PNG")
    return out.getvalue()


class Item:
    def __init__(self, sheets: list[bytes | int]) -> None:
        self.Properties = Props({wia.CURRENT_INTENT: 4, wia.X_RESOLUTION: 100, wia.Y_RESOLUTION: 100})
        self.sheets = sheets
        self.formats: list[str] = []

    def Transfer(self, fmt: str) -> Any:
        self.formats.append(fmt)
        sheet = self.sheets.pop(0) if self.sheets else wia.PAPER_EMPTY
        if isinstance(sheet, int):
            raise ComError(sheet)
        data = type("Vector", (), {"BinaryData": memoryview(sheet)})()
        return type("ImageFile", (), {"FileData": data})()


class Scanner:
    def __init__(self, item: Item, feeder_known: bool = True) -> None:
        self.Properties = Props({wia.DOCUMENT_HANDLING_SELECT: 2} if feeder_known else {})
        self.item = item

    def Items(self, index: int) -> Item:
        assert index == 1
        return self.item


class Info:
    def __init__(self, device_id: str, name: str, scanner: Scanner | None, kind: int = wia.SCANNER) -> None:
        self.DeviceID, self.Type, self.scanner = device_id, kind, scanner
        self.Properties = Props({"Name": name})

    def Connect(self) -> Scanner:
        assert self.scanner is not None
        return self.scanner


def manager(*infos: Info) -> Any:
    return type("DeviceManager", (), {"DeviceInfos": list(infos)})()


def test_flatbed_pages_in_grey_at_200_dpi_from_the_named_scanner() -> None:
    item = Item([png(10), png(20)])
    camera = Info("cam", "Webcam", None, kind=2)
    other = Info("a", "Canon LiDE", Scanner(Item([png(99)])))
    chosen = Info("b", "Epson DS-530", Scanner(item))
    pages = wia.scan_pages("Epson DS-530", pages=2, feeder=False, colour=False, dpi=200, limit=50,
                           wia=manager(camera, other, chosen))
    assert [Image.open(io.BytesIO(p)).width for p in pages] == [10, 20]
    assert item.formats == [wia.FORMAT_PNG] * 2
    props = item.Properties.known
    assert (props[wia.CURRENT_INTENT].Value, props[wia.X_RESOLUTION].Value, props[wia.Y_RESOLUTION].Value) == (
        wia.GREY_INTENT, 200, 200)
    assert chosen.scanner is not None
    assert chosen.scanner.Properties.known[wia.DOCUMENT_HANDLING_SELECT].Value == wia.FLATBED


def test_feeder_takes_every_sheet_until_it_runs_empty() -> None:
    item = Item([png(1), png(2), png(3)])
    info = Info("a", "Fujitsu fi-7160", Scanner(item))
    pages = wia.scan_pages(None, pages=1, feeder=True, colour=True, dpi=200, limit=50, wia=manager(info))
    assert len(pages) == 3
    assert info.scanner is not None and info.scanner.Properties.known[wia.DOCUMENT_HANDLING_SELECT].Value == wia.FEEDER
    assert item.Properties.known[wia.CURRENT_INTENT].Value == wia.COLOUR_INTENT
    with pytest.raises(InvalidInput, match="khay nạp giấy trống"):  # empty from the start: said, not silent
        wia.scan_pages(None, pages=1, feeder=True, colour=False, dpi=200, limit=50,
                       wia=manager(Info("a", "Fujitsu", Scanner(Item([])))))


def test_driver_errors_become_the_clerks_words() -> None:
    for code, words in ((0x80210002, "kẹt giấy"), (0x80210016, "nắp máy quét đang mở"),
                        (0x80210005, "đang tắt hoặc mất kết nối")):
        with pytest.raises(InvalidInput, match=words):
            wia.scan_pages(None, pages=1, feeder=False, colour=False, dpi=200, limit=50,
                           wia=manager(Info("a", "Canon", Scanner(Item([code])))))
    with pytest.raises(InvalidInput, match="Không tìm thấy máy quét nào"):
        wia.scan_pages(None, pages=1, feeder=False, colour=False, dpi=200, limit=50,
                       wia=manager(Info("c", "Webcam", None, kind=2)))
    with pytest.raises(InvalidInput, match="Máy quét tìm thấy: Canon"):
        wia.scan_pages("HP", pages=1, feeder=False, colour=False, dpi=200, limit=50,
                       wia=manager(Info("a", "Canon", Scanner(Item([png(1)])))))


def test_a_driver_without_a_feeder_setting_keeps_its_default() -> None:
    pages = wia.scan_pages(None, pages=1, feeder=False, colour=False, dpi=200, limit=50,
                           wia=manager(Info("a", "Canon", Scanner(Item([png(5)]), feeder_known=False))))
    assert len(pages) == 1
