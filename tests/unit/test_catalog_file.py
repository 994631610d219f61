from __future__ import annotations

import pytest

from counterdesk.domain.errors import InvalidInput
from counterdesk.paths import resource_path
from counterdesk.services.catalog import COLUMNS, BadRows, parse_csv, parse_documents


def test_shipped_catalogue_is_valid_and_large_enough() -> None:
    rows = parse_csv(resource_path("catalog", "procedures.csv").read_text(encoding="utf-8"))
    assert len(rows) >= 25
    assert len({r.code for r in rows}) == len(rows)
    assert all(r.documents for r in rows)
    assert {"same_day", "working_days"} <= {r.unit for r in rows}


def test_documents_syntax() -> None:
    docs = parse_documents("Tờ khai [1/0]; Bản sao giấy tờ [0/2]?")
    assert [(d.name, d.originals, d.copies, d.required) for d in docs] == [
        ("Tờ khai", 1, 0, True),
        ("Bản sao giấy tờ", 0, 2, False),
    ]
    with pytest.raises(InvalidInput):
        parse_documents("Tờ khai không có số lượng")


def test_every_bad_row_is_reported_by_line() -> None:
    header = ",".join(COLUMNS)
    text = "\n".join([
        header,
        "1.000894,Đăng ký kết hôn,HT,Hộ tịch,5,working_days,,0,,UBND,,A,Tờ khai [1/0]",
        "9.99,Sai,HT,Hộ tịch,5,working_days,,0,,UBND,,A,Tờ khai [1/0]",
        "1.000895,Thời hạn âm,HT,Hộ tịch,-1,working_days,,0,,UBND,,A,Tờ khai [1/0]",
        "1.000896,Giờ chốt sai,HT,Hộ tịch,1,working_days,25:00,0,,UBND,,A,Tờ khai [1/0]",
        "1.000894,Trùng mã,HT,Hộ tịch,5,working_days,,0,,UBND,,A,Tờ khai [1/0]",
    ])
    with pytest.raises(InvalidInput) as err:
        parse_csv(text)
    msg = err.value.message
    for line in (3, 4, 5, 6):
        assert f"dòng {line}" in msg
    assert "dòng 2" not in msg
    assert isinstance(err.value, BadRows)
    assert [line for line, _why in err.value.problems] == [3, 4, 5, 6]


def test_text_longer_than_its_column_is_a_bad_row() -> None:
    """SQLite would keep it, PostgreSQL would fail half-way through the write: refused by line instead."""
    text = "\n".join([
        ",".join(COLUMNS),
        f"1.000894,Đăng ký kết hôn,HT,{'Hộ tịch ' * 30},5,working_days,,0,,UBND,,A,Tờ khai [1/0]",
    ])
    with pytest.raises(BadRows) as err:
        parse_csv(text)
    assert err.value.problems == ((2, "cột field_name dài quá 200 ký tự"),)


def test_missing_columns() -> None:
    with pytest.raises(InvalidInput, match="thiếu cột"):
        parse_csv("code,name\n1.000894,x\n")
