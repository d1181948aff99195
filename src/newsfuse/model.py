"""The data model: frozen dataclasses passed between stages.

Text is stored once, in :attr:`Article.text`; sentences, quotes and figures
point into it with an article id and character offsets, so every claim in a
brief can be traced back to the passage it came from. Nothing here does I/O or
loads a model.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from datetime import date as _date
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # result types still defined by their stages
    from .stages.entities import Entity
    from .stages.exclusives import Exclusive
    from .stages.figures import FigureGroup
    from .stages.quotes import Quote
    from .stages.timeline import TimelineItem
    from .vectors import SentenceVectors

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


class _Unset:
    """The value of a cluster field that no stage has assigned yet (see :class:`Cluster`)."""

    __slots__ = ()
    _instance: "_Unset | None" = None

    def __new__(cls) -> "_Unset":
        if cls._instance is None:
            cls._instance = object.__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        raise TypeError("UNSET has no truth value; a stage read a cluster field no stage assigned")

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class UnsetFieldError(AttributeError):
    """A cluster field was read before any stage assigned it, or by a stage that does not declare it.

    The pipeline re-raises it as a :class:`~newsfuse.errors.ContractError` naming the stage.
    """

    def __init__(self, field_name: str, reason: str) -> None:
        self.field = field_name
        self.reason = reason
        super().__init__(f"cluster.{field_name} {reason}")


# Which stage is running and which result fields it declared: set by the pipeline around each
# stage call, so that a read of a field the stage did not declare fails at once, naming both.
_READING: ContextVar[tuple[str, frozenset[str]] | None] = ContextVar("newsfuse_stage_reading", default=None)


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two articles carrying the same copy.

    Attributes:
        a, b: article ids; ``a`` came first in the input.
        kind: ``"wire"`` or ``"near-duplicate"``.
        agency: the wire agency ("AFP") for wire copies, else ``None``.
        jaccard: Jaccard similarity of their 5-shingle sets.
        containment: share of the smaller set found in the larger one.
    """

    a: str
    b: str
    kind: str
    agency: str | None
    jaccard: float
    containment: float

    def to_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "agency": self.agency,
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
        }


@dataclass(frozen=True, slots=True)
class Reports:
    """Articles grouped into independent reports: wire copies and near-duplicates are one report.

    ``of`` maps each article id to its report number; reports are numbered 0, 1, ... by their
    first article in input order. Assigned by the ``dedup`` stage and read by everything that
    counts outlets (the summary's citations, figure groups, exclusives).
    """

    of: Mapping[str, int]

    @classmethod
    def from_pairs(cls, article_ids: Sequence[str], pairs: Iterable[tuple[str, str]]) -> "Reports":
        """Reports of ``article_ids`` when each pair of ids carries the same copy."""
        parent = {a: a for a in article_ids}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in pairs:
            if a in parent and b in parent:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[rb] = ra
        numbers: dict[str, int] = {}
        return cls({a: numbers.setdefault(find(a), len(numbers)) for a in article_ids})

    def __len__(self) -> int:
        return len(set(self.of.values()))

    def count(self, article_ids: Iterable[str]) -> int:
        """How many independent reports the articles ``article_ids`` are."""
        return len({self.of.get(a, a) for a in article_ids})

    def groups(self) -> list[list[str]]:
        """Article ids of each report, reports in order, articles in input order."""
        out: dict[int, list[str]] = {}
        for a, n in self.of.items():
            out.setdefault(n, []).append(a)
        return [out[n] for n in sorted(out)]


@dataclass(frozen=True, slots=True, eq=False)
class Cluster:
    """The working document of the pipeline, like spaCy's ``Doc``.

    ``articles`` and ``source_ids`` are the input. Every other field is a *result*, assigned by
    exactly one stage (its ``assigns``) and ``UNSET`` until then. Reading a result field that is
    still unset raises :class:`UnsetFieldError`, and so does a stage reading a field it does not
    declare in its ``requires``: no stage can quietly depend on, or recompute, another's result.
    A stage returns ``cluster.assign(field=value, ...)``, a new cluster; it never mutates its input.

    Attributes:
        articles: the cleaned articles, in input order.
        source_ids: "s1", "s2", ... parallel to ``articles`` (made when not given).
        sentences: every article's sentences, article by article, in order (``segment``).
        reports: the articles grouped into independent reports (``dedup``).
        duplicates: the pairs of articles that carry the same copy, wire or near-duplicate
            (``dedup``).
        parses: spaCy's parse of each article, by article id (``parse``; default mode only).
        vectors: the sentences' vectors, computed on demand (``embed``): MiniLM, or TF-IDF
            in fast mode.
        entities, quotes, figures, exclusive, timeline: the brief's parts (their stages).
        summary: the cited summary (``summarize``).
        timings: seconds each stage took; kept by the pipeline, not a stage result.
    """

    articles: tuple[Article, ...]
    source_ids: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = UNSET
    reports: Reports = UNSET
    duplicates: tuple[DuplicatePair, ...] = UNSET
    parses: Mapping[str, Any] = UNSET
    vectors: "SentenceVectors" = UNSET
    entities: "tuple[Entity, ...]" = UNSET
    quotes: "tuple[Quote, ...]" = UNSET
    figures: "tuple[FigureGroup, ...]" = UNSET
    exclusive: "tuple[Exclusive, ...]" = UNSET
    timeline: "tuple[TimelineItem, ...]" = UNSET
    summary: "tuple[BriefSentence, ...]" = UNSET
    timings: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not object.__getattribute__(self, "source_ids"):
            n = len(object.__getattribute__(self, "articles"))
            object.__setattr__(self, "source_ids", tuple(f"s{i + 1}" for i in range(n)))

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in RESULT_FIELDS:
            reading = _READING.get()
            if reading is not None and name not in reading[1]:
                raise UnsetFieldError(name, f"was read by stage '{reading[0]}', which does not declare it in requires")
            if value is UNSET:
                raise UnsetFieldError(name, "was read before any stage assigned it")
        return value

    def __repr__(self) -> str:
        parts = [f"articles={len(object.__getattribute__(self, 'articles'))}"]
        for name in sorted(RESULT_FIELDS):
            value = object.__getattribute__(self, name)
            if value is UNSET:
                parts.append(f"{name}=UNSET")
            else:
                parts.append(f"{name}={len(value) if hasattr(value, '__len__') else type(value).__name__}")
        return f"Cluster({', '.join(parts)})"

    def is_set(self, name: str) -> bool:
        """Whether result field ``name`` has been assigned (never raises)."""
        return object.__getattribute__(self, name) is not UNSET

    def assign(self, **results: Any) -> "Cluster":
        """A copy of this cluster with the result fields ``results`` filled."""
        unknown = [k for k in results if k not in RESULT_FIELDS and k != "timings"]
        if unknown:
            raise TypeError(f"Cluster has no result field {', '.join(unknown)}; fields: {', '.join(RESULT_FIELDS)}")
        values = {f: object.__getattribute__(self, f) for f in CLUSTER_FIELDS}
        values.update(results)
        return Cluster(**values)

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


CLUSTER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Cluster))
# The fields stages assign; everything but the input and the pipeline's own bookkeeping.
RESULT_FIELDS: frozenset[str] = frozenset(CLUSTER_FIELDS) - {"articles", "source_ids", "timings"}


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
