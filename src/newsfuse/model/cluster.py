"""The pipeline's working document, :class:`Cluster`, and the contract its fields keep.

Nothing here does I/O or loads a model.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .article import Article, Sentence

from .results import Disagreement, Entity, Exclusive, FigureGroup, Quote, TimelineItem, Update

if TYPE_CHECKING:
    from ..vectors import SentenceVectors
    from .brief import BriefSentence

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
        earlier: ids of the articles the reader has already read, for an update brief: the
            stages read them too (a figure that changed needs its old value), and the summary
            and the brief's parts report only what the other, new articles add.
        sentences: every article's sentences, article by article, in order (``segment``).
        reports: the articles grouped into independent reports (``dedup``).
        duplicates: the pairs of articles that carry the same copy, wire or near-duplicate
            (``dedup``).
        parses: spaCy's parse of each article, by article id (``parse``; default mode only).
        vectors: the sentences' vectors, computed on demand (``embed``): MiniLM, or TF-IDF
            in fast mode.
        entities, quotes, figures, exclusive, timeline: the brief's parts (their stages).
        disagreements: the figures reports give in conflict, each said in one sentence
            (``disagreements``).
        summary: the cited summary (``summarize``).
        update: what the new articles add to the ``earlier`` ones, or ``None`` for an ordinary
            brief (``update``).
        timings: seconds each stage took; kept by the pipeline, not a stage result.
    """

    articles: tuple[Article, ...]
    source_ids: tuple[str, ...] = ()
    earlier: frozenset[str] = frozenset()
    sentences: tuple[Sentence, ...] = UNSET
    reports: Reports = UNSET
    duplicates: tuple[DuplicatePair, ...] = UNSET
    parses: Mapping[str, Any] = UNSET
    vectors: "SentenceVectors" = UNSET
    entities: tuple[Entity, ...] = UNSET
    quotes: tuple[Quote, ...] = UNSET
    figures: tuple[FigureGroup, ...] = UNSET
    disagreements: tuple[Disagreement, ...] = UNSET
    exclusive: tuple[Exclusive, ...] = UNSET
    timeline: tuple[TimelineItem, ...] = UNSET
    summary: "tuple[BriefSentence, ...]" = UNSET
    update: Update | None = UNSET
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
RESULT_FIELDS: frozenset[str] = frozenset(CLUSTER_FIELDS) - {"articles", "source_ids", "earlier", "timings"}
