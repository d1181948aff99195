"""Dates as records and feeds write them: one reader, strict or lenient.

ISO dates and datetimes ("2019-02-07", "2019-02-07T10:00:00Z"), the "YYYY-DD-MM" some
DUC records carry (read when the middle number cannot be a month), RFC 2822 dates of
feeds and mail ("Thu, 07 Feb 2019 10:00:00 GMT"), and ``date``/``datetime`` objects.

:func:`readable_date` writes the timeline's ISO labels ("2019-W07", "2025-10-16") as a
reader says them ("the week of 11 February 2019", "Thursday 16 October 2025"); every
writer and the web page show dates through it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_words(d: date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def readable_date(label: str) -> str:
    """A timeline label as a journalist writes it.

    "2025-10-16" -> "Thursday 16 October 2025", "2019-W07" -> "the week of 11 February 2019"
    (its Monday), "2018-12" -> "December 2018", "2017" -> "2017". Anything else is returned
    as it is.
    """
    text = str(label).strip()
    try:
        if m := _ISO_WEEK.match(text):
            return f"the week of {_day_words(date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1))}"
        if m := _ISO_MONTH.match(text):
            return f"{_MONTH_NAMES[int(m.group(2)) - 1]} {m.group(1)}"
        if len(text) == 10 and _YMD.match(text):
            d = date.fromisoformat(text)
            return f"{_WEEKDAY_NAMES[d.weekday()]} {_day_words(d)}"
    except (ValueError, IndexError):
        return text
    return text


def parse_date(value: object, *, strict: bool = False) -> date | None:
    """The date ``value`` states; ``None`` for ``None`` or ``""``.

    Args:
        value: a string, ``date`` or ``datetime``.
        strict: raise ``ValueError`` for a value that is not a date (records, where a
            bad date is the user's to fix) instead of returning ``None`` (pages and
            feeds, where a missing date is no reason to drop the article).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        if strict:
            raise ValueError(f"date {value!r} is not a string")
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = _YMD.match(text)
    if m:
        y, a, b = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for month, day in ((a, b), (b, a)) if a > 12 else ((a, b),):
            try:
                return date(y, month, day)
            except ValueError:
                continue
    else:
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
    if strict:
        raise ValueError(f"unreadable date {value!r}")
    return None
