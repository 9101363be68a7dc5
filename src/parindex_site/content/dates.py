"""Publication dates: parsed strictly, stored timezone-aware, printed without locales.

Vietnam writes dates day first (``25/05/2022``). A time without an offset is in the
site's time zone, never UTC. Formatting never goes through ``strftime`` + ``setlocale``:
build machines may have no locales, and glibc's ``vi_VN`` says AM/PM, not SA/CH.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse

from .quoting import quoted

_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:(?:[ T]+|[ ]*-[ ]*|[ ]*,[ ]*)(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:[ ]*(?P<p>SA|CH|AM|PM|sa|ch|am|pm))?)?"
)
_YEAR_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}([ T].*)?")
# Jekyll's documented `2014-12-17 11:16:21 -0800`: a space before the offset.
_SPACED_OFFSET = re.compile(r"(\d{4}-\d{2}-\d{2}[ T][\d:.]+)[ ]+([+-]\d{2}:?\d{2}|Z)")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
HOW_TO_WRITE = "write it as 2022-05-25, 2022-05-25 10:14, 25/05/2022 or 25/05/2022 10:14"
MIN_YEAR, MAX_YEAR = 1000, 9998  # one day inside datetime's range, for any offset


class DateValueError(ValueError):
    """A date that cannot be understood; the message says how to write it."""


def parse_date(value: object, tz: ZoneInfo) -> dt.datetime:
    """Turn a front-matter value (YAML date, datetime or text) into an aware datetime in ``tz``.

    >>> parse_date("25/05/2022 10:14", ZoneInfo("Asia/Ho_Chi_Minh")).isoformat()
    '2022-05-25T10:14:00+07:00'
    """
    return parse_moment(value, tz)[0]


def parse_moment(value: object, tz: ZoneInfo) -> tuple[dt.datetime, bool]:
    """``parse_date`` and whether the value was a date without a time of day."""
    date_only = False
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment, date_only = dt.datetime(value.year, value.month, value.day), True
    elif isinstance(value, str):
        text = value.strip()
        moment, date_only = _parse_text(text), bool(_DATE_ONLY.fullmatch(text))
    else:
        raise DateValueError(
            f"expected a date, found {type(value).__name__} {quoted(value)} ({HOW_TO_WRITE})"
        )
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise DateValueError(
            f"year {moment.year} is out of range (dates run from {MIN_YEAR} to {MAX_YEAR})"
        )
    try:
        return (moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)), (
            date_only
        )
    except (OverflowError, ValueError):
        raise DateValueError(f"{quoted(str(value))} is out of range ({HOW_TO_WRITE})") from None


def file_name_date(stem: str) -> tuple[dt.date, str] | None:
    """Jekyll's ``2022-06-24-title``: the date and the rest, if the name is one and real."""
    match = _FILE_DATE.fullmatch(stem)
    if not match:
        return None
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return (day, match[4]) if MIN_YEAR <= day.year <= MAX_YEAR else None


def _parse_text(text: str) -> dt.datetime:
    match = _DAY_FIRST.fullmatch(text)
    if match:
        parts = {k: int(v) if v else 0 for k, v in match.groupdict().items() if k != "p"}
        hour = _twelve_hour(text, parts["H"], match["p"])
        return _checked(text, parts["y"], parts["m"], parts["d"], hour, parts["M"], parts["S"])
    text = _SPACED_OFFSET.sub(r"\1\2", text)
    if _YEAR_FIRST.fullmatch(text):
        try:
            return isoparse(text)
        except (ValueError, OverflowError):
            y, m, d = (int(p) for p in text[:10].split("-"))
            _checked(text, y, m, d, 0, 0, 0)  # names the impossible part, if that is it
            raise DateValueError(
                f"{quoted(text)} is not a valid date and time ({HOW_TO_WRITE})"
            ) from None
    raise DateValueError(f"{quoted(text)} is not a date parsite understands ({HOW_TO_WRITE})")


def _twelve_hour(text: str, hour: int, marker: str | None) -> int:
    """``10:14 SA`` is 10:14, ``4:37 CH`` 16:37, ``12:05 CH`` 12:05, ``12:30 SA`` 00:30
    (the vi-VN culture's SA/CH, as the portal stamps them; AM/PM alike)."""
    if marker is None:
        return hour
    if not 1 <= hour <= 12:
        raise DateValueError(
            f"{quoted(text)}: with {marker.upper()} the hour runs 1-12 "
            "(or drop it and use 24-hour time)"
        )
    return hour % 12 + (12 if marker.upper() in ("CH", "PM") else 0)


def _checked(text: str, y: int, m: int, d: int, hh: int, mm: int, ss: int) -> dt.datetime:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise DateValueError(f"year {y} is out of range (dates run from {MIN_YEAR} to {MAX_YEAR})")
    if not 1 <= m <= 12:
        raise DateValueError(f"{quoted(text)} has month {m}; months run 1-12 (dates are day first)")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise DateValueError(
            f"{quoted(text)} is not a real date: {calendar.month_name[m]} {y} has {last} days "
            f"(write it as {y}-{m:02d}-{last:02d} or {last:02d}/{m:02d}/{y})"
        )
    if hh > 23 or mm > 59 or ss > 59:
        raise DateValueError(
            f"{quoted(text)} has an impossible time (use 24-hour HH:MM, e.g. 16:37)"
        )
    return dt.datetime(y, m, d, hh, mm, ss)


_TOKEN = re.compile(r"%(-?)([a-zA-Z%])")
# Names for %A and %B when the caller gives none: enough to check a pattern in config.
ENGLISH_NAMES = (
    tuple(calendar.day_name[n] for n in range(7)),
    tuple(calendar.month_name[n] for n in range(1, 13)),
)


def format_date(
    moment: dt.datetime,
    pattern: str,
    am_pm: tuple[str, str] = ("SA", "CH"),
    names: tuple[tuple[str, ...], tuple[str, ...]] = ENGLISH_NAMES,
) -> str:
    """Format with strftime-like codes, computed here so no system locale is involved.

    Codes: ``%d %m %Y %y %H %M %S %I %p %A %B %%``; ``%-d``, ``%-m``, ``%-H``, ``%-I``
    drop the zero padding. ``%p`` prints ``am_pm[0]`` before noon and ``am_pm[1]`` from
    noon; ``%A`` and ``%B`` print the weekday (Monday first) and month of ``names``, the
    edition's interface words ("Thứ Sáu", "tháng 6"), never the system locale's.
    """
    hour12 = moment.hour % 12 or 12
    numbers = {
        "d": moment.day,
        "m": moment.month,
        "H": moment.hour,
        "M": moment.minute,
        "S": moment.second,
        "I": hour12,
    }

    def replace(match: re.Match[str]) -> str:
        unpadded, code = match.groups()
        if code in numbers:
            return str(numbers[code]) if unpadded else f"{numbers[code]:02d}"
        if code == "Y":
            return f"{moment.year:04d}"
        if code == "y":
            return f"{moment.year % 100:02d}"
        if code == "p":
            return am_pm[0] if moment.hour < 12 else am_pm[1]
        if code == "A":
            return names[0][moment.weekday()]
        if code == "B":
            return names[1][moment.month - 1]
        if code == "%":
            return "%"
        raise ValueError(f"unsupported date code %{code} in {pattern!r}")

    return _TOKEN.sub(replace, pattern)
