"""Vietnamese text of a scanned PDF with Tesseract (`vie`), for searching the office's scans.

A plain function over bytes: each page is rendered at 200 dpi (pdfium, already used for
previews) and handed to the ``tesseract`` program on its standard input; its text comes back on
standard output. The program is called directly rather than through a wrapper package: the
wrapper (pytesseract) would add a dependency for the same subprocess call. Slow (seconds a page):
the callers run it in the background after the scan is stored, never at the counter.
"""

from __future__ import annotations

import io
import shutil
import subprocess

from counterdesk.domain.errors import DomainError
from counterdesk.domain.text import nfc
from counterdesk.printing.rasterise import page_count, rasterise

LANGUAGE = "vie"
OCR_DPI = 200
PAGE_TIMEOUT = 120  # seconds for one page; a stuck tesseract must not hold the background pass
MISSING = ("Chưa cài Tesseract OCR với gói tiếng Việt (Debian: tesseract-ocr tesseract-ocr-vie; "
           "Windows: bộ cài Tesseract có chọn Vietnamese), nên bản quét chưa được nhận dạng chữ. "
           "Không có gì thay đổi.")


class OcrUnavailable(DomainError):
    """Tesseract or its Vietnamese data is not installed on this PC."""


def available() -> str | None:
    """None when Tesseract with Vietnamese is ready, else the Vietnamese message saying what is missing."""
    program = shutil.which("tesseract")
    if program is None:
        return MISSING
    try:
        langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return MISSING
    return None if LANGUAGE in (langs.stdout + langs.stderr).split() else MISSING


def page_text(png: bytes) -> str:
    """The text Tesseract reads on one page image (PNG bytes)."""
    program = shutil.which("tesseract")
    if program is None:
        raise OcrUnavailable(MISSING)
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(OCR_DPI)], input=png,
                              capture_output=True, timeout=PAGE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DomainError("Nhận dạng chữ một trang quá lâu; bỏ qua bản quét này.") from exc
    except OSError as exc:
        raise OcrUnavailable(MISSING) from exc
    if done.returncode != 0:
        if b"Failed loading language" in done.stderr:
            raise OcrUnavailable(MISSING)
        raise DomainError("Tesseract không đọc được trang quét này.")
    return nfc(done.stdout.decode("utf-8", "replace")).strip()


def pdf_text(pdf: bytes) -> str:
    """The text of every page of ``pdf``, pages separated by a form feed (as pdftotext does)."""
    if (problem := available()) is not None:
        raise OcrUnavailable(problem)
    texts = []
    for number in range(page_count(pdf)):
        image = rasterise(pdf, number, dpi=OCR_DPI, mode="L")
        out = io.BytesIO()
        image.save(out, "PNG")
        texts.append(page_text(out.getvalue()))
    return "\f".join(texts)
