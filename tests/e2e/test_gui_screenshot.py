"""`counterdesk gui --mode M --size WxH --screenshot FILE.png` as support and the gallery run it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.cli_runner import run_cli


@pytest.mark.parametrize(("mode", "size"), [("dispenser", (1280, 720)), ("supervisor", (1366, 768))])
def test_screenshot_is_a_png_of_the_asked_size(home: Path, tmp_path: Path, mode: str, size: tuple[int, int]) -> None:
    target = tmp_path / f"{mode}.png"
    r = run_cli("gui", "--mode", mode, "--size", f"{size[0]}x{size[1]}", "--screenshot", str(target), home=home)
    assert r.returncode == 0, r.stderr
    assert str(target) in r.stdout
    with Image.open(target) as image:
        assert image.size == size
        assert image.mode == "P"  # palette: the gallery stays small in git
        assert len(image.getcolors(256) or ()) > 4  # a real window, not an empty picture


@pytest.mark.parametrize(("args", "said"), [
    (["--mode", "dispenser", "--size", "12x34"], "kích thước '12x34' không hợp lệ"),
    (["--mode", "dispenser", "--size", "lớn"], "kích thước 'lớn' không hợp lệ"),
    (["--mode", "quầy", "--size", "1280x720"], "chế độ 'quầy' không có"),
    (["--mode", "kiosk", "--size", "1280x720", "--screenshot", "a.jpg"], "phải có đuôi .png"),
    (["--mode", "kiosk", "--size", "1280x720"], "cần cả --size"),
])
def test_bad_size_or_mode_exits_2_in_vietnamese(home: Path, tmp_path: Path, args: list[str], said: str) -> None:
    if "--screenshot" not in args and "cần cả" not in said:
        args = [*args, "--screenshot", str(tmp_path / "x.png")]
    r = run_cli("gui", *args, home=home)
    assert r.returncode == 2
    assert said in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
