"""The printed reports read back: PDFs rasterised and their text extracted, XLSX reopened."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counterdesk.domain.clock import VN_TZ
from counterdesk.printing import daily_log, day_close, period_report
from counterdesk.printing.report_base import PrintCancelled
from counterdesk.services.day_close import Discrepancy, Reconciliation
from counterdesk.services.reports import (
    Counts,
    DailyLog,
    DayPoint,
    LogRow,
    PeriodReport,
    QueueRow,
    QueueTimes,
    Row,
)

DAY = date(2026, 11, 10)
BASE = datetime(2026, 11, 10, 7, 30, tzinfo=VN_TZ)
PROCEDURES = ["Cấp Giấy xác nhận tình trạng hôn nhân", "Đăng ký khai sinh",
              "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp"]
# NFD input on purpose: the book must print and extract it precomposed.
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ")


def make_log(n: int) -> DailyLog:
    rows = tuple(
        LogRow(stt=1000 + i, code=f"000.00.01.H29-261110-{i + 1:04d}", procedure=PROCEDURES[i % 3],
               applicant=NFD_NAME if i == 0 else f"Trần Văn Bình {i}", address_phone="Số 12 Lê Lợi, phường Sài Gòn, 0912345678",
               handling_unit="Văn phòng HĐND và UBND phường", received_at=BASE + timedelta(minutes=3 * i),
               due_at=BASE + timedelta(days=3) if i % 2 else None, returned_at=BASE + timedelta(days=2) if i % 5 == 0 else None,
               delivery="Tại Bộ phận một cửa", receiver="Trần Văn Bình" if i % 5 == 0 else "")
        for i in range(n)
    )
    return DailyLog(DAY, "Trung tâm Phục vụ hành chính công phường Sài Gòn", "UBND phường Sài Gòn", None, "", rows)


def make_close() -> Reconciliation:
    return Reconciliation(
        day=DAY, office_name="Trung tâm Phục vụ hành chính công phường Sài Gòn", parent_name="UBND phường Sài Gòn",
        tickets_issued=12, tickets_called=11, tickets_served=10, tickets_done=9, tickets_no_show=1, tickets_waiting=1,
        dossiers_received=9, receipts_printed=8, outbox_accepted=8, outbox_pending=1, outbox_quarantined=0,
        discrepancy_counts={"dossier_no_receipt": 1},
        discrepancies=(Discrepancy("dossier_no_receipt", "000.00.01.H29-261110-0004", "tiếp nhận 09:15"),),
        closed_at=datetime(2026, 11, 10, 17, 5, tzinfo=VN_TZ), closed_by="Trần Thị Bình",
    )


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (table headers wrap inside their cells)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_daily_log_header_repeats_and_pages_are_numbered(tmp_path: Path) -> None:
    pdf = daily_log.render(make_log(60))
    texts = pages_text(pdf)
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/{total}" in text
        assert "Mã hồ sơ" in text and "Nhận và trả kết quả" in text and "Hẹn trả kết quả" in text
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0] and "Mẫu số 07" in texts[0]
    assert "SỔ THEO DÕI HỒ SƠ" not in texts[1]  # title once, header on every page
    every = "\n".join(texts)
    assert unicodedata.normalize("NFC", "Nguyễn Thị Thuỷ") in every
    assert every == unicodedata.normalize("NFC", every)
    stts = [int(n) for n in re.findall(r"\b(1\d{3}) 000\.00\.01\.H29-", every)]
    assert stts[:3] == [1000, 1001, 1002] and max(stts) == 1059
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    fonts = {f["/BaseFont"] for f in (reader.pages[0]["/Resources"]["/Font"].get_object()).values()}
    assert any("LiberationSerif" in str(f) for f in fonts)  # the Times-metric face of every form


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_daily_log_rasterises(tmp_path: Path) -> None:
    src = tmp_path / "log.pdf"
    src.write_bytes(daily_log.render(make_log(30)))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(src), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(PdfReader(str(src)).pages)
    from PIL import Image

    with Image.open(pngs[0]) as im:
        assert im.width > im.height
        assert im.convert("L").getextrema()[0] < 100  # not a blank page
    text = subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Cơ quan chủ trì" in text and f"Trang {len(pngs)}/{len(pngs)}" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_every_page_repeats_the_header_for_poppler(tmp_path: Path) -> None:
    """The header is drawn once per document and reused on each page: a viewer must still show it
    (and its text) on every page, in the book alone and inside the day-close report."""
    for name, pdf in (("log", daily_log.render(make_log(45))), ("close", day_close.render(make_close(), make_log(45)))):
        src = tmp_path / f"{name}.pdf"
        src.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(src), "-"], capture_output=True, text=True, check=True).stdout
        pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
        book = pages[next(i for i, page in enumerate(pages) if "SỔ THEO DÕI HỒ SƠ" in page):]
        assert len(book) >= 2
        for page in book:
            assert "Mã hồ sơ" in page and "Nhận và trả kết quả" in page and "Phương thức nhận kết quả" in page
            assert all(f"({n})" in page for n in range(1, 12))
        assert all(f"Trang {n}/{len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_row_taller_than_the_room_left_starts_the_next_page() -> None:
    """Rows are never split: a tall row that does not fit under the rows above it goes whole to the
    next page, above the bottom margin."""
    rows = list(make_log(14).rows)
    tall = "ĐẦU1010 " + "Số 12 ngõ 34 đường Lê Lợi, " * 30 + "CUỐI1010"
    rows[10] = replace(rows[10], address_phone=tall)
    pdf = daily_log.render(replace(make_log(0), rows=tuple(rows)))
    texts = pages_text(pdf)
    assert len(texts) == 2
    assert "1009 000.00.01.H29-" in texts[0] and "ĐẦU1010" not in texts[0]
    assert "ĐẦU1010" in texts[1] and "CUỐI1010" in texts[1] and "1013 000.00.01.H29-" in texts[1]
    lows: list[float] = []
    PdfReader(io.BytesIO(pdf)).pages[1].extract_text(
        visitor_text=lambda t, cm, tm, *_: lows.append(cm[5] + tm[5]) if "CUỐI1010" in t else None)
    assert lows and min(lows) > daily_log.BOTTOM


def test_empty_day_prints_one_page_saying_so() -> None:
    texts = pages_text(daily_log.render(make_log(0)))
    assert len(texts) == 1 and "Không có hồ sơ tiếp nhận trong ngày." in texts[0] and "Trang 1/1" in texts[0]


def test_daily_log_cancel_between_pages() -> None:
    seen: list[int] = []
    with pytest.raises(PrintCancelled):
        daily_log.render(make_log(80), progress=lambda d, t: seen.append(d), cancel=lambda: len(seen) >= 1)
    assert seen == [1]


def test_daily_log_progress_counts_the_real_pages_and_ends_full() -> None:
    calls: list[tuple[int, int]] = []
    pdf = daily_log.render(make_log(80), progress=lambda done, total: calls.append((done, total)))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages > 1 and calls[-1] == (pages, pages)
    assert all(total == pages for _done, total in calls)  # the bar never runs past its end


def make_period() -> PeriodReport:
    a = Counts(carried_over=2, new_in_person=10, new_online=3, new_postal=1, early=4, on_time=5, late=2,
               pending_in_time=3, pending_overdue=1, returned=8, withdrawn=1, refused=1, processing_seconds=11 * 7200,
               ratings=4, ratings_satisfied=3)
    b = Counts(new_in_person=5, on_time=4, late=1, processing_seconds=5 * 3600)
    q = QueueTimes(tickets=20, called=18, no_show=2, wait_seconds=18 * 300, served=16, serve_seconds=16 * 600)
    daily = tuple(DayPoint(date(2026, 11, d), 3 + d % 4, 2 + d % 3, 1 + d % 2) for d in range(1, 31))
    return PeriodReport(
        start=date(2026, 11, 1), end=date(2026, 11, 30), office_name="Trung tâm Phục vụ hành chính công phường Sài Gòn",
        parent_name="UBND phường Sài Gòn", generated_at=datetime(2026, 12, 1, 8, 0, tzinfo=VN_TZ), total=a + b,
        by_field=(Row("HT", "Hộ tịch", a), Row("CT", "Chứng thực", b)),
        by_procedure=(Row("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", a), Row("2.000815", "Chứng thực bản sao", b)),
        by_clerk=(Row("3", "Lê Văn Cường", a + b),), queue_total=q, queue_by_line=(QueueRow("1", "A – Tư pháp – Hộ tịch", q),),
        queue_by_clerk=(QueueRow("3", "Lê Văn Cường", q),), daily=daily,
    )


def test_period_pdf_text() -> None:
    texts = pages_text(period_report.render_pdf(make_period()))
    every = "\n".join(texts)
    assert "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in every
    assert "Từ ngày 01/11/2026 đến ngày 30/11/2026" in every
    assert "Tổng cộng" in every and "Hộ tịch" in every and "Lê Văn Cường" in every
    assert "80,0%" in every  # on-time rate: (early 4 + on time 9 + pending in time 3) / (16 resolved + 4 pending)
    assert f"Trang {len(texts)}/{len(texts)}" in texts[-1]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0] and "Độc lập - Tự do - Hạnh phúc" in texts[0]
    assert "Số: ………/BC" in texts[0] and "ngày" in texts[0]
    numbered = pages_text(period_report.render_pdf(replace(make_period(), place_name="Sài Gòn"), number="15/BC-TTPV"))
    assert "Số: 15/BC-TTPV" in numbered[0] and "Sài Gòn, ngày" in numbered[0]
    signed = [t for t in texts if "NGƯỜI LẬP BIỂU" in t]
    assert len(signed) == 1 and "(Ký, ghi rõ họ tên và đóng dấu)" in signed[0]  # signature block kept whole


def test_period_xlsx_reopens_with_numbers_and_formats() -> None:
    report = make_period()
    wb = load_workbook(io.BytesIO(period_report.render_xlsx(report)))
    assert wb.sheetnames == ["Tổng hợp", "Theo lĩnh vực", "Theo thủ tục", "Theo cán bộ", "Hàng đợi theo dãy",
                             "Hàng đợi theo cán bộ", "Theo ngày"]
    ws = wb["Theo lĩnh vực"]
    headers = [c.value for c in ws[2]]
    assert headers[0] == "Lĩnh vực" and "Đã giải quyết: Quá hạn" in headers
    rows = {r[0].value: r for r in ws.iter_rows(min_row=3)}
    assert set(rows) == {"Hộ tịch", "Chứng thực", "Tổng cộng"}
    total = rows["Tổng cộng"]
    col = headers.index("Số hồ sơ nhận: Tổng số")
    assert total[col].value == report.total.received == 21
    rate = total[headers.index("Chỉ số: Tỷ lệ đúng hạn")]
    assert rate.value == pytest.approx(report.total.on_time_rate) and rate.number_format == "0.0%"
    assert total[col].number_format == "#,##0"
    procs = wb["Theo thủ tục"]
    assert [c.value for c in procs[3]][:2] == ["1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân"]
    days = wb["Theo ngày"]
    assert days.max_row == 2 + 30 and days["A3"].number_format == "DD/MM/YYYY"
    queue = wb["Hàng đợi theo dãy"]
    assert queue["F3"].value == pytest.approx(5.0)  # average wait, minutes


def test_day_close_pdf_with_log() -> None:
    rec = make_close()
    texts = pages_text(day_close.render(rec, make_log(20)))
    close = " ".join(t for t in texts if "SỔ THEO DÕI HỒ SƠ" not in t)  # the close report's own pages
    assert "BIÊN BẢN CHỐT SỔ CUỐI NGÀY" in texts[0] and "000.00.01.H29-261110-0004" in close
    assert "Trần Thị Bình" in close and "Không tiếp nhận (từ chối, trả lại tại quầy)" in texts[0]
    # the signature block is never split: both titles and the signer's name on the same page
    signed = [t for t in texts if "CÁN BỘ ĐỐI CHIẾU" in t]
    assert len(signed) == 1 and "LÃNH ĐẠO / PHỤ TRÁCH BỘ PHẬN MỘT CỬA" in signed[0] and "Trần Thị Bình" in signed[0]
    assert any("SỔ THEO DÕI HỒ SƠ" in t for t in texts[1:])
    assert f"Trang 1/{len(texts)}" in texts[0]
