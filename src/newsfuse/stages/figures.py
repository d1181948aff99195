"""Figures: the quantities each article states, lined up across outlets.

Two steps, both usable on their own:

1. :func:`extract_figures` finds the quantities an article states: counts
   ("2,000 troops", "Seventy-nine countries"), percentages, money ("$350
   million"), durations ("17 years"), ages, ranks, fractions ("half") and
   absolute dates ("February 6, 2019", "in 2011"). Numbers written in words are
   parsed ("two thousand" = 2,000, "Seventy-nine" = 79), approximate markers
   ("about", "more than", "nearly", "at least", "up to", "or more") become a
   ``bound`` and an interval, and the counted thing comes from the following
   noun phrase: spaCy's dependency parse in default mode, the next nouns by
   pattern in fast mode.
2. :func:`align_figures` groups mentions of the same quantity across outlets
   (same kind and unit, no clash of the places around them, similar words
   around the number and similar sentences) and classifies each group:
   ``agree`` (same value; "about 2,000" and "2,000" agree), ``compatible``
   (values that can both be true: "more than 70" and "79"), ``conflict``
   (values that cannot: 12 and 14 dead) or ``single`` (one outlet, or outlets
   that only carry the same wire copy).

The number scanner is hand-written rather than taken from a library: the
parsers on PyPI (``word2number`` and kin) convert a string that is already
known to be a number, while the work here is finding the number in running
text, with its bound, currency, range and counted noun, at exact character
offsets for citations.

The ``figures`` stage assigns ``cluster.figures``: :class:`FigureGroup` items,
conflicts first, then compatible, agree and single groups.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from ..model import Article, Citation, Cluster, Sentence
from ..pipeline import parsed, stage
from ..settings import Settings

# ----------------------------------------------------------------- vocabulary

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
DURATION_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "month": "month",
    "year": "year", "decade": "decade", "century": "century", "fortnight": "week",
}
# Counted nouns that denote the same thing ("2,000 troops" / "2,000 U.S. military forces").
UNIT_SYNONYMS = {
    "troop": "troop", "soldier": "troop", "force": "troop", "personnel": "troop", "serviceman": "troop",
    "servicemember": "troop", "marine": "troop", "trooper": "troop",
    "person": "person", "people": "person", "individual": "person",
    "country": "country", "nation": "country",
    "death": "death", "dead": "death", "fatality": "death", "casualty": "casualty",
    "injury": "injury", "injured": "injury", "wounded": "injury",
    "firefighter": "firefighter", "fireman": "firefighter", "firemen": "firefighter",
    "worker": "worker", "employee": "worker", "staff": "worker",
    "child": "child", "kid": "child", "children": "child",
    "resident": "person", "inhabitant": "person", "citizen": "person", "civilian": "person",
}
# Verbs and nouns of the event a count is about, folded to one class:
# "were injured" / "were hurt" / "injuries of" are the same event.
VERB_CLASS = {
    "die": "die", "kill": "die", "perish": "die", "drown": "die",
    "injure": "injure", "wound": "injure", "hurt": "injure",
    "evacuate": "evacuate", "arrest": "arrest", "detain": "arrest", "rescue": "rescue", "save": "rescue",
    "displace": "displace", "send": "deploy", "deploy": "deploy", "dispatch": "deploy", "station": "deploy",
}
NOUN_CLASS = {
    "evacuation": "evacuate", "death": "die", "killing": "die", "injury": "injure", "rescue": "rescue",
    "arrest": "arrest", "detention": "arrest", "deployment": "deploy", "displacement": "displace",
}
# Event classes that turn "people" into a more specific count: "360,000 people have died" counts deaths.
CLASS_UNITS = {"die": "death", "injure": "injury", "evacuate": "evacuee", "arrest": "arrest", "rescue": "rescued", "displace": "displaced"}
VERB_UNITS = {v: CLASS_UNITS[c] for v, c in VERB_CLASS.items() if c in CLASS_UNITS}
# Units that are "person" counts made specific by their event; they may line up with a plain "people" count.
DERIVED_UNITS = frozenset(CLASS_UNITS.values()) - {"arrest"}
# Units too common to say on their own that two counts are the same quantity.
GENERIC_UNITS = frozenset("person year month week day hour minute percent time thing one other".split())
FUNCTION_WORDS = frozenset(
    """
    a an the of to in on at by for from with and or but as than that this these those which who whom whose
    is are was were be been being has have had do does did will would can could may might must shall should
    it its their his her our your my he she they we you i them him us me there here then than so not no
    all each every any some more most less least other another such only also just about over under into
    out up down off per since until till while when where after before during between among through
    """.split()
)
PRONOUN_HEADS = frozenset("it they them he she we you i this that these those which who what one ones".split())
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


def _lemma(word: str) -> str:
    """A cheap English singular for fast mode: countries -> country, troops -> troop."""
    w = _fold(word).strip(".")
    if w in ("people", "children", "men", "women", "firemen", "police", "personnel", "staff", "data", "news"):
        return {"children": "child", "men": "man", "women": "woman", "firemen": "fireman"}.get(w, w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def unit_key(lemma: str) -> str:
    """The comparison key of a counted noun: synonyms share one ("force" -> "troop")."""
    lemma = _fold(lemma)
    return UNIT_SYNONYMS.get(lemma, lemma)


# ------------------------------------------------------------------ data


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantity as one article states it.

    Attributes:
        article_id, source_id, sentence_index: where it is stated.
        start, end: character offsets of the number expression in
            ``Article.text`` (bound words, currency and range included:
            "more than 70", "$350 million").
        text: the expression with its counted noun ("more than 70 countries").
        value: the JSON value: a number, "1/2" for a fraction, an ISO date
            ("2019-02-06", "2018-12", "2011") for a date.
        number: ``value`` as a float for comparisons (days since year 1 for dates).
        low, high: the interval the statement allows (``math.inf`` when open).
        bound: "exact", "about", "nearly", "more than", "at least", "less than",
            "up to" or "range".
        kind: "count", "percent", "money", "duration", "age", "rank",
            "fraction" or "date".
        unit: comparison key of what is counted: a noun lemma or synonym class
            ("troop"), a currency ("USD"), "percent", a duration unit ("year").
        noun: the counted noun as written ("troops"), "" when none was found.
        verb: the verb the counted noun is subject or object of, as written ("died").
        event: the class of that verb, or of a noun such as "evacuation of",
            that says what happened to what is counted ("injure" for "hurt",
            "wounded" and "injuries"; "" when none is known).
        places: places named near the number (folded), not counting those
            inside its own noun phrase ("U.S." in "2,000 U.S. troops").
        sentence_places: places named anywhere in the sentence.
        context: content-word lemmas within a few words of the number.
    """

    article_id: str
    source_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    value: Any
    number: float
    low: float
    high: float
    bound: str
    kind: str
    unit: str
    noun: str = ""
    verb: str = ""
    event: str = ""
    places: frozenset[str] = frozenset()
    sentence_places: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()

    def citation(self) -> Citation:
        return Citation(self.source_id, self.article_id, self.sentence_index, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "text": self.text, "bound": self.bound, "kind": self.kind, "unit": self.unit,
            "source": self.source_id, "sentence": self.sentence_index, "start": self.start, "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class FigureValue:
    """One value of a figure group and every outlet stating it.

    ``independent`` counts the separate reports among ``sources``: two outlets
    running the same wire copy count once.
    """

    value: Any
    text: str
    bound: str
    sources: tuple[str, ...]
    independent: int
    citations: tuple[Citation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "text": self.text,
            "bound": self.bound,
            "sources": list(self.sources),
            "independent": self.independent,
            "citations": [{"source": c.source_id, "sentence": c.sentence_index, "start": c.start, "end": c.end} for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """The same quantity across outlets: what it counts, its values and whether they agree."""

    about: str
    status: str  # "conflict", "compatible", "agree" or "single"
    kind: str
    unit: str
    values: tuple[FigureValue, ...]
    figures: tuple[Figure, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for v in self.values:
            for s in v.sources:
                seen.setdefault(s, None)
        return tuple(sorted(seen, key=_source_order))

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "status": self.status,
            "kind": self.kind,
            "unit": self.unit,
            "values": [v.to_dict() for v in self.values],
        }


STATUS_ORDER = {"conflict": 0, "compatible": 1, "agree": 2, "single": 3}
KIND_ORDER = {"count": 0, "money": 1, "percent": 2, "fraction": 3, "duration": 4, "age": 5, "rank": 6, "date": 7}


def _source_order(sid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", sid)
    return (int(digits) if digits else 0, sid)


# ------------------------------------------------------------- extraction


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


# ---- counted noun, places and context


@dataclass(slots=True)
class _Info:
    noun: str = ""
    lemma: str = ""
    noun_end: int = 0
    verb: str = ""
    verb_lemma: str = ""
    event: str = ""
    places: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()


def _place_key(text: str) -> str:
    t = _fold(text).strip(" .,'\"")
    t = re.sub(r"^the\s+", "", t)
    t = t.replace(".", "")
    return {"us": "united states", "usa": "united states", "america": "united states", "uk": "united kingdom",
            "britain": "united kingdom", "great britain": "united kingdom"}.get(t, t)


def _info_spacy(doc: Any, raw: _Raw, sent_span: Any) -> _Info:
    span = doc.char_span(raw.num_start, raw.num_end, alignment_mode="expand")
    expr = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    info = _Info()
    if span is None or len(span) == 0 or expr is None:
        return info
    inside = set(range(expr.start, expr.end))
    noun_tok = None
    # the head noun the number modifies: "2,000 troops", "$350 million shortfall"
    tok = span[-1]
    for _ in range(4):
        if tok.head is tok:
            break
        head = tok.head
        if head.i in inside:
            tok = head
            continue
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos") and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i and not head.like_num:
            noun_tok = head
        elif tok.dep_ in ("nummod", "quantmod", "compound") and (head.like_num or head.pos_ in ("NUM", "SYM")):
            tok = head
            continue
        break
    if noun_tok is None:
        # next tokens: "7,000 of the troops", "eight-year conflict", "100 percent of the caliphate"
        j = expr.end
        hyphen = j < len(doc) and doc[j].text == "-"
        if hyphen:
            j += 1
        if j < len(doc) and doc[j].lower_ == "of" and j + 1 < len(doc):
            k = j + 1
            while k < len(doc) and (doc[k].pos_ in ("DET", "ADJ", "PRON", "PROPN", "NUM") or doc[k].like_num) and k < j + 5:
                k += 1
            if k < len(doc) and doc[k].pos_ == "NOUN":
                while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k].dep_ == "compound":
                    k += 1
                noun_tok = doc[k]
        elif j < len(doc):
            k = j
            while k < len(doc) and k < j + 3 and doc[k].pos_ in ("ADJ", "PROPN") and doc[k].dep_ in ("compound", "amod", "nmod"):
                k += 1
            if k < len(doc) and doc[k].pos_ == "NOUN":
                while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k].dep_ == "compound":
                    k += 1
                noun_tok = doc[k]
            elif hyphen:
                noun_tok = doc[j]
    if noun_tok is not None and noun_tok.sent.start != span.sent.start:
        noun_tok = None
    if noun_tok is not None:
        info.noun = noun_tok.text
        info.lemma = noun_tok.lemma_.lower() if noun_tok.lemma_ else _lemma(noun_tok.text)
        if noun_tok.lower_ in ("people", "personnel", "police", "staff"):
            info.lemma = noun_tok.lower_
        end_tok = noun_tok
        # "countries and organizations": keep the coordinated noun in the text
        for child in noun_tok.children:
            if child.dep_ == "conj" and child.i > noun_tok.i and child.i - noun_tok.i <= 3 and child.pos_ == "NOUN":
                end_tok = child
        # "eight-year conflict": the duration describes the noun after it
        if info.lemma in DURATION_UNITS and noun_tok.dep_ in ("compound", "amod", "npadvmod", "nmod") and noun_tok.head.pos_ == "NOUN" and 0 < noun_tok.head.i - noun_tok.i <= 2:
            end_tok = noun_tok.head
        info.noun_end = end_tok.idx + len(end_tok.text)
        # the verb the noun is the subject of: "people have died", "troops were killed"
        if noun_tok.dep_ in ("nsubj", "nsubjpass") and noun_tok.head.pos_ in ("VERB", "AUX"):
            info.verb = noun_tok.head.text
            info.verb_lemma = noun_tok.head.lemma_.lower()
        elif noun_tok.dep_ == "dobj" and noun_tok.head.lemma_.lower() in VERB_CLASS:
            info.verb = noun_tok.head.text
            info.verb_lemma = noun_tok.head.lemma_.lower()
        elif noun_tok.dep_ == "pobj" and noun_tok.head.lower_ == "of" and noun_tok.head.head.lemma_.lower() in NOUN_CLASS:
            info.event = NOUN_CLASS[noun_tok.head.head.lemma_.lower()]  # "the evacuation of 300 people"
        if not info.event:
            info.event = VERB_CLASS.get(info.verb_lemma, "")
        if not info.event and noun_tok.head.pos_ == "VERB" and noun_tok.dep_ in ("nsubjpass", "dobj"):
            info.event = VERB_CLASS.get(noun_tok.head.lemma_.lower(), "")
    info.places = frozenset(_places_attached(doc, noun_tok if noun_tok is not None else span[-1], sent_span))
    lo = max(sent_span.start, span.start - 10)
    hi = min(sent_span.end, span.end + 10)
    ctx = set()
    for t in doc[lo:hi]:
        if t.is_alpha and not t.is_stop and not t.like_num and t.i not in inside and len(t.text) > 2:
            ctx.add(_context_word(t.lemma_.lower()))
    info.context = frozenset(ctx)
    return info


def _places_attached(doc: Any, anchor: Any, sent_span: Any) -> set[str]:
    """Places the quantity is located by: in the noun's own phrases after it ("troops in Syria"),
    or in a prepositional phrase of the words that govern it, up to the first verb
    ("the withdrawal of 7,000 troops from Afghanistan"). Modifiers before the noun
    ("U.S. troops") say whose, not where, and are left out."""
    governors = {anchor.i}
    tok = anchor
    for _ in range(4):
        if tok.head is tok:
            break
        tok = tok.head
        governors.add(tok.i)
        if tok.pos_ in ("VERB", "AUX"):
            break
    out = set()
    for ent in sent_span.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        root = ent.root
        after_noun = root.i > anchor.i and any(t.i == anchor.i for t in root.ancestors) and root.i - anchor.i <= 12
        via_prep = root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i in governors and root.i > anchor.i - 12
        if after_noun or via_prep:
            out.add(_place_key(ent.text))
    return out


_PLACE_PREP_RE = re.compile(r"\b(?:in|from|out\s+of|into|across|to|at|inside|near|of)\s+((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)")


_NOT_PLACES = frozenset([*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _places_fast(text: str) -> set[str]:
    """Capitalised words after a preposition of place ("in Syria", "from Afghanistan"): fast mode's places."""
    out = set()
    for m in _PLACE_PREP_RE.finditer(text):
        key = _place_key(m.group(1))
        if key.split()[0] not in _NOT_PLACES:
            out.add(key)
    return out


def _info_fast(text: str, raw: _Raw, sent: Sentence) -> _Info:
    info = _Info()
    after = text[raw.end:min(sent.end, raw.end + 80)]
    hyphen = after.startswith("-")
    tokens = [(m.group(0), raw.end + m.start(), raw.end + m.end()) for m in re.finditer(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]", after)]
    noun = None
    i = 0
    if tokens and tokens[0][0] == "-":
        i = 1
    if i < len(tokens) and _fold(tokens[i][0]) == "of":
        i += 1
        while i < len(tokens) and (_fold(tokens[i][0]) in ("the", "these", "those", "its", "their", "his", "her", "our", "all") or tokens[i][0].isdigit() or tokens[i][0] == ","):
            i += 1
    seen = 0
    while i < len(tokens) and seen < 4:
        word, ws, we = tokens[i]
        lw = _fold(word)
        if not word[0].isalpha():
            break
        if word[0].isupper() and (re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]{2,}", word) or seen == 0 and not hyphen):
            # "U.S. troops", "UN peacekeepers", "Syrian refugees": modifiers
            i += 1
            seen += 1
            continue
        if lw in FUNCTION_WORDS:
            break
        noun = (word, ws, we)
        # "military forces": take the plural after a singular modifier
        if i + 1 < len(tokens) and tokens[i + 1][0][0].isalpha() and tokens[i + 1][0][0].islower():
            nxt = _fold(tokens[i + 1][0])
            if nxt not in FUNCTION_WORDS and not lw.endswith("s") and (nxt.endswith("s") or nxt in ("people", "personnel", "police")):
                noun = tokens[i + 1]
        break
    if noun is not None:
        info.noun = noun[0].rstrip(".")
        info.lemma = _lemma(noun[0])
        info.noun_end = noun[1] + len(info.noun)
        m = re.match(r"\s+(?:have|has|had|were|was|are|is)?\s*(?:been\s+)?([a-z]+ed)\b", text[info.noun_end:info.noun_end + 30])
        if m:
            info.verb = m.group(1)
            v = m.group(1)
            info.verb_lemma = _verb_lemma(v)
        info.event = VERB_CLASS.get(info.verb_lemma, "")
    if not info.event:
        nm = _NOMINAL_RE.search(text[max(0, raw.start - 40):raw.start])
        if nm:
            info.event = NOUN_CLASS.get(_lemma(nm.group(1)), "")
    window_start = max(sent.start, raw.start - 70)
    window_end = min(sent.end, raw.end + 70)
    # places right after the counted noun: "troops out of Syria", "troops from Afghanistan"
    anchor = info.noun_end if noun is not None else raw.end
    pm = re.match(r"\s*(?:(?:stationed|based|deployed|living|killed|fighting)\s+)?(?:in|from|out\s+of|into|inside|across)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)", text[anchor:sent.end])
    places = set()
    if pm:
        key = _place_key(pm.group(1))
        if key.split()[0] not in _NOT_PLACES:
            places.add(key)
    info.places = frozenset(places)
    ctx = set()
    for m in re.finditer(r"[A-Za-z]{3,}", text[window_start:raw.start] + " " + text[raw.end:window_end]):
        w = _fold(m.group(0))
        if w not in FUNCTION_WORDS and w not in UNIT_WORDS and w not in TENS_WORDS and w not in SCALE_WORDS:
            ctx.add(_context_word(_lemma(w)))
    info.context = frozenset(ctx)
    return info


_NOMINAL_RE = re.compile(r"\b(evacuations?|deaths?|killings?|injury|injuries|rescues?|arrests?|detentions?|deployments?|displacements?)\s+of\s+(?:the\s+|some\s+|about\s+|more\s+than\s+|nearly\s+|at\s+least\s+)*$", re.I)
_CONTEXT_FOLD = {**{v: c for v, c in VERB_CLASS.items()}, **NOUN_CLASS, "evacuated": "evacuate", "injured": "injure", "dead": "die"}


def _context_word(lemma: str) -> str:
    """A context lemma folded to its event class, so "hurt" and "injure" count as one word."""
    return _CONTEXT_FOLD.get(lemma, lemma)


def _verb_lemma(v: str) -> str:
    v = v.lower()
    irregular = {"died": "die", "killed": "kill", "injured": "injure", "wounded": "wound", "evacuated": "evacuate",
                 "arrested": "arrest", "rescued": "rescue", "displaced": "displace", "hurt": "hurt", "drowned": "drown",
                 "perished": "perish"}
    if v in irregular:
        return irregular[v]
    if v.endswith("ied"):
        return v[:-3] + "y"
    if v.endswith("ed"):
        return v[:-2]
    return v


def _finish(raw: _Raw, info: _Info, article: Article, source_id: str, sentence: Sentence, sentence_places: frozenset[str]) -> Figure | None:
    kind, unit = raw.kind, raw.unit
    lemma = info.lemma
    noun = info.noun
    if kind == "number":
        if lemma in DURATION_UNITS or lemma.rstrip("s") in DURATION_UNITS:
            kind, unit = "duration", DURATION_UNITS.get(lemma, DURATION_UNITS.get(lemma.rstrip("s"), lemma))
            if re.match(r"-(?:year|month|week|day)s?-old\b", article.text[raw.end:raw.end + 12], re.I) or re.match(r"\s*(?:years?|months?)\s+old\b", article.text[raw.end:raw.end + 14], re.I):
                kind, unit = "age", "age"
        elif lemma in ("percent", "pct"):
            kind, unit = "percent", "percent"
        elif lemma:
            kind = "count"
            unit = unit_key(lemma)
            if unit == "person" and info.event in CLASS_UNITS:
                unit = CLASS_UNITS[info.event]
        else:
            kind, unit = "count", ""
    if kind == "duration" and re.match(r"\s+ago\b", article.text[info.noun_end:info.noun_end + 6]):
        pass  # "two years ago" stays a duration; the timeline resolves it to a date
    text_end = max(raw.end, info.noun_end) if noun and info.noun_end - raw.end <= 40 else raw.end
    if kind in ("money", "percent") and not noun:
        text_end = raw.end
    text = article.text[raw.start:text_end]
    if "\n" in text:
        text = text.split("\n")[0]
        text_end = raw.start + len(text)
    return Figure(
        article_id=article.id,
        source_id=source_id,
        sentence_index=sentence.index,
        start=raw.start,
        end=raw.end,
        text=text.strip(),
        value=raw.value,
        number=raw.number,
        low=raw.low,
        high=raw.high,
        bound=raw.bound,
        kind=kind,
        unit=unit,
        noun=noun,
        verb=info.verb,
        event=info.event,
        places=info.places,
        sentence_places=sentence_places | info.places,
        context=info.context,
    )


def _sentence_at(sentences: Sequence[Sentence], starts: list[int], offset: int) -> Sentence | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def extract_figures(
    article: Article,
    sentences: Sequence[Sentence] | None = None,
    *,
    source_id: str = "s1",
    doc: Any = None,
) -> list[Figure]:
    """The quantities ``article`` states, in text order.

    Args:
        article: the article.
        sentences: its sentences (from the ``segment`` stage); split here if omitted.
        source_id: the brief's id for the article ("s1").
        doc: spaCy ``Doc`` of ``article.text`` for the counted noun, places and
            context (default mode); ``None`` uses the pattern-based fast path.

    Returns:
        One :class:`Figure` per quantity, with character offsets into ``article.text``.
    """
    if sentences is None:
        from .segment import split_sentences

        sentences = split_sentences(article)
    sentences = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]
    out: list[Figure] = []
    sent_places: dict[int, frozenset[str]] = {}
    for raw in scan_quantities(article.text):
        sent = _sentence_at(sentences, starts, raw.num_start)
        if sent is None:
            continue  # captions or headers the segmenter left out
        if doc is not None:
            sspan = doc.char_span(sent.start, sent.end, alignment_mode="expand")
            if sspan is None:
                continue
            if sent.index not in sent_places:
                sent_places[sent.index] = frozenset(_place_key(e.text) for e in sspan.ents if e.label_ in ("GPE", "LOC", "FAC"))
            info = _info_spacy(doc, raw, sspan)
        else:
            if sent.index not in sent_places:
                sent_places[sent.index] = frozenset(_places_fast(sent.text))
            info = _info_fast(article.text, raw, sent)
        fig = _finish(raw, info, article, source_id, sent, sent_places[sent.index])
        if fig is not None:
            out.append(fig)
    return out


# -------------------------------------------------------------- alignment


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Thresholds of :func:`align_figures` (cosine of sentence vectors, context overlap)."""

    threshold: float = 0.4
    compatible_bonus: float = 0.12
    same_value_bonus: float = 0.08
    max_ratio: float = 4.0
    max_year_gap: float = 3 * 366
    event_bonus: float = 0.12
    event_penalty: float = 0.1
    unique_unit_bonus: float = 0.1


DEFAULT_ALIGN = AlignConfig()
FAST_ALIGN = AlignConfig(threshold=0.22)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _places_clash(a: Figure, b: Figure) -> bool:
    """Both name places near the number, and neither's are in the other's sentence."""
    if not a.places or not b.places:
        return False
    return not (a.places & b.sentence_places) and not (b.places & a.sentence_places)


def same_unit(a: str, b: str) -> bool:
    """Equal units, or a plain "people" count and a count of people something happened to ("evacuee")."""
    return a == b or {a, b} & {"person"} and bool({a, b} & DERIVED_UNITS)


def comparable(a: Figure, b: Figure, config: AlignConfig = DEFAULT_ALIGN) -> bool:
    """Whether ``a`` and ``b`` could state the same quantity: same kind and unit, close magnitude, no place clash."""
    if a.kind != b.kind or not same_unit(a.unit, b.unit):
        return False
    if a.kind == "count" and not a.unit:
        return False
    if _places_clash(a, b):
        return False
    if a.kind == "date":
        return abs(a.number - b.number) <= config.max_year_gap
    if a.kind in ("count", "money", "duration", "age"):
        x, y = abs(a.number), abs(b.number)
        if min(x, y) == 0:
            return x == y
        if max(x, y) / min(x, y) > config.max_ratio:
            return False
    return True


def pair_score(a: Figure, b: Figure, cos: float, config: AlignConfig = DEFAULT_ALIGN, unique: bool = False) -> float:
    """How likely ``a`` and ``b`` state the same quantity.

    Half the cosine of their sentences plus half the overlap of the words
    around the numbers, with a bonus when the values can both be true and
    another when they are equal; a bonus when both name the same event
    ("injured" / "hurt") and a penalty when they name different ones; a bonus
    when ``unique``: the counted thing is specific and each article counts it
    only once.
    """
    score = 0.5 * cos + 0.5 * _jaccard(a.context, b.context)
    if max(a.low, b.low) <= min(a.high, b.high) * (1 + 1e-9):
        score += config.compatible_bonus
    if a.number == b.number:
        score += config.same_value_bonus
    if a.verb and b.verb and a.verb.lower() == b.verb.lower():
        score += 0.05
    if a.event and b.event:
        score += config.event_bonus if a.event == b.event else -config.event_penalty
    if unique:
        score += config.unique_unit_bonus
    return score


def values_equal(a: Figure, b: Figure) -> bool:
    return a.number == b.number and (a.bound in ("exact", "about") and b.bound in ("exact", "about") or a.bound == b.bound)


def group_status(figures: Sequence[Figure], reports: dict[str, int] | None = None) -> str:
    """``agree``, ``compatible``, ``conflict`` or ``single`` for mentions of one quantity.

    ``single`` when one outlet states it (or only copies of one report, per
    ``reports``: article id -> report id). ``agree`` when every mention has
    the same value with an exact or "about" bound, or the same value and the
    same bound. ``compatible`` when the intervals the mentions allow share a
    point ("more than 70" and 79; bounds are taken as inclusive, so "70" and
    "more than 70" are compatible). ``conflict`` otherwise.
    """
    reports = reports or {}
    articles = {f.article_id for f in figures}
    if len({reports.get(a, a) for a in articles}) <= 1:
        return "single"
    first = figures[0]
    if all(values_equal(first, f) for f in figures[1:]):
        return "agree"
    low = max(f.low for f in figures)
    high = min(f.high for f in figures)
    return "compatible" if low <= high * (1 + 1e-9) else "conflict"


class _Groups:
    """Union-find over figure indices with the members of each root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)


def align_figures(
    figures: Sequence[Figure],
    similarity: np.ndarray,
    config: AlignConfig = DEFAULT_ALIGN,
) -> list[list[Figure]]:
    """Group mentions of the same quantity.

    Args:
        figures: every article's figures.
        similarity: ``len(figures) x len(figures)`` cosine similarity of the
            sentences the figures are stated in.
        config: thresholds.

    Returns:
        Groups of figures (each a list in input order). Pairs are merged
        greedily, best score first; two groups merge only when every pair
        across them is :func:`comparable`, the mean score across them reaches
        the threshold, and no article would state two different values in the
        group.
    """
    n = len(figures)
    pairs: list[tuple[float, int, int]] = []
    score = np.full((n, n), -1.0)
    per_article = Counter((f.article_id, f.kind, f.unit) for f in figures)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = figures[i], figures[j]
            if not comparable(a, b, config):
                continue
            if a.article_id == b.article_id and not (values_equal(a, b) or a.number == b.number):
                continue
            unique = (
                a.article_id != b.article_id and a.unit == b.unit and a.unit not in GENERIC_UNITS and a.kind in ("count", "money")
                and per_article[(a.article_id, a.kind, a.unit)] == 1 and per_article[(b.article_id, b.kind, b.unit)] == 1
            )
            s = pair_score(a, b, float(similarity[i, j]), config, unique)
            score[i, j] = score[j, i] = s
            if s >= config.threshold:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    groups = _Groups(n)
    for s, i, j in pairs:
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        gi, gj = groups.members[ri], groups.members[rj]
        cross = [score[x, y] for x in gi for y in gj]
        if min(cross) < 0:
            continue  # some pair is not comparable, or one article would hold two values
        if sum(cross) / len(cross) < config.threshold * 0.85:
            continue
        groups.union(i, j)
    out = [[figures[k] for k in sorted(members)] for members in groups.members.values()]
    out.sort(key=lambda g: (min(f.article_id for f in g), g[0].start))
    return out


def _display_place(key: str) -> str:
    words = re.split(r"(\s+|,\s*)", key)
    return "".join(w.upper() if len(w) <= 2 and w.isalpha() else w if w in ("of", "the", "and") else w.capitalize() for w in words)


EVENT_WORDS = {"die": "killed", "injure": "injured", "evacuate": "evacuated", "arrest": "arrested", "rescue": "rescued", "displace": "displaced", "deploy": "deployed"}


def _about(group: Sequence[Figure]) -> str:
    """A short label of what the group counts: "troops (Syria)", "people died", "percent of caliphate"."""
    first = group[0]
    nouns = Counter(f.noun for f in group if f.noun)
    noun = max(nouns, key=lambda n: (nouns[n], n)) if nouns else ""
    if first.kind == "money":
        head = noun or "money"
    elif first.kind == "percent":
        head = f"percent of {noun}" if noun and _fold(noun) not in ("percent", "%") else "percent"
    elif first.kind == "date":
        head = "date"
    elif first.kind == "rank":
        head = "rank"
    elif first.kind == "fraction":
        head = f"share of {noun}" if noun else "share"
    elif first.kind in ("duration", "age"):
        head = noun or first.unit
    else:
        head = noun or "number"
    head = _fold(head) if head and not head[:1].isupper() else head
    events = Counter(f.event for f in group if f.event in EVENT_WORDS)
    verbs = Counter(f.verb.lower() for f in group if f.verb and f.verb.lower() not in ("said", "says", "say", "told", "is", "are", "was", "were", "has", "have", "had"))
    if events and first.kind == "count":
        head = f"{head} {EVENT_WORDS[max(events, key=lambda e: (events[e], e))]}"
    elif verbs and first.kind == "count":
        head = f"{head} {max(verbs, key=lambda v: (verbs[v], v))}"
    # a place the mentions are located by, else a word most of them share
    places = Counter(p for f in group for p in f.places)
    extra = ""
    if places:
        extra = _display_place(max(places, key=lambda p: (places[p], p != "united states", p)))
    elif len(group) > 1:
        skip = set(_fold(head).split()) | {first.unit, "said", "say", "percent"} | {_lemma(w) for w in _fold(head).split()} | {f.event for f in group}
        words = Counter(w for f in group for w in f.context if w not in skip)
        if words:
            word = max(words, key=lambda w: (words[w], w))
            if words[word] >= 2:
                extra = word
    return f"{head} ({extra})" if extra else head


def make_groups(groups: Iterable[Sequence[Figure]], reports: dict[str, int]) -> tuple[FigureGroup, ...]:
    """:class:`FigureGroup` items from aligned figures, conflicts first, then by number of outlets."""
    out = []
    for g in groups:
        g = sorted(g, key=lambda f: (_source_order(f.source_id), f.start))
        by_value: dict[tuple[Any, str], list[Figure]] = {}
        for f in g:
            key = (str(f.value), f.bound)
            by_value.setdefault(key, []).append(f)
        parts = sorted(
            by_value.items(),
            key=lambda kv: (
                -len({reports.get(f.article_id, f.article_id) for f in kv[1]}), -len({f.source_id for f in kv[1]}),
                BOUNDS.index(kv[0][1]) if kv[0][1] in BOUNDS else 9,
            ),
        )
        # One outlet's second phrasing of a value already listed with it ("17 years" and
        # "more than 17 years", "2,000" and "approximately 2,000"): shown once, cited twice.
        kept: list[tuple[str, list[Figure]]] = []
        for (_, bound), figs in parts:
            home = next(
                (k for k in kept if k[1][0].number == figs[0].number and {f.source_id for f in figs} <= {f.source_id for f in k[1]}),
                None,
            )
            if home is not None:
                home[1].extend(figs)
            else:
                kept.append((bound, list(figs)))
        values = []
        for bound, figs in kept:
            main = [f for f in figs if f.bound == bound]
            sources = tuple(sorted({f.source_id for f in figs}, key=_source_order))
            texts = Counter(f.text for f in main)
            text = max(texts, key=lambda t: (texts[t], -[f.text for f in main].index(t)))
            independent = len({reports.get(f.article_id, f.article_id) for f in figs})
            values.append(FigureValue(main[0].value, text, bound, sources, independent, tuple(f.citation() for f in figs)))
        status = group_status(g, reports)
        out.append(FigureGroup(_about(g), status, g[0].kind, g[0].unit, tuple(values), tuple(g)))
    out.sort(
        key=lambda fg: (
            STATUS_ORDER[fg.status],
            -len({reports.get(f.article_id, f.article_id) for f in fg.figures}),
            -len(fg.sources),
            KIND_ORDER.get(fg.kind, 9),
            min(_source_order(f.source_id) for f in fg.figures),
            min(f.start for f in fg.figures),
        )
    )
    return tuple(out)


def _similarity(cluster: Cluster, figures: Sequence[Figure]) -> np.ndarray:
    """Cosine of the sentences of each pair of ``figures`` (``cluster.vectors``)."""
    rows = {(s.article_id, s.index): i for i, s in enumerate(cluster.sentences)}
    idx = [rows.get((f.article_id, f.sentence_index), 0) for f in figures]
    m = cluster.vectors.all()[idx] if idx else np.zeros((0, 1))
    return m @ m.T if len(idx) else np.zeros((0, 0))


def is_listed(figure: Figure) -> bool:
    """Whether a figure belongs in a brief: counts need a counted noun; ranks and bare years are left out."""
    if figure.kind == "count" and not figure.unit:
        return False
    if figure.kind == "count" and figure.unit in PRONOUN_HEADS:
        return False
    if figure.kind == "rank":
        return False
    if figure.kind == "date" and re.fullmatch(r"\d{4}", str(figure.value)):
        return False
    return True


def figures_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None, config: AlignConfig | None = None) -> tuple[FigureGroup, ...]:
    """Extract every article's figures, align them across outlets and classify each group.

    Args:
        cluster: a cluster with ``sentences``, ``vectors`` and ``reports``.
        docs: spaCy parses by article id (``cluster.parses``), or ``None`` in fast mode.
        config: the alignment's knobs (default: by mode).
    """
    figures: list[Figure] = []
    for article, sid in zip(cluster.articles, cluster.source_ids):
        doc = docs.get(article.id) if docs else None
        figures += [f for f in extract_figures(article, cluster.sentences_of(article.id), source_id=sid, doc=doc) if is_listed(f)]
    if not figures:
        return ()
    if config is None:
        config = DEFAULT_ALIGN if docs else FAST_ALIGN
    groups = align_figures(figures, _similarity(cluster, figures), config)
    return make_groups(groups, dict(cluster.reports.of))


@stage("figures", requires=parsed("sentences", "vectors", "reports"), assigns=("figures",))
def make_figure_stage(settings: Settings):
    """The ``figures`` stage: quantities lined up across outlets (see the module docstring).

    Default mode reads spaCy's parses from ``cluster.parses``; fast mode uses patterns only.
    """

    def figures_stage(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(figures=figures_of_cluster(cluster, docs))

    return figures_stage
