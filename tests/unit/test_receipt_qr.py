from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.receipt_qr import looks_like_code, payload, sign, verify

SECRET = "office-secret"
CODE = "000.00.01.H29-261120-0007"


def test_round_trip() -> None:
    text = payload(CODE, SECRET)
    assert text.startswith("CD1|000.00.01.H29-261120-0007|")
    assert verify(text, SECRET) == CODE
    assert looks_like_code(CODE)
    assert looks_like_code("H15.50.05.13-261008-0975")


def test_forged_or_other_office() -> None:
    forged = f"CD1|{CODE}|{'A' * 16}"
    with pytest.raises(InvalidInput, match="chữ ký"):
        verify(forged, SECRET)
    with pytest.raises(InvalidInput):
        verify(payload(CODE, "another office"), SECRET)
    tampered = payload(CODE, SECRET).replace("0007", "0008")
    with pytest.raises(InvalidInput):
        verify(tampered, SECRET)


def test_signature_carries_no_personal_data() -> None:
    assert len(sign(CODE, SECRET)) == 16
    assert payload(CODE, SECRET).count("|") == 2


@given(st.text(max_size=300))
def test_garbage_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        verify(text, SECRET)
