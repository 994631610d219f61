"""Test pages for digitisation: a text page and an ID-card photo, as image bytes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

A4_200 = (1654, 2339)


def text_page(fmt: str = "PNG", size: tuple[int, int] = A4_200, dpi: int = 200, label: str = "") -> bytes:
    img = Image.new("L", size, 250)
    draw = ImageDraw.Draw(img)
    for y in range(120, size[1] - 120, 38):
        draw.text((110, y), f"{label} CONG HOA XA HOI CHU NGHIA VIET NAM - Doc lap Tu do Hanh phuc {y}" * 2, fill=20)
    out = io.BytesIO()
    img.save(out, fmt, dpi=(dpi, dpi))
    return out.getvalue()


def multipage_tiff(pages: int = 3) -> bytes:
    frames = [Image.open(io.BytesIO(text_page(label=str(i)))) for i in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    return out.getvalue()


def photo(fmt: str = "JPEG") -> bytes:
    img = Image.new("RGB", (1010, 640), (200, 210, 230))
    draw = ImageDraw.Draw(img)
    draw.ellipse((60, 120, 330, 460), fill=(150, 110, 90))
    draw.text((400, 150), "CAN CUOC CONG DAN 001090123456", fill=(10, 10, 60))
    out = io.BytesIO()
    img.save(out, fmt, dpi=(200, 200))
    return out.getvalue()


def on_bed(page: bytes, angle: float = 0.0, size: tuple[int, int] = (1800, 2500), bed: int = 55) -> bytes:
    """``page`` laid crooked (``angle`` degrees) on a dark scanner bed, as a flatbed with its lid
    open hands it over (PNG, 200 dpi)."""
    paper = Image.open(io.BytesIO(page)).convert("L")
    scan = Image.new("L", size, bed)
    scan.paste(paper.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=bed), (60, 45))
    out = io.BytesIO()
    scan.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def shared_scans(store: Any, tmp_path: Path) -> None:
    """A PostgreSQL office keeps scans on a shared folder: set it, as its administrator would."""
    if store.dialect == "postgresql":
        shared = tmp_path / "shared-scans"
        shared.mkdir(exist_ok=True)
        from counterdesk.services import settings

        settings.set_value(store, "attachments.dir", str(shared))
