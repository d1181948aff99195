"""Scanning numbers in running text: number words, bounds, money, ranges and dates.

:func:`scan_quantities` finds every number expression of a text at exact character
offsets, before its counted noun is known: numbers in digits or words ("two thousand" =
2,000, "Seventy-nine" = 79), approximate markers that become a bound and an interval
("about", "more than", "or more"), currencies before or after the number, ranges
("10-20", "between 10 and 20"), percentages, fractions ("half"), ranks and absolute
dates ("February 6, 2019", "in 2011"). Times of day and identifiers ("F-16",
"Flight 370") are left out.

The scanner is hand-written rather than taken from a library: the parsers on PyPI
(``word2number`` and kin) convert a string that is already known to be a number, while
the work here is finding the number in running text, with its bound, currency and range,
at exact character offsets for citations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any


UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Approximate markers before a number -> the bound they give.
BOUND_PHRASES: tuple[tuple[str, str], ...] = (
    ("no more than", "up to"), ("no fewer than", "at least"), ("no less than", "at least"),
    ("more than", "more than"), ("greater than", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("well over", "more than"), ("just over", "more than"), ("over", "more than"),
    ("above", "more than"), ("exceeding", "more than"),
    ("fewer than", "less than"), ("less than", "less than"), ("just under", "nearly"), ("under", "less than"),
    ("below", "less than"),
    ("at least", "at least"), ("a minimum of", "at least"),
    ("at most", "up to"), ("up to", "up to"), ("as many as", "up to"), ("as much as", "up to"), ("a maximum of", "up to"),
    ("approximately", "about"), ("approx.", "about"), ("about", "about"), ("around", "about"), ("roughly", "about"),
    ("some", "about"), ("an estimated", "about"), ("estimated", "about"), ("circa", "about"), ("almost", "nearly"),
    ("nearly", "nearly"), ("close to", "nearly"), ("just shy of", "nearly"), ("between", "between"),
)
BOUNDS = ("exact", "about", "nearly", "more than", "at least", "less than", "up to", "range")
# Relative tolerance of "about N".
ABOUT_TOLERANCE = 0.1

CURRENCY_SYMBOLS = {"dlrs": "USD", "dlrs.": "USD", "us dlrs": "USD", "us$": "USD", "u.s.$": "USD", "$": "USD", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "franc": "CHF",
    "francs": "CHF", "mark": "DEM", "marks": "DEM", "peso": "MXN", "pesos": "MXN", "ruble": "RUB", "rubles": "RUB",
    "rouble": "RUB", "roubles": "RUB", "riyal": "SAR", "riyals": "SAR", "dinar": "IQD", "dinars": "IQD",
    "lira": "TRY", "lire": "ITL", "won": "KRW", "crowns": "SEK", "kronor": "SEK", "krona": "SEK", "rand": "ZAR",
}

# Words after which a 4-digit number is a year.
YEAR_CUES = frozenset("in since by until till from before after during of early late mid year years circa to and through between the".split())

_NUM_WORD = "|".join(sorted([*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion)\b|(?:bn|mn|tn|m|k)\b)"
NUMBER_RE = re.compile(
    rf"(?<![\w.])(?:(?:{_DIGITS}){_SCALE}?|(?:a\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"(?:{_NUM_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUM_WORD}))*\b)",
    re.I,
)
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_RES = (
    # February 6, 2019 / Feb. 6 / Feb 6th
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"),
    # 6 February 2019
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}})\b)?"),
    # December 2018
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b"),
    # 07-Feb-2019, 2019-02-06
    re.compile(rf"\b(?P<day>\d{{1,2}})-(?P<month>{_MONTH})-(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>(?:18|19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
)
TIME_RE = re.compile(r"\b\d{1,2}(?::\d\d)+(?:\s*(?:a\.m\.|p\.m\.|am|pm|GMT|UTC))?|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", re.I)
ORDINAL_RE = re.compile(r"\b(?P<n>\d+)(?:st|nd|rd|th)\b|\bNo\.\s*(?P<no>\d+)\b|\b(?P<word>" + "|".join(ORDINAL_WORDS) + r")[\s-](?P<sup>largest|biggest|highest|lowest|smallest|place|richest|poorest|busiest|deadliest|most|worst|best|oldest|largest)\b", re.I)
FRACTION_RE = re.compile(
    r"\b(?:(?P<num>one|a|two|three|four)[\s-]+)?(?P<den>half|halves|thirds?|quarters?|fifths?)\b(?!\s*-?\s*(?:time|century|final|year|day|season))",
    re.I,
)
PERCENT_RE = re.compile(r"\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b|pct\b)", re.I)
CURRENCY_PREFIX_RE = re.compile(r"(US\$|U\.S\.\s?\$|HK\$|C\$|A\$|\$|€|£|¥|dlrs\.?|US\s+dlrs\.?)\s?$", re.I)
CURRENCY_WORD_RE = re.compile(r"\s+(?:(?:U\.S\.|US|American|Canadian|Australian|Hong\s+Kong)\s+)?(" + "|".join(CURRENCY_WORDS) + r")\b", re.I)
BOUND_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p, _ in BOUND_PHRASES) + r")\s+(?:of\s+)?$", re.I)
_BOUND_OF = dict(BOUND_PHRASES)
RANGE_RE = re.compile(r"\s*(?:-|–|—|to)\s*(?=\$|€|£|\d|[a-z])", re.I)
SUFFIX_RE = re.compile(r"(?:\s+or\s+(?P<more>more|so)\b|(?P<plus>\+|-plus\b))", re.I)
HALF_RE = re.compile(r"\s+and\s+a\s+half\b|\s+1-2\b|\s*½", re.I)  # "7 1-2 hours": newswire style for 7½
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


def words_to_number(text: str) -> float | None:
    """The value of a number written in words or digits, or ``None``.

    ``"Seventy-nine"`` -> 79, ``"two thousand"`` -> 2000, ``"three hundred and
    twelve"`` -> 312, ``"1.5 million"`` -> 1500000, ``"2,000"`` -> 2000,
    ``"a dozen"`` -> 12, ``"5bn"`` -> 5e9. Word sequences that are not one
    number ("two three") give ``None``.
    """
    t = _fold(text).strip()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = m.group(2)
        if scale:
            if scale in SCALE_WORDS:
                value *= SCALE_WORDS[scale]
            elif scale in SHORT_SCALES:
                value *= SHORT_SCALES[scale]
            else:
                return None
        return value
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    total, current, last = 0.0, 0.0, ""
    for i, w in enumerate(words):
        if w == "a" and i == 0 and len(words) > 1:
            current, last = 1.0, "a"
        elif w in UNIT_WORDS:
            if last in ("unit", "teen"):
                return None
            current += UNIT_WORDS[w]
            last = "teen" if UNIT_WORDS[w] >= 10 else "unit"
        elif w in TENS_WORDS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TENS_WORDS[w]
            last = "tens"
        elif w == "dozen":
            current = (current or 1) * 12
            last = "scale"
        elif w == "hundred":
            current = (current or 1) * 100
            last = "hundred"
        elif w in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[w]
            current, last = 0.0, "scale"
        else:
            return None
    if last == "a":
        return None
    return total + current


def _clean_value(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


@dataclass(slots=True)
class _Raw:
    """A number expression found by the scanner, before its unit is known."""

    start: int
    end: int  # end of the number expression
    number: float
    low: float
    high: float
    bound: str
    kind: str  # provisional: "number", "percent", "money", "rank", "fraction", "date"
    unit: str = ""
    value: Any = None
    num_start: int = 0  # where the digits/words begin (after bound and currency)
    num_end: int = 0


def _interval(value: float, bound: str) -> tuple[float, float]:
    if bound == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    if bound == "nearly":
        return value * (1 - ABOUT_TOLERANCE), value
    if bound in ("more than", "at least"):
        return value, math.inf
    if bound in ("less than", "up to"):
        return 0.0, value
    return value, value


def _date_value(year: int | None, month: int | None, day: int | None) -> tuple[str, float] | None:
    try:
        if year and month and day:
            d = date(year, month, day)
            return d.isoformat(), float(d.toordinal())
        if year and month:
            return f"{year:04d}-{month:02d}", float(date(year, month, 15).toordinal())
        if year:
            return f"{year:04d}", float(date(year, 7, 1).toordinal())
    except ValueError:
        return None
    return None


def _scan_dates(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            month = MONTHS.get(_fold(g["month"]).rstrip(".")) if g.get("month") else (int(g["mnum"]) if g.get("mnum") else None)
            if g.get("month") and _fold(g["month"]).rstrip(".") == "may" and not g.get("year"):
                # "may 6" is usually the verb; keep only "May 6" written with a capital.
                if not g["month"][0].isupper():
                    continue
            year = int(g["year"]) if g.get("year") else None
            day = int(g["day"]) if g.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            if year is None:
                # "Feb. 6" / "Sept. 24" without a year: a date (the timeline resolves it), never a count
                if day is not None and month:
                    taken.append((m.start(), m.end()))
                continue
            dv = _date_value(year, month, day)
            if dv is None:
                continue
            value, number = dv
            taken.append((m.start(), m.end()))
            out.append(_Raw(m.start(), m.end(), number, number, number, "exact", "date", "date", value, m.start(), m.end()))
    return out


def _left_bound(text: str, start: int) -> tuple[str, int]:
    """The bound written just before ``start`` ("more than ") and where it begins."""
    window = text[max(0, start - 30):start]
    m = BOUND_RE.search(window)
    if not m:
        return "exact", start
    phrase = _fold(m.group(1))
    bound = _BOUND_OF.get(phrase, "exact")
    return bound, start - (len(window) - m.start())


def _is_identifier(text: str, start: int, end: int) -> bool:
    """Numbers that name rather than count: "F-16", "COVID-19", "Flight 370", "9/11", "Resolution 2254"."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if re.search(r"[A-Za-z]-$", before) or re.search(r"[/]$", before) or after.startswith("/"):
        return True
    if re.match(r"-[A-Z]", after):
        return True
    prev = re.search(r"([A-Za-z][\w.'’]*)\s+$", text[max(0, start - 40):start])
    if prev and (re.search(r"['’]s?$", prev.group(1)) or re.match(r"[\s-]+(?:[a-z]+s\b|percent\b|people\b|per\s+cent\b|million\b|billion\b|thousand\b|hundred\b)", text[end:end + 20])):
        prev = None  # "Congo's 400 tribes", "Hobart 2 days": a count, not a name
    if prev:
        word = prev.group(1)
        low = _fold(word).rstrip(".")
        sentence_start = re.search(r"(?:^|[.!?\"“”]\s+|\n)\s*$", text[: start - len(prev.group(0))]) is not None
        if word[0].isupper() and not sentence_start and low not in MONTHS and low not in _BOUND_OF and low not in ("no",):
            # "Flight 370", "Resolution 2254" -- but not "U.S. 2,000" etc.
            if not re.fullmatch(r"(?:[A-Z]\.)+", word) and low not in ("us", "u.s", "the", "some", "about", "nearly", "over", "all"):
                return True
    return False


def _scan_numbers(text: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    for m in NUMBER_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        surface = m.group(0)
        number = words_to_number(surface)
        if number is None:
            # a run of number words that is not one number: keep the first word only
            first = re.match(r"\S+?(?=[\s-]|$)", surface)
            if not first:
                continue
            surface = first.group(0)
            e = s + len(surface)
            number = words_to_number(surface)
            if number is None:
                continue
        low_surface = _fold(surface)
        if _is_identifier(text, s, e):
            continue
        # a 4-digit year: "in 2011", "since 2014", "2018's"
        if re.fullmatch(r"(?:1[89]|20)\d\d", surface):
            prev = re.search(r"([A-Za-z]+)[\s-]+$", text[max(0, s - 20):s])
            nxt = text[e:e + 12]
            cue = prev and _fold(prev.group(1)) in YEAR_CUES
            if cue or re.match(r"(?:'s|\s*[,.;)]|\s+(?:and|to|when|as|after|before|election|elections|season|census|budget|law|act)\b)", nxt) or not re.match(r"\s+[a-z]", nxt):
                dv = _date_value(int(surface), None, None)
                if dv:
                    out.append(_Raw(s, e, dv[1], dv[1], dv[1], "exact", "date", "date", dv[0], s, e))
                    taken.append((s, e))
                    continue
        kind = "number"
        unit = ""
        start, end = s, e
        # currency before the number: "$350 million"
        cm = CURRENCY_PREFIX_RE.search(text[max(0, s - 6):s])
        if cm:
            kind = "money"
            unit = CURRENCY_SYMBOLS.get(_fold(cm.group(1)).replace(" ", ""), "USD")
            start = s - len(cm.group(0))
        bound, bstart = _left_bound(text, start)
        if bound != "exact":
            start = bstart
        low = high = number
        # "and a half"
        hm = HALF_RE.match(text, end)
        if hm:
            number += 0.5
            end = hm.end()
        # a range: "10-20", "between 10 and 20", "$5 to $7 million"
        rng = None
        if bound == "between":
            rm = re.match(r"\s+and\s+(?:\$|€|£)?", text[end:end + 8])
        else:
            rm = RANGE_RE.match(text, end)
            if rm and "to" in rm.group(0).lower() and re.search(r"\bfrom\s+\S*$", text[max(0, start - 12):start]):
                rm = None  # "from 10 to 20" is a change, not a range
            if rm and rm.group(0).strip() in ("-", "–", "—") and re.match(r"\s*[a-z]", text[rm.end():rm.end() + 2]):
                rm = None  # "eight-year": a hyphenated unit, handled below
        if rm:
            m2 = NUMBER_RE.match(text, end + rm.end() if bound == "between" else rm.end())
            if m2:
                n2 = words_to_number(m2.group(0))
                if n2 is not None and n2 > number:
                    # "5 to 7 million": the scale of the second applies to the first
                    if n2 >= 1000 * number and re.search(r"(?:thousand|million|billion|bn|m)$", _fold(m2.group(0))):
                        scale = n2 / (words_to_number(re.sub(r"[^\d.,]", "", m2.group(0)) or "0") or 1)
                        number *= scale
                    rng = (number, n2)
                    end = m2.end()
                    taken.append((m2.start(), m2.end()))
        if bound == "between" and rng is None:
            bound = "exact"
            start = s if not cm else start
        # percent after the number
        pm = PERCENT_RE.match(text, end)
        if pm and kind == "number":
            kind, unit = "percent", "percent"
            end = pm.end()
        # currency word after: "5 million dollars"
        cw = CURRENCY_WORD_RE.match(text, end)
        if cw and kind == "number":
            word = _fold(cw.group(1))
            ambiguous = word in ("won", "mark", "marks", "pound", "pounds", "franc", "francs", "rand", "crowns")
            if not ambiguous or (number >= 1000 and not re.match(r"\s+of\b", text[cw.end():cw.end() + 4])):
                kind, unit = "money", CURRENCY_WORDS[word]
                end = cw.end()
        sm = SUFFIX_RE.match(text, end)
        if sm and bound == "exact":
            bound = "about" if sm.group("more") and _fold(sm.group("more")) == "so" else "at least"
            end = sm.end()
        if rng:
            bound = "range"
            low, high = rng
            value: Any = [_clean_value(low), _clean_value(high)]
            number = (low + high) / 2
        else:
            low, high = _interval(number, bound)
            value = _clean_value(number)
        # a bare "one" (or "a") is almost always a pronoun or article
        if low_surface in ("one", "zero") and kind == "number":
            nxt = text[end:end + 20]
            if not re.match(r"[\s-]+(?:year|month|week|day|hour|minute|decade|century|percent)", nxt, re.I):
                continue
        out.append(_Raw(start, end, number, low, high, bound, kind, unit, value, s, e))
        taken.append((start, end))
    return out


def _scan_fractions_and_ranks(text: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    for m in FRACTION_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        den_word = _fold(m.group("den"))
        num_word = _fold(m.group("num") or "")
        nxt = text[e:e + 12]
        prev = text[max(0, s - 12):s]
        if den_word.startswith(("third", "fifth", "quarter")) and not num_word:
            continue  # "third" alone is an ordinal, "quarter" a period
        if den_word.startswith("half"):
            if re.search(r"(?:first|second|and|in|a)\s+$", prev, re.I) and not num_word:
                continue  # "second half", "in half", "one and a half" (handled with the number)
            if not num_word and not re.match(r"\s+(?:of|the|a|an|its|their|his|her|our|all)\b", nxt, re.I):
                continue
        num = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "": 1}[num_word]
        den = FRACTION_WORDS[den_word]
        if num >= den:
            continue
        bound, bstart = _left_bound(text, s)
        start = bstart if bound != "exact" else s
        number = num / den
        low, high = _interval(number, bound)
        out.append(_Raw(start, e, number, low, high, bound, "fraction", "fraction", f"{num}/{den}", s, e))
        taken.append((start, e))
    for m in ORDINAL_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        if m.group("n"):
            n = int(m.group("n"))
            if re.match(r"\s+(?:century|centuries|anniversary|birthday)", text[e:e + 14], re.I):
                continue
        elif m.group("no"):
            n = int(m.group("no"))
        else:
            n = ORDINAL_WORDS[_fold(m.group("word"))]
        out.append(_Raw(s, e, float(n), float(n), float(n), "exact", "rank", "rank", n, s, e))
        taken.append((s, e))
    return out


def scan_quantities(text: str) -> list[_Raw]:
    """Every number expression of ``text`` with its bound, before units are found (sorted by offset)."""
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in TIME_RE.finditer(text)]
    raws = _scan_dates(text)
    taken += [(r.start, r.end) for r in raws]
    raws += _scan_fractions_and_ranks(text, taken)
    raws += _scan_numbers(text, taken)
    return sorted(raws, key=lambda r: r.start)
