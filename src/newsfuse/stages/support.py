"""Does another outlet's sentence report the same content as a summary sentence?

Sentence embeddings find paraphrases, but they also rate two sentences about the
same scene as close when they state different facts: "fought the blaze for 12
hours with 40 fire engines" and "12 crews from neighbouring towns were called in"
are near in embedding space and share the number 12, yet the second does not
report the first. A citation claims that an outlet reports the content, so a
support must pass two tests:

1. its cosine similarity with the summary sentence reaches the threshold, and
2. when the summary sentence states quantities, the candidate states at least one
   of them (same value, same counted word), unless the two are near-identical
   (cosine at or above ``strong``), as a reworded copy of one sentence is.

The quantities here are deliberately simple (a number in digits or words and the
content word that follows it); the figures stage does the full extraction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .concepts import stem, stop_words

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_TOKEN = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?|[A-Za-z]+(?:-[A-Za-z]+)?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNIT_WORDS = {"percent", "per", "cent", "%"}


def _number(token: str) -> float | None:
    t = token.lower().strip("$%")
    if t and t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    parts = t.split("-")
    if all(p in _NUMBER_WORDS for p in parts):
        return float(sum(_NUMBER_WORDS[p] for p in parts))
    return None


@lru_cache(maxsize=20_000)
def quantities(text: str) -> frozenset[tuple[float, str]]:
    """(value, stem of the counted word) for each number in ``text``.

    "40 fire engines" gives (40.0, "fire"); "$4.5 million" gives (4500000.0, "$");
    "90 percent" gives (90.0, "percent"). A year ("in 2011, the ...") is left out:
    it dates a sentence rather than states a figure.
    """
    tokens = _TOKEN.findall(text)
    stops = stop_words()
    out: set[tuple[float, str]] = set()
    for k, tok in enumerate(tokens):
        value = _number(tok)
        if value is None:
            continue
        if k > 1 and tok[0].isdigit() and tokens[k - 1][:1].isupper():
            continue  # a label such as "Pier 4" or "Flight 370", not a quantity
        unit = "$" if tok.startswith("$") else ("percent" if tok.endswith("%") else "")
        j = k + 1
        if j < len(tokens) and tokens[j].lower() in _SCALE:
            value *= _SCALE[tokens[j].lower()]
            j += 1
        year = re.fullmatch(r"(19|20)\d\d", tok) is not None
        while not unit and j < len(tokens) and j <= k + 3:
            word = tokens[j].lower()
            if _number(word) is not None:
                break
            if word in _UNIT_WORDS:
                unit = "percent"
            elif word not in stops:
                unit = stem(word)
            elif year:
                break
            j += 1
        if not unit and (year or tok[0].isalpha() or tok.lower() == "one"):
            continue  # a year, or "one of them": not a figure
        out.add((value, unit))
    return frozenset(out)


def shares_figures(summary_text: str, candidate_text: str) -> bool:
    """True when the summary sentence states no quantity, or the candidate states one of them."""
    wanted = quantities(summary_text)
    if not wanted:
        return True
    return bool(wanted & quantities(candidate_text))


def supports(summary_text: str, candidate_text: str, cosine: float, threshold: float, strong: float = 0.85) -> bool:
    """Whether ``candidate_text`` (another outlet's sentence) reports ``summary_text``'s content."""
    if cosine < threshold:
        return False
    return cosine >= strong or shares_figures(summary_text, candidate_text)
