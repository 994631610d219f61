"""Helpers for the printing tests: text extraction as the PDF reader sees it."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Text of each page with runs of white space collapsed (line breaks fall anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@pytest.fixture
def pages_text():  # type: ignore[no-untyped-def]
    return pdf_pages_text
