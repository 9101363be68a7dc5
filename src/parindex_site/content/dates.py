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

_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[ T]+(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_YEAR_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}([ T].*)?")
HOW_TO_WRITE = "write it as 2022-05-25, 2022-05-25 10:14, 25/05/2022 or 25/05/2022 10:14"


class DateValueError(ValueError):
    """A date that cannot be understood; the message says how to write it."""


def parse_date(value: object, tz: ZoneInfo) -> dt.datetime:
    """Turn a front-matter value (YAML date, datetime or text) into an aware datetime in ``tz``.

    >>> parse_date("25/05/2022 10:14", ZoneInfo("Asia/Ho_Chi_Minh")).isoformat()
    '2022-05-25T10:14:00+07:00'
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value.strip())
    else:
        raise DateValueError(
            f"expected a date, found {type(value).__name__} {value!r} ({HOW_TO_WRITE})"
        )
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _parse_text(text: str) -> dt.datetime:
    match = _DAY_FIRST.fullmatch(text)
    if match:
        parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
        return _checked(
            text, parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"]
        )
    if _YEAR_FIRST.fullmatch(text):
        try:
            return isoparse(text)
        except ValueError:
            y, m, d = (int(p) for p in text[:10].split("-"))
            _checked(text, y, m, d, 0, 0, 0)  # names the impossible part, if that is it
            raise DateValueError(
                f"'{text}' is not a valid date and time ({HOW_TO_WRITE})"
            ) from None
    raise DateValueError(f"'{text}' is not a date parsite understands ({HOW_TO_WRITE})")


def _checked(text: str, y: int, m: int, d: int, hh: int, mm: int, ss: int) -> dt.datetime:
    if not 1 <= m <= 12:
        raise DateValueError(f"'{text}' has month {m}; months run 1-12 (dates are day first)")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise DateValueError(
            f"'{text}' is not a real date: {calendar.month_name[m]} {y} has {last} days "
            f"(write it as {y}-{m:02d}-{last:02d} or {last:02d}/{m:02d}/{y})"
        )
    if hh > 23 or mm > 59 or ss > 59:
        raise DateValueError(f"'{text}' has an impossible time (use 24-hour HH:MM, e.g. 16:37)")
    return dt.datetime(y, m, d, hh, mm, ss)


_TOKEN = re.compile(r"%(-?)([a-zA-Z%])")


def format_date(moment: dt.datetime, pattern: str, am_pm: tuple[str, str] = ("SA", "CH")) -> str:
    """Format with strftime-like codes, computed here so no system locale is involved.

    Codes: ``%d %m %Y %y %H %M %S %I %p %%``; ``%-d``, ``%-m``, ``%-H``, ``%-I`` drop the
    zero padding. ``%p`` prints ``am_pm[0]`` before noon and ``am_pm[1]`` from noon.
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
        if code == "%":
            return "%"
        raise ValueError(f"unsupported date code %{code} in {pattern!r}")

    return _TOKEN.sub(replace, pattern)
