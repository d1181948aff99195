"""Dates as records and feeds write them: one reader, strict or lenient.

ISO dates and datetimes ("2019-02-07", "2019-02-07T10:00:00Z"), the "YYYY-DD-MM" some
DUC records carry (read when the middle number cannot be a month), RFC 2822 dates of
feeds and mail ("Thu, 07 Feb 2019 10:00:00 GMT"), and ``date``/``datetime`` objects.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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
