"""The data model: frozen dataclasses passed between stages.

Text is stored once, in :attr:`Article.text`; sentences, quotes and figures
point into it with an article id and character offsets, so every claim in a
brief can be traced back to the passage it came from. Nothing here does I/O or
loads a model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any

WIRE_AGENCIES = ("AFP", "AP", "Reuters", "Bloomberg", "Xinhua", "Anadolu", "dpa", "UPI")


def article_id(outlet: str, url: str | None, text: str) -> str:
    """A stable id for an article: a short hash of outlet and URL, or of the text."""
    key = f"{outlet}\n{url}" if url else f"{outlet}\n{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news report.

    Built by the readers from files, pages, feeds and records, or by hand from
    text alone: ``Article(text=..., outlet="Harbour Courier", title=..., date=...,
    url=...)``. A hand-made article is *raw*: :func:`newsfuse.brief` and
    :func:`newsfuse.make_brief` clean it exactly as a file's text is cleaned
    before anything else reads it (``cleaned`` tells which is which).

    Attributes:
        text: the body; once cleaned, paragraphs are separated by blank lines and
            all offsets elsewhere index this string.
        outlet: who published it ("CGTN", "The Washington Post", or a name made
            from the file name when nothing better is known).
        title: the headline, if known.
        url: where it was published, if known.
        date: publication date, if known.
        source: the path or URL it was read from (for error messages and the
            brief's ``input`` field).
        credit: the wire agency whose copy this is ("AFP"), if credited.
        dateline: a dateline such as "WASHINGTON" removed from the text.
        byline: the reporter, when a byline or "X reports" tag names one.
        id: stable hash of outlet + URL, or outlet + text; derived when not given.
        cleaned: whether ``text`` has been through the cleaning of
            :mod:`newsfuse.stages.clean` (the readers set it).
    """

    text: str
    outlet: str = "unknown outlet"
    title: str | None = None
    url: str | None = None
    date: _date | None = None
    source: str = ""
    credit: str | None = None
    dateline: str | None = None
    byline: str | None = None
    id: str = ""
    cleaned: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.outlet, self.url, self.text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article, by character offsets into ``Article.text``.

    ``quote_id`` is shared by consecutive sentences that belong to one
    quotation running over several sentences, so it stays traceable as one.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    quote_id: int | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Cluster:
    """The working document of the pipeline, like spaCy's ``Doc``.

    Each stage takes a ``Cluster`` and returns a new one (``dataclasses.replace``)
    with the fields it assigns filled; it never mutates its input.

    Attributes:
        articles: the cleaned articles, in input order.
        source_ids: "s1", "s2", ... parallel to ``articles``.
        sentences: every article's sentences, article by article, in order.
        vectors: L2-normalised sentence vectors (numpy array, one row per
            sentence) from the embedder, or ``None`` before ``embed``.
        duplicates: pairs of article ids that carry the same copy (wire or
            near-duplicate), filled by ``dedup``.
        entities, quotes, figures, exclusive, timeline: filled by later stages;
            each item has ``to_dict()``.
        extras: free-form per-stage data (e.g. spaCy docs), keyed by stage name.
    """

    articles: tuple[Article, ...]
    source_ids: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    vectors: Any = None
    duplicates: tuple[tuple[str, str], ...] = ()
    entities: tuple[Any, ...] = ()
    quotes: tuple[Any, ...] = ()
    figures: tuple[Any, ...] = ()
    exclusive: tuple[Any, ...] = ()
    timeline: tuple[Any, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def source_id(self, article_id: str) -> str:
        for a, sid in zip(self.articles, self.source_ids):
            if a.id == article_id:
                return sid
        raise KeyError(article_id)

    def sentences_of(self, article_id: str) -> list[Sentence]:
        return [s for s in self.sentences if s.article_id == article_id]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a claim is reported: an outlet, its article and a sentence in it."""

    source_id: str  # "s1": the brief's numbering of articles
    article_id: str
    sentence_index: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A summary sentence with every source that reports the same content."""

    text: str
    sources: tuple[str, ...]  # source ids, "s1", in source order
    citations: tuple[Citation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "citations": [
                {"source": c.source_id, "sentence": c.sentence_index, "start": c.start, "end": c.end}
                for c in self.citations
            ],
        }


@dataclass(frozen=True, slots=True)
class Source:
    """An article as listed in a brief: its id ("s1") and its metadata."""

    id: str
    article: Article

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": self.id,
            "outlet": a.outlet,
            "credit": a.credit,
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "url": a.url,
            "input": a.source,
            "byline": a.byline,
        }


@dataclass(frozen=True, slots=True)
class BriefMeta:
    """How a brief was made: newsfuse version, settings, mode, timings."""

    version: str
    settings: dict[str, Any] = field(default_factory=dict)
    mode: str = "default"  # "default" (embeddings) or "fast" (TF-IDF)
    notes: tuple[str, ...] = ()  # e.g. "s1 and s2 carry the same AFP copy"
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, and "summarize"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "mode": self.mode,
            "settings": dict(self.settings),
            "notes": list(self.notes),
            "timings": dict(self.timings),
        }


@dataclass(frozen=True, slots=True)
class Brief:
    """One sourced brief of a cluster of articles.

    ``quotes``, ``figures``, ``exclusive``, ``entities`` and ``timeline`` hold
    objects with a ``to_dict()`` method (see :mod:`newsfuse.stages`).
    """

    title: str
    sources: tuple[Source, ...]
    summary: tuple[BriefSentence, ...]
    quotes: tuple[Any, ...] = ()
    figures: tuple[Any, ...] = ()
    exclusive: tuple[Any, ...] = ()
    entities: tuple[Any, ...] = ()
    timeline: tuple[Any, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # pairs of source ids that are the same copy
    meta: BriefMeta = field(default_factory=lambda: BriefMeta(version="0"))

    SCHEMA = "newsfuse.brief/1"

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.SCHEMA,
            "title": self.title,
            "sources": [s.to_dict() for s in self.sources],
            "summary": [s.to_dict() for s in self.summary],
            "quotes": [q.to_dict() for q in self.quotes],
            "figures": [f.to_dict() for f in self.figures],
            "exclusive": [e.to_dict() for e in self.exclusive],
            "entities": [e.to_dict() for e in self.entities],
            "timeline": [t.to_dict() for t in self.timeline],
            "duplicates": [list(p) for p in self.duplicates],
            "meta": self.meta.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        from .writers import to_json

        return to_json(self, indent=indent)

    def to_markdown(self) -> str:
        from .writers import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        from .writers import to_text

        return to_text(self)

    def to_html(self) -> str:
        from .writers import to_html

        return to_html(self)
