"""A Vietnamese text page as a scanner would hand it over (PNG, 200 dpi), for the OCR tests."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core (scripts/sysdeps.sh)
LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
         "TỜ KHAI ĐĂNG KÝ KHAI SINH", "Họ và tên người yêu cầu: Nguyễn Thị Hồng",
         "Nơi cư trú: phường Bến Nghé, thành phố Hồ Chí Minh", "Quan hệ với người được khai sinh: mẹ")


def vietnamese_page(angle: float = 0.0) -> bytes:
    img = Image.new("L", (1654, 2339), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 40)
    for number, line in enumerate(LINES):
        draw.text((150, 200 + number * 80), line, fill=15, font=font)
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
    out = io.BytesIO()
    img.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()
