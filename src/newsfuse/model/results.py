"""The brief's parts as the stages find them: entities, quotes, figures, exclusives, timeline.

Each is a frozen dataclass pointing to its evidence through :class:`Citation` objects
(source id, article, sentence, character offsets), and each has ``to_dict()`` giving
its part of the ``newsfuse.brief/1`` JSON. The stages that fill them live in
:mod:`newsfuse.stages`; these are the types ``Cluster`` and ``Brief`` hold.
Nothing here does I/O or loads a model.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from ..text.dates import readable_date
from ..text.numbers import figure_text, join_values
from .article import Citation


def _source_order(sid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", sid)
    return (int(digits) if digits else 0, sid)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place across outlets.

    Attributes:
        name: the form shown (the fullest name for a person, the most used
            form otherwise).
        type: "person", "organisation" or "place".
        variants: every form it is written in, as written.
        role: the title or description stated with the name, if any.
        mentions: source id -> number of mentions.
        citations: where it is mentioned (first mention in each sentence).
    """

    name: str
    type: str
    variants: tuple[str, ...]
    role: str | None
    mentions: tuple[tuple[str, int], ...]
    citations: tuple[Citation, ...] = ()

    @property
    def kind(self) -> str:
        """The spaCy-style label ("PERSON", "ORG", "GPE") for code that expects one."""
        return {"person": "PERSON", "organisation": "ORG", "place": "GPE"}.get(self.type, self.type.upper())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "variants": list(self.variants),
            "role": self.role,
            "mentions": dict(self.mentions),
        }


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """One quotation as it appears in one article.

    Attributes:
        article_id: the article it is in.
        start, end: offsets in ``Article.text`` of the quoted words (inside the
            marks), from the first part's start to the last part's end.
        text: the quoted words; the parts of a quote split around its cue are
            joined with a space.
        parts: ``(start, end)`` of each quoted stretch (one per pair of marks,
            one per paragraph of a quotation over several paragraphs).
        speaker: the canonical name ("Donald Trump"), a description for an
            unnamed source ("senior administration official"), or ``None``.
        role: title or role ("Secretary of State"), if given.
        cue: the reporting verb or phrase ("said", "according to"), if found.
        partial: a fragment quoted inside the reporter's own sentence.
        speaker_start, speaker_end: offsets of the speaker as written next to
            the cue ("he", "the official", "Mike Pompeo"); ``None`` if none.
        speaker_text: that phrase.
        unclosed: a quote mark was never closed (ended at paragraph or sentence end).
    """

    article_id: str
    start: int
    end: int
    text: str
    parts: tuple[tuple[int, int], ...]
    speaker: str | None = None
    role: str | None = None
    cue: str | None = None
    partial: bool = False
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    unclosed: bool = False


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """Another wording of a merged quote and the sources that use it."""

    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class Quote:
    """One remark, merged across every outlet that quotes it.

    ``to_dict()`` gives the brief's JSON: text, speaker, role, sources,
    variants, partial. ``citations`` (one per mention: source id, article id,
    sentence index and the character span of the quoted words) back the web
    page's links; ``mentions`` keep the per-article detail.
    """

    text: str
    speaker: str | None
    role: str | None
    sources: tuple[str, ...]
    variants: tuple[QuoteVariant, ...] = ()
    partial: bool = False
    citations: tuple[Citation, ...] = ()
    mentions: tuple[QuoteMention, ...] = ()
    text_sources: tuple[str, ...] = ()  # the sources printing ``text`` in these words

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "sources": list(self.sources),
            "text_sources": list(self.text_sources or self.sources),
            "variants": [v.to_dict() for v in self.variants],
            "partial": self.partial,
        }


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
        measure: what a percent or sum with no counted noun measures, as written
            around it ("grain prices rose", "damage"; "" when unknown).
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
    measure: str = ""

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
    running the same wire copy count once. ``noun`` is the counted noun as the
    outlets write it ("tonnes", "people"; "" when none), for the value's display.
    """

    value: Any
    text: str
    bound: str
    sources: tuple[str, ...]
    independent: int
    citations: tuple[Citation, ...] = ()
    noun: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {
            "value": self.value,
            "text": self.text,
            "bound": self.bound,
            "sources": list(self.sources),
            "independent": self.independent,
            "citations": [{"source": c.source_id, "sentence": c.sentence_index, "start": c.start, "end": c.end} for c in self.citations],
        }
        if self.noun:
            d["noun"] = self.noun
        return d


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
        d: dict[str, Any] = {"about": self.about, "status": self.status, "kind": self.kind, "unit": self.unit}
        values = [v.to_dict() for v in self.values]
        for v in values:
            v["display"] = figure_text(v, d)  # "20-25 tonnes", "$4.5 million": as every writer shows it
        d["values"] = values
        return d


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Reports giving values of one quantity that cannot all be true, said in one summary sentence.

    Built from a ``conflict`` figure group (``about``, its values with the outlets stating
    each). ``lead`` opens the sentence ("The reports disagree on the number of firefighters
    injured"); ``text`` is the whole sentence without citation marks ("...: 2 firefighters
    against 3 firefighters."); the writers put each value's marks after it. ``reports``
    counts the independent reports giving a value (wire copies once).
    """

    about: str
    lead: str
    kind: str
    unit: str
    values: tuple[FigureValue, ...]
    reports: int

    @property
    def text(self) -> str:
        group = {"kind": self.kind, "unit": self.unit}
        return f"{self.lead}: {join_values([figure_text(v.to_dict(), group) for v in self.values])}."

    def to_dict(self) -> dict[str, Any]:
        group = {"kind": self.kind, "unit": self.unit}
        values = [v.to_dict() for v in self.values]
        for v in values:
            v["display"] = figure_text(v, group)
        return {"about": self.about, "text": self.text, "lead": self.lead, "kind": self.kind, "unit": self.unit,
                "reports": self.reports, "values": values}


@dataclass(frozen=True, slots=True)
class ExclusiveItem:
    """One statement only one report carries."""

    text: str
    sentence: int  # index of the sentence in its article
    score: float
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        c = self.citation
        return {"text": self.text, "sentence": self.sentence, "start": c.start, "end": c.end}


@dataclass(frozen=True, slots=True)
class Exclusive:
    """The statements of one outlet that no other report carries, most important first.

    ``copies`` names the other outlets that carry the same copy (wire
    duplicates); their statements are listed here once.
    """

    source: str
    items: tuple[ExclusiveItem, ...]
    copies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "items": [i.to_dict() for i in self.items]}
        if self.copies:
            d["copies"] = list(self.copies)
        return d


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One dated event of the timeline and the outlets reporting it."""

    date: str  # ISO: "2019-02-06", "2018-12", "2017", or "2019-W07" for a week (``label``: as read)
    text: str
    sources: tuple[str, ...]
    precision: str
    when: str  # the expression as written ("Wednesday", "next week")
    citations: tuple[Citation, ...] = ()
    start: _dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "label": readable_date(self.date),
            "text": self.text,
            "sources": list(self.sources),
            "precision": self.precision,
            "when": self.when,
            "citations": [{"source": c.source_id, "sentence": c.sentence_index, "start": c.start, "end": c.end} for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class Change:
    """A figure the new articles give differently from the earlier ones: the old value and the new.

    ``before`` and ``after`` are the group's values as the earlier and the new articles state
    them, each with its own sources and citations; ``text`` says it in one plain sentence
    (the writers add the citation marks to each value).
    """

    about: str
    before: tuple[FigureValue, ...]
    after: tuple[FigureValue, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "text": self.text,
            "before": [v.to_dict() for v in self.before],
            "after": [v.to_dict() for v in self.after],
        }


@dataclass(frozen=True, slots=True)
class Update:
    """What the new articles of an update brief add to what the reader of the earlier ones knows.

    ``before`` and ``new`` are source ids; the parts hold only what is new: quotes no earlier
    article printed, figure groups with a value from a new article, entities no earlier article
    names, timeline events only new articles report, and the figures that changed.
    """

    before: tuple[str, ...]
    new: tuple[str, ...]
    changes: tuple[Change, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"before": list(self.before), "new": list(self.new), "changes": [c.to_dict() for c in self.changes]}
