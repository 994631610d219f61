from __future__ import annotations

import pytest

from counterdesk.domain.dossier_code import check_national_agency
from counterdesk.domain.errors import InvalidInput
from counterdesk.domain.passwords import PUBLISHED, check_strong, strength_hint


@pytest.mark.parametrize("password", ["Ben-Thanh-2027", "kxmq-4821-TRVB", "Một cửa số 1 thật!"])
def test_strong_passwords_pass(password: str) -> None:
    assert check_strong(password, username="admin", full_name="Lê Thị Thu") == password
    assert strength_hint(password) == ""


@pytest.mark.parametrize("password, words", [
    ("Ab1-short", "10 ký tự"),
    ("alllowercaseletters", "3 trong 4"),
    ("MOTCUA@2026-Xy", "công bố"),
    ("Xin-chao-admin-1", "tên đăng nhập"),
    ("Le-Thi-Thu-2027", "tên đăng nhập"),
    ("Ab1-\x00-control-x", "điều khiển"),
])
def test_weak_passwords_are_refused_in_vietnamese(password: str, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        check_strong(password, username="admin", full_name="Lê Thị Thu")
    assert words in err.value.message


def test_the_old_demo_password_is_on_the_published_list() -> None:
    assert "motcua@2026" in PUBLISHED


@pytest.mark.parametrize("code, clean", [("000.00.01.H29", "000.00.01.H29"), (" h15.50.05.13 ", "H15.50.05.13"),
                                         ("G09.20", "G09.20"), ("000.17.22.H56", "000.17.22.H56")])
def test_national_agency_codes(code: str, clean: str) -> None:
    assert check_national_agency(code) == clean


@pytest.mark.parametrize("code", ["", "PHUONG1", "000.00.01", "H1.50", "00.00.01.H29", "H15-50-05", "000.00.01.H29.", 7])
def test_bad_agency_codes(code: object) -> None:
    with pytest.raises(InvalidInput) as err:
        check_national_agency(code)  # type: ignore[arg-type]
    assert "định danh" in err.value.message
