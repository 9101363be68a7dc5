"""Dates: every accepted form, impossible dates with a fix, locale-free formatting."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parindex_site.content.dates import DateValueError, format_date, parse_date

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2022, 5, 25), "2022-05-25T00:00:00+07:00"),
        (dt.datetime(2022, 5, 25, 10, 14), "2022-05-25T10:14:00+07:00"),
        (dt.datetime(2022, 5, 25, 3, 14, tzinfo=dt.timezone.utc), "2022-05-25T10:14:00+07:00"),
        ("2022-05-25", "2022-05-25T00:00:00+07:00"),
        ("2022-05-25 10:14", "2022-05-25T10:14:00+07:00"),
        ("2022-05-25T10:14:30", "2022-05-25T10:14:30+07:00"),
        ("25/05/2022", "2022-05-25T00:00:00+07:00"),
        ("25/05/2022 10:14", "2022-05-25T10:14:00+07:00"),
        ("5/6/2022 7:05", "2022-06-05T07:05:00+07:00"),
        ("25-05-2022", "2022-05-25T00:00:00+07:00"),
        ("25.05.2022 16h37", "2022-05-25T16:37:00+07:00"),
        ("2022-05-25T10:14:00+07:00", "2022-05-25T10:14:00+07:00"),
        ("2022-05-24T23:30:00Z", "2022-05-25T06:30:00+07:00"),
        ("  2022-05-25 10:14  ", "2022-05-25T10:14:00+07:00"),
    ],
)
def test_accepted_forms_become_aware_site_time(value: object, expected: str) -> None:
    assert parse_date(value, VN).isoformat() == expected


def test_day_first_is_not_month_first() -> None:
    assert parse_date("05/06/2022", VN).date() == dt.date(2022, 6, 5)


def test_a_time_without_offset_is_in_the_given_zone_not_utc() -> None:
    moment = parse_date("2022-01-01 06:30", VN)
    assert moment.year == 2022
    assert moment.astimezone(dt.timezone.utc).isoformat() == "2021-12-31T23:30:00+00:00"
    assert parse_date("2022-01-01 06:30", ZoneInfo("UTC")).utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "31/02/2022",
            "'31/02/2022' is not a real date: February 2022 has 28 days "
            "(write it as 2022-02-28 or 28/02/2022)",
        ),
        ("29/02/2023", "February 2023 has 28 days"),
        ("2022-02-31", "(write it as 2022-02-28 or 28/02/2022)"),
        ("31/04/2022 10:00", "April 2022 has 30 days"),
        ("13/13/2022", "has month 13; months run 1-12 (dates are day first)"),
        ("25/05/2022 24:10", "impossible time (use 24-hour HH:MM"),
        ("2022-05-25 25:00", "not a valid date and time (write it as"),
        ("next Tuesday", "not a date parsite understands (write it as 2022-05-25"),
        ("", "not a date parsite understands"),
    ],
)
def test_impossible_or_unknown_dates_say_how_to_write_them(value: str, message: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(value, VN)
    assert message in str(caught.value)


@pytest.mark.parametrize("value", [20220525, 2022.5, True, ["2022-05-25"], None])
def test_values_that_are_not_dates_are_refused(value: object) -> None:
    with pytest.raises(DateValueError, match=r"expected a date, .* \(write it as 2022-05-25,"):
        parse_date(value, VN)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2022, 6, 23, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("hour", "minute", "stamp"),
    [
        (10, 14, "23/06/2022 10:14 SA"),
        (16, 37, "23/06/2022 4:37 CH"),
        (12, 5, "23/06/2022 12:05 CH"),
        (0, 30, "23/06/2022 12:30 SA"),
        (11, 59, "23/06/2022 11:59 SA"),
        (23, 0, "23/06/2022 11:00 CH"),
    ],
)
def test_sidebar_stamp_is_a_vietnamese_12_hour_clock(hour: int, minute: int, stamp: str) -> None:
    assert format_date(at(hour, minute), "%d/%m/%Y %-I:%M %p") == stamp


def test_published_line_format_and_other_codes() -> None:
    moment = dt.datetime(2022, 5, 5, 7, 3, 9, tzinfo=VN)
    assert format_date(moment, "%d - %m - %Y") == "05 - 05 - 2022"
    assert format_date(moment, "%-d/%-m/%y %H:%M:%S %I %-H%%") == "5/5/22 07:03:09 07 7%"
    assert format_date(moment, "%p", ("AM", "PM")) == "AM"


def test_unknown_format_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported date code %c"):
        format_date(at(1, 1), "%d %c")


def test_weekday_and_month_names_come_from_the_names_given_not_the_locale() -> None:
    moment = dt.datetime(2022, 6, 24, 10, 14, tzinfo=VN)  # a Friday
    assert format_date(moment, "%A, %-d %B %Y") == "Friday, 24 June 2022"
    vietnamese = (
        ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
        tuple(f"tháng {n}" for n in range(1, 13)),
    )
    assert format_date(moment, "%A, %d/%m/%Y", names=vietnamese) == "Thứ Sáu, 24/06/2022"
    assert format_date(moment, "%-d %B", names=vietnamese) == "24 tháng 6"
