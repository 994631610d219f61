"""Domain rules of the working calendar and due dates (DESIGN §3.1), without a database."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from counterdesk.domain.baseline import baseline
from counterdesk.domain.calendar import WorkingCalendar, parse_sessions
from counterdesk.domain.calendar_file import parse_year_file, render_year_file
from counterdesk.domain.clock import VN_TZ, iso_vn, parse_vn_iso
from counterdesk.domain.due import compute_due, reschedule, restart_after_supplement
from counterdesk.domain.errors import Conflict, InvalidInput
from counterdesk.paths import resource_path
from tests.acceptance_data import case_id, due_cases

CUT = time(15, 0)


def official_calendar(**kw: object) -> WorkingCalendar:
    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for year in (2025, 2026):
        parsed = parse_year_file(resource_path("calendars", f"{year}.txt").read_text(encoding="utf-8"))
        off.update(parsed.off)
        work.update(parsed.working)
    return WorkingCalendar(off, work, baseline=baseline, data_years=(2025, 2026), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return official_calendar()


def vn(text: str) -> datetime:
    return parse_vn_iso(text)


@pytest.mark.parametrize("case", due_cases(), ids=case_id)
def test_acceptance_cases_in_domain(cal: WorkingCalendar, case: dict[str, object]) -> None:
    result = compute_due(cal, vn(str(case["received"])), Decimal(str(case["duration"])), str(case["unit"]), cutoff=CUT)
    assert iso_vn(result.due) == str(case["due"]) + "+07:00"


def test_official_days_and_makeup_saturdays(cal: WorkingCalendar) -> None:
    for off in ("2026-01-02", "2026-02-16", "2026-02-20", "2026-04-27", "2026-08-31", "2026-09-01", "2026-11-24",
                "2025-01-27", "2025-04-07", "2025-05-02", "2025-09-01"):
        assert not cal.is_working_day(date.fromisoformat(off)), off
    for work in ("2025-04-26", "2026-01-10", "2026-08-22", "2026-02-23", "2026-11-25"):
        assert cal.is_working_day(date.fromisoformat(work)), work
    assert not cal.is_provisional(2026) and not cal.is_provisional(2025)


def test_explanation_names_the_tet_break(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-02-11T09:00"), 3, "working_days", cutoff=CUT)
    assert r.due == datetime(2026, 2, 23, 9, 0, tzinfo=VN_TZ)  # Thu 12, Fri 13, Mon 23
    assert r.working_days == 3
    assert r.skipped == ("nghỉ Tết Nguyên đán 14/02–22/02/2026",)
    assert r.explanation == "3 ngày làm việc; không tính nghỉ Tết Nguyên đán 14/02–22/02/2026"
    assert r.provisional is False


def test_makeup_saturday_is_named(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-01-08T11:45"), 3, "working_days", cutoff=CUT)
    assert "thứ Bảy làm bù 10/01/2026" in r.explanation
    assert "nghỉ giữa buổi" in r.explanation
    assert r.start == datetime(2026, 1, 8, 13, 30, tzinfo=VN_TZ)


def test_start_rules(cal: WorkingCalendar) -> None:
    before = compute_due(cal, vn("2026-03-10T06:50"), 1, "working_days", cutoff=CUT)
    assert before.start == datetime(2026, 3, 10, 7, 30, tzinfo=VN_TZ)
    at_cutoff = compute_due(cal, vn("2026-03-10T15:00"), 1, "working_days", cutoff=CUT)
    assert at_cutoff.due == datetime(2026, 3, 11, 15, 0, tzinfo=VN_TZ)
    no_cutoff = compute_due(cal, vn("2026-03-10T16:40"), 1, "working_days", cutoff=None)
    assert no_cutoff.due == datetime(2026, 3, 11, 16, 40, tzinfo=VN_TZ)
    after_close = compute_due(cal, vn("2026-03-10T17:05"), 1, "working_days", cutoff=None)
    assert after_close.start == datetime(2026, 3, 11, 7, 30, tzinfo=VN_TZ)
    assert "sau giờ làm việc" in after_close.explanation
    weekend = compute_due(cal, vn("2026-03-14T09:00"), 1, "working_days", cutoff=CUT)
    assert weekend.start == datetime(2026, 3, 16, 7, 30, tzinfo=VN_TZ)


def test_business_time_regardless_of_input_zone(cal: WorkingCalendar) -> None:
    utc = datetime.fromisoformat("2026-02-12T03:00+00:00")  # 10:00 in Hà Nội
    r = compute_due(cal, utc, 2, "working_days", cutoff=CUT)
    assert iso_vn(r.due) == "2026-02-23T10:00+07:00"


def test_end_of_day_policy(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-02-12T10:00"), 2, "working_days", cutoff=CUT, policy="end_of_day")
    assert r.due == datetime(2026, 2, 23, 17, 0, tzinfo=VN_TZ)
    hours = compute_due(cal, vn("2026-03-10T08:00"), 2, "working_hours", cutoff=CUT, policy="end_of_day")
    assert hours.due == datetime(2026, 3, 10, 10, 0, tzinfo=VN_TZ)


def test_working_hours_cross_lunch_and_days(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-03-10T10:30"), 2, "working_hours", cutoff=CUT)
    assert r.due == datetime(2026, 3, 10, 14, 30, tzinfo=VN_TZ)
    exact = compute_due(cal, vn("2026-03-10T13:30"), Decimal("3.5"), "working_hours", cutoff=CUT)
    assert exact.due == datetime(2026, 3, 10, 17, 0, tzinfo=VN_TZ)
    long = compute_due(cal, vn("2026-02-13T07:30"), 16, "working_hours", cutoff=CUT)
    # 7.5 h Fri 13/2, Tết, 7.5 h Mon 23/2, 1 h Tue 24/2
    assert long.due == datetime(2026, 2, 24, 8, 30, tzinfo=VN_TZ)
    assert long.working_days is None
    assert long.skipped == ("nghỉ Tết Nguyên đán 14/02–22/02/2026",)


def test_fractional_working_days_are_eight_hours_a_day(cal: WorkingCalendar) -> None:
    half = compute_due(cal, vn("2026-03-10T08:00"), Decimal("0.5"), "working_days", cutoff=CUT)
    assert half.due == datetime(2026, 3, 10, 14, 0, tzinfo=VN_TZ)  # 3.5 h before lunch + 0.5 h after
    one_half = compute_due(cal, vn("2026-03-10T08:00"), Decimal("1.5"), "working_days", cutoff=CUT)
    assert one_half.due == datetime(2026, 3, 11, 14, 0, tzinfo=VN_TZ)
    assert "0,5 ngày tính là 4 giờ làm việc" in one_half.explanation


def test_calendar_days_and_months(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-01-30T10:00"), 1, "months", cutoff=CUT)
    assert r.due == datetime(2026, 3, 2, 10, 0, tzinfo=VN_TZ)  # 28/02 is a Saturday → Monday 02/03
    d = compute_due(cal, vn("2026-02-10T10:00"), 5, "calendar_days", cutoff=CUT)
    assert d.due == datetime(2026, 2, 23, 10, 0, tzinfo=VN_TZ)
    assert d.skipped == ("nghỉ Tết Nguyên đán 14/02–22/02/2026",)
    assert d.working_days is None


def test_same_day(cal: WorkingCalendar) -> None:
    r = compute_due(cal, vn("2026-03-10T09:00"), 0, "same_day", cutoff=CUT)
    assert r.due == datetime(2026, 3, 10, 17, 0, tzinfo=VN_TZ)
    late = compute_due(cal, vn("2026-03-10T15:01"), 0, "same_day", cutoff=CUT)
    assert late.due == datetime(2026, 3, 11, 17, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize(("duration", "unit", "words"), [
    (-1, "working_days", "không được âm"),
    (0, "working_days", "lớn hơn 0"),
    (10_000, "working_days", "vượt quá"),
    (Decimal("1.5"), "months", "số nguyên"),
    ("abc", "working_days", "không phải là số"),
    (float("nan"), "working_hours", "hữu hạn"),
    (1, "weeks", "không hợp lệ"),
    (2, "same_day", "chỉ nhận thời hạn 0"),
    (Decimal("0.001"), "working_hours", "2 chữ số"),
])
def test_bad_durations(cal: WorkingCalendar, duration: object, unit: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        compute_due(cal, vn("2026-03-10T09:00"), duration, unit, cutoff=CUT)  # type: ignore[arg-type]


def test_provisional_year_is_flagged_until_confirmed() -> None:
    cal = official_calendar()
    r = compute_due(cal, vn("2027-02-03T10:00"), 5, "working_days", cutoff=CUT)
    assert r.provisional and "2027" in r.explanation and "tạm tính" in r.explanation
    assert r.due == datetime(2027, 2, 17, 10, 0, tzinfo=VN_TZ)  # Tết 2027: 04/02–10/02
    confirmed = official_calendar(confirmed_years=[2027])
    assert not compute_due(confirmed, vn("2027-02-03T10:00"), 5, "working_days", cutoff=CUT).provisional


def test_baseline_uses_vietnamese_lunar_calendar() -> None:
    off, _ = baseline(2030)
    assert off[date(2030, 2, 2)] == "Tết Nguyên đán"  # Vietnam: 2/2/2030 (China: 3/2)
    off85, _ = baseline(1985)
    assert date(1985, 1, 21) in off85


def test_office_overrides_beat_official_days() -> None:
    cal = WorkingCalendar({date(2026, 3, 11): "Nghỉ sự kiện phường"}, {date(2026, 3, 14): "Trực thứ Bảy"})
    assert not cal.is_working_day(date(2026, 3, 11))
    assert cal.is_working_day(date(2026, 3, 14))
    assert cal.add_working_days(date(2026, 3, 10), 2) == date(2026, 3, 13)
    assert cal.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 14)
    assert cal.working_days_between(date(2026, 3, 10), date(2026, 3, 16)) == 4
    assert cal.add_working_days(date(2026, 3, 16), -4) == date(2026, 3, 10)
    with pytest.raises(InvalidInput):
        WorkingCalendar({date(2026, 3, 11)}, {date(2026, 3, 11)})


def test_custom_sessions() -> None:
    cal = WorkingCalendar(sessions=parse_sessions("08:00-12:00,13:00-16:30"))
    r = compute_due(cal, vn("2026-03-10T12:30"), 1, "working_days", cutoff=None)
    assert r.due == datetime(2026, 3, 11, 13, 0, tzinfo=VN_TZ)
    with pytest.raises(InvalidInput):
        parse_sessions("13:00-12:00")


def test_restart_after_supplement_restarts_from_zero(cal: WorkingCalendar) -> None:
    r = restart_after_supplement(cal, vn("2026-02-12T16:00"), 2, "working_days", cutoff=CUT)
    assert r.due == datetime(2026, 2, 24, 7, 30, tzinfo=VN_TZ)
    assert "hồ sơ bổ sung" in r.explanation


def test_reschedule_only_once(cal: WorkingCalendar) -> None:
    current = vn("2026-02-12T10:00")
    r = reschedule(cal, current, vn("2026-02-24T10:00"), already_rescheduled=False)
    assert r.working_days == 3 and "gia hạn một lần" in r.explanation
    with pytest.raises(Conflict):
        reschedule(cal, current, vn("2026-02-24T10:00"), already_rescheduled=True)
    with pytest.raises(InvalidInput, match="không phải ngày làm việc"):
        reschedule(cal, current, vn("2026-02-16T10:00"), already_rescheduled=False)
    with pytest.raises(InvalidInput, match="ngoài giờ"):
        reschedule(cal, current, vn("2026-02-24T12:00"), already_rescheduled=False)
    with pytest.raises(InvalidInput, match="sau thời hạn"):
        reschedule(cal, current, vn("2026-02-11T10:00"), already_rescheduled=False)


def test_year_file_round_trip_and_errors(cal: WorkingCalendar) -> None:
    days = [cal.day_status(date.fromordinal(o)) for o in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal())]
    text = render_year_file(2026, days)
    parsed = parse_year_file(text)
    official = parse_year_file(resource_path("calendars", "2026.txt").read_text(encoding="utf-8"))
    assert parsed.off == official.off and parsed.working == official.working
    bad = "year: 2026\n2026-02-30 off Sai\n2026-03-01 nap X\n2025-01-01 off Năm khác\n2026-05-01 off ok\n"
    with pytest.raises(InvalidInput) as err:
        parse_year_file(bad)
    message = err.value.message
    assert "dòng 2" in message and "dòng 3" in message and "dòng 4" in message and "dòng 5" not in message
    with pytest.raises(InvalidInput, match="thiếu dòng 'year"):
        parse_year_file("2026-01-01 off X\n")


def test_off_period_across_new_year_and_label_wording() -> None:
    cal = WorkingCalendar({date(2026, 12, 31): "Nghỉ cuối năm"}, baseline=baseline, data_years=())
    r = compute_due(cal, vn("2026-12-30T09:00"), 1, "working_days", cutoff=CUT)
    assert r.due == datetime(2027, 1, 4, 9, 0, tzinfo=VN_TZ)
    assert r.skipped == ("nghỉ cuối năm và Tết Dương lịch 31/12/2026–03/01/2027",)


@pytest.mark.parametrize("moment", ["1800-01-01T10:00", "2101-01-01T10:00"])
def test_receipt_years_out_of_range(cal: WorkingCalendar, moment: str) -> None:
    with pytest.raises(InvalidInput, match="ngoài khoảng"):
        compute_due(cal, vn(moment), 1, "working_days", cutoff=CUT)


def test_year_file_accepts_vietnamese_words_and_bom() -> None:
    text = "\ufeff# lịch\nnăm: 2027\nnguồn: Thông báo thử\n2027-02-04..2027-02-10 nghỉ Tết Nguyên đán\n2027-02-20 làm việc Làm bù\n"
    parsed = parse_year_file(text)
    assert parsed.year == 2027 and parsed.source == "Thông báo thử"
    assert len(parsed.off) == 7 and parsed.off[date(2027, 2, 4)] == "Tết Nguyên đán"
    assert parsed.working == {date(2027, 2, 20): "Làm bù"}
    with pytest.raises(InvalidInput, match="dòng 3: ngày 01/01/2027 đã được khai báo"):
        parse_year_file("year: 2027\n2027-01-01 off A\n2027-01-01 working B\n")
