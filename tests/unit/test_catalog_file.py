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


# Official titles as published in the national TTHC database (legal-rules.md §9 codes): the commas
# are part of the name citizens see on their receipt.
OFFICIAL_TITLES = {
    "1.000689": "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    "1.004859": "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp "
                "hoặc chứng nhận",
    "2.000884": "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường "
                "hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
    "2.000942": "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
    "1.001570": "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
    "1.001699": "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    "1.001653": "Đổi, cấp lại Giấy xác nhận khuyết tật",
}


def test_shipped_names_are_the_official_titles_commas_and_all() -> None:
    rows = {r.code: r for r in parse_csv(resource_path("catalog", "procedures.csv").read_text(encoding="utf-8"))}
    for code, title in OFFICIAL_TITLES.items():
        assert rows[code].name == title
    assert rows["2.000815"].documents[0].name == "Bản chính giấy tờ, văn bản"


def test_commas_survive_the_csv_quoting() -> None:
    header = ",".join(COLUMNS)
    text = header + '\n1.001653,"Đổi, cấp lại Giấy xác nhận khuyết tật",BTXH,Bảo trợ xã hội,5,working_days,,0,' \
                    '"Miễn, giảm",UBND,,D,"Đơn đề nghị [1/0]; Giấy tờ, văn bản kèm theo [0/1]"'
    row = parse_csv(text)[0]
    assert row.name == "Đổi, cấp lại Giấy xác nhận khuyết tật" and row.fee_note == "Miễn, giảm"
    assert [d.name for d in row.documents] == ["Đơn đề nghị", "Giấy tờ, văn bản kèm theo"]


def test_every_shipped_procedure_names_its_result_and_older_files_still_import() -> None:
    rows = parse_csv(resource_path("catalog", "procedures.csv").read_text(encoding="utf-8"))
    assert all(r.result_document for r in rows)
    assert {r.code: r.result_document for r in rows}["1.001193"] == "Giấy khai sinh (bản chính)"
    old = ",".join(COLUMNS) + "\n1.000894,Đăng ký kết hôn,HT,Hộ tịch,5,working_days,,0,,UBND,,A,Tờ khai [1/0]"
    assert parse_csv(old)[0].result_document == ""  # the column is optional
