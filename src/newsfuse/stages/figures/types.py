"""Result types of the ``figures`` stage: one quantity as one article states it
(:class:`Figure`), one value with every outlet stating it (:class:`FigureValue`), and
one quantity across outlets (:class:`FigureGroup`).

They live here until the result types move into :mod:`newsfuse.model`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...model import Citation


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


def _source_order(sid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", sid)
    return (int(digits) if digits else 0, sid)
