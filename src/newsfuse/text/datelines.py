"""Datelines: the place (and wire credit) a news story opens with.

"PHNOM PENH, Cambodia (AP) _ ", "BEIJING, March 5 (Xinhua) -- ", "WASHINGTON: ",
"(AP) -- ". One pattern for every part of newsfuse that meets them: cleaning keeps
the place as the article's ``dateline`` and the agency as its credit; the summary
never shows them; the evaluation readers take them off DUC documents.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_SEPARATOR = r"(?:_|--|\u2014|\u2013|-|:)"
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+)*"  # PHNOM PENH
    r"(?:,[ \t]*[A-Z][A-Za-z.'\-]+(?:[ \t]+[A-Z][A-Za-z.'\-]+)*)?)"  # , Cambodia
    r"(?:,?[ \t]+" + _MONTHS + r"[ \t]+\d{1,2})?"  # , August 26
    r"[ \t]*(?:\((?P<agency>[A-Za-z][A-Za-z .\-]{1,14})\)[ \t]*)?"  # (AP)
    r"" + _SEPARATOR + r"[ \t]+(?=\S)"
)
CREDIT_ONLY_RE = re.compile(r"^\((?P<agency>AP|AFP|Reuters|Xinhua|UPI|Bloomberg|dpa|Anadolu|NYT|CNN|BC)\)[ \t]*" + _SEPARATOR + r"?[ \t]*(?=[A-Z])")


class Dateline(NamedTuple):
    place: str | None  # "PHNOM PENH, Cambodia"; None for a credit alone ("(AP) -- ")
    agency: str | None  # "AP"
    end: int  # where the story's own words begin


def match_dateline(text: str) -> Dateline | None:
    """The dateline ``text`` opens with, if any.

    The place must be written in capitals (its first part at least: "PHNOM PENH,
    Cambodia") and be at most five words, so an ordinary opening ("The U.S. - said")
    is not taken for one.
    """
    m = DATELINE_RE.match(text)
    if m:
        place = m.group("place").strip().rstrip(",")
        head = place.split(",")[0]
        if head.upper() == head and len(place.split()) <= 5 and any(c.isalpha() for c in head):
            return Dateline(place, m.group("agency"), m.end())
    m = CREDIT_ONLY_RE.match(text)
    if m:
        return Dateline(None, m.group("agency"), m.end())
    return None


def strip_dateline(text: str, *, min_rest: int = 0) -> str:
    """``text`` without its opening dateline, when at least ``min_rest`` characters remain."""
    d = match_dateline(text)
    if d is None or len(text) - d.end < min_rest:
        return text
    return text[d.end:]
