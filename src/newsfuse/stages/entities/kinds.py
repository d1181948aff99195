"""What kind of name a mention is when the recogniser's label says otherwise, and the places it missed.

spaCy's small English model tags some one-word names as people by their shape:
"the border with *Jordan*", "an announcement on *Twitter*", "*St Brendan*'s church".
:func:`retype` corrects the label from what is written around the name:

- a country's name (ISO 3166 names and common names, from ``pycountry``) is a place,
  unless the cluster names a person with that word ("Michael Jordan") or a verb of
  saying follows it ("Chad said");
- a one-word "person" after "on", "via" or "through", that no person of the cluster is
  called, is where something was posted or sent (an organisation: "on Twitter");
- a name followed by a church, chapel, cathedral, abbey, mosque, temple or synagogue
  ("St Brendan's church") is that building: a place.

:func:`recall_places` adds the mentions of a known place that the recogniser left out or
took into a span of another kind ("Pier 4 of Port Elling's", tagged LAW), so every
outlet that names the place is counted.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Mapping, Sequence

from ...model import Article, Sentence
from ..names import fold
from .types import Mention

_WORSHIP_RE = re.compile(r"^(?:['\u2019]s)?\s+(?:[Pp]arish\s+)?(?:church|chapel|cathedral|abbey|basilica|minster|mosque|temple|synagogue|shrine)\b", re.I)
_POSTED_ON_RE = re.compile(r"\b(?:on|via|through)\s+$", re.I)
_SAID_AFTER_RE = re.compile(r"^\s+(?:said|says|told|added|asked|wrote|argued|warned)\b")
PLACE_LABELS = ("GPE", "LOC", "FAC")


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Folded names of the world's countries: ISO 3166 names and common names ("jordan", "bolivia")."""
    import pycountry

    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(fold(value))
    return frozenset(names)


def _person_words(mentions: Sequence[Mention]) -> set[str]:
    """Folded words of the multi-word person names of the cluster ("michael", "jordan")."""
    return {fold(w) for m in mentions if m.label == "PERSON" and len(m.text.split()) >= 2 for w in m.text.split()}


def retype(mentions: Sequence[Mention], texts: Mapping[str, str]) -> list[Mention]:
    """``mentions`` with the labels the text around each name contradicts corrected (see the module).

    Args:
        mentions: the cluster's mentions.
        texts: article id -> the article's text.
    """
    person_words = _person_words(mentions)
    countries = country_names()
    out = []
    for m in mentions:
        text = texts.get(m.article_id, "")
        after, before = text[m.end:m.end + 40], text[max(0, m.start - 12):m.start]
        single = len(m.text.split()) == 1
        if _WORSHIP_RE.match(after) and m.label not in PLACE_LABELS:
            m = replace(m, label="FAC", role=None)
        elif m.label == "PERSON" and fold(m.text) in countries and not (single and fold(m.text) in person_words) \
                and not _SAID_AFTER_RE.match(after):
            m = replace(m, label="GPE", role=None)
        elif m.label == "PERSON" and single and fold(m.text) not in person_words and _POSTED_ON_RE.search(before):
            m = replace(m, label="ORG", role=None)
        out.append(m)
    return out


def recall_places(items: Sequence[tuple[Article, Sequence[Sentence], str]], mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions of the cluster's places that no mention covers.

    A place is a name some outlet's mention labels GPE, LOC or FAC. Each word-bounded
    occurrence of it (a possessive allowed) that no mention overlaps and that is not part of
    a longer capitalised name ("Port Elling Fire Service", which the organisation's mention
    covers anyway) becomes a mention of the place.
    """
    places = sorted({m.text for m in mentions if m.label in PLACE_LABELS and len(m.text) >= 3 and m.text[:1].isupper()},
                    key=len, reverse=True)
    if not places:
        return []
    covered: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        covered.setdefault(m.article_id, []).append((m.start, m.end))
    rx = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(p) for p in places) + r")(?![\w-])(?!\s+[A-Z])")
    out = []
    for article, sentences, sid in items:
        taken = covered.get(article.id, [])
        for m in rx.finditer(article.text):
            start, end = m.start(), m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            if re.search(r"[A-Z][\w'\u2019-]*\s+$", article.text[max(0, start - 30):start]) and not re.search(
                    r"(?:^|[.!?]\s+|\n)[A-Z][\w'\u2019-]*\s+$", article.text[max(0, start - 30):start]):
                continue  # "Greater Port Elling": inside a longer name
            idx = next((s.index for s in sentences if s.start <= start < s.end), -1)
            if idx < 0:
                continue
            out.append(Mention(m.group(0), "GPE", article.id, sid, idx, start, end))
            taken.append((start, end))
    return out
