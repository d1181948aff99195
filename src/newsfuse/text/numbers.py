"""Figures written for reading: "20-25 tonnes", "$4.5 million", "about 60%", "more than 300 people".

A figure value in the brief is stored for machines (``value`` 4500000 or ``[20, 25]``,
``bound``, the group's ``kind`` and ``unit``, the counted ``noun``). :func:`figure_text`
writes it as a reader expects; the JSON writer (``display``), the Markdown, text and HTML
writers and the web page all show figures through it, so they cannot differ.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

CURRENCY_SIGNS = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3", "JPY": "\u00a5", "CAD": "C$", "AUD": "A$", "HKD": "HK$"}
FRACTION_WORDS = {"1/2": "half", "1/3": "a third", "2/3": "two thirds", "1/4": "a quarter", "3/4": "three quarters",
                  "1/5": "a fifth", "1/10": "a tenth"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_PLURAL_EXCEPTIONS = {"person": "people", "child": "children", "man": "men", "woman": "women", "century": "centuries"}


def _plural(noun: str) -> str:
    if noun in _PLURAL_EXCEPTIONS:
        return _PLURAL_EXCEPTIONS[noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _digits(x: float) -> str:
    """1234567 -> "1,234,567"; 4.5 -> "4.5"; 2.0 -> "2"."""
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _fits(x: float, size: float) -> bool:
    """Whether ``x`` is written in units of ``size`` with at most two decimals (2,300,000 = 2.3 million)."""
    q = abs(x) / size * 100
    return abs(q - round(q)) < 1e-6


def number_text(x: Any) -> str:
    """A number as a reader writes it: "360,000", "4.5 million", "1.2 billion"."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    for size, word in SCALES:
        if abs(x) >= size and _fits(x, size):
            return f"{_digits(x / size)} {word}"
    return _digits(x)


def _same_scale(low: float, high: float) -> tuple[str, str]:
    """Both ends of a range, the scale word written once: "2-3 million", "20-25"."""
    for size, word in SCALES:
        if abs(high) >= size and _fits(low, size) and _fits(high, size):
            return f"{_digits(low / size)}-{_digits(high / size)}", f" {word}"
    return f"{number_text(low)}-{number_text(high)}", ""


def figure_text(value: Mapping[str, Any], group: Mapping[str, Any] | None = None) -> str:
    """One figure value written for reading.

    Args:
        value: a figure value of the brief (``value``, ``bound``, and ``noun`` when known;
            ``kind`` and ``unit`` when it carries them).
        group: its figure group (``kind``, ``unit``), when the value does not say them.

    Returns:
        "20-25 tonnes", "$4.5 million", "about 60%", "more than 300 people", "12 hours",
        "about half"; the value as stored when it is of no known form.
    """
    group = group or {}
    kind = value.get("kind") or group.get("kind") or "count"
    unit = str(value.get("unit") or group.get("unit") or "")
    noun = str(value.get("noun") or "")
    bound = value.get("bound") or "exact"
    raw = value.get("value")
    prefix = "" if bound in ("exact", "range") else f"{bound} "
    if kind == "date":
        from .dates import readable_date

        return prefix + readable_date(str(raw))
    if kind == "fraction":
        return prefix + FRACTION_WORDS.get(str(raw), str(raw))
    scale = ""
    if isinstance(raw, (list, tuple)) and len(raw) == 2 and all(isinstance(x, (int, float)) for x in raw):
        number, scale = _same_scale(float(raw[0]), float(raw[1]))
        plural = True
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = number_text(raw)
        plural = raw != 1
    else:
        return prefix + str(raw)
    if kind == "money":
        sign = CURRENCY_SIGNS.get(unit)
        return f"{prefix}{sign}{number}{scale}" if sign else f"{prefix}{number}{scale} {unit}".rstrip()
    if kind == "percent":
        return f"{prefix}{number}{scale}%"
    if kind == "age":
        return f"{prefix}{number}{scale} years old"
    if kind == "duration":
        word = unit if not plural else _plural(unit) if unit else ""
        return f"{prefix}{number}{scale} {word}".rstrip()
    if kind == "count" and noun:
        return f"{prefix}{number}{scale} {noun}"
    return f"{prefix}{number}{scale}"


def join_values(parts: Sequence[str]) -> str:
    """Values that disagree, joined for one sentence: "A against B"; "A, B or C" for more.

    The disagreement sentence of the summary (its ``text`` in the brief, and every writer and
    the web page adding the citation marks after each value) joins them this one way.
    """
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} against {parts[1]}"
    return ", ".join(parts[:-1]) + f" or {parts[-1]}"
