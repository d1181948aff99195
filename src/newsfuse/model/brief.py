"""The brief: what newsfuse writes, and its parts.

Nothing here does I/O or loads a model; the ``to_*`` methods call :mod:`newsfuse.writers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .article import Article, Citation
from .results import Disagreement, Entity, Exclusive, FigureGroup, Quote, TimelineItem, Update


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
                {"source": c.source_id, "sentence": c.sentence_index, "start": c.start, "end": c.end, "support": c.support}
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
    language: str = "en"  # what was briefed; articles in other languages are left out, with a note

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "mode": self.mode,
            "language": self.language,
            "settings": dict(self.settings),
            "notes": list(self.notes),
            "timings": dict(self.timings),
        }


@dataclass(frozen=True, slots=True)
class Brief:
    """One sourced brief of a cluster of articles.

    ``quotes``, ``figures``, ``exclusive``, ``entities`` and ``timeline`` hold the
    result types of :mod:`newsfuse.model.results`, each with ``to_dict()``.
    """

    title: str
    sources: tuple[Source, ...]
    summary: tuple[BriefSentence, ...]
    disagreements: tuple[Disagreement, ...] = ()  # conflicting figures, each said in one sentence after the summary
    quotes: tuple[Quote, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
    exclusive: tuple[Exclusive, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # pairs of source ids that are the same copy
    update: Update | None = None  # an update brief: which sources were read before, what changed
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
            "disagreements": [x.to_dict() for x in self.disagreements],
            "quotes": [q.to_dict() for q in self.quotes],
            "figures": [f.to_dict() for f in self.figures],
            "exclusive": [e.to_dict() for e in self.exclusive],
            "entities": [e.to_dict() for e in self.entities],
            "timeline": [t.to_dict() for t in self.timeline],
            "duplicates": [list(p) for p in self.duplicates],
            **({"update": self.update.to_dict()} if self.update is not None else {}),
            "meta": self.meta.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        from ..writers import to_json

        return to_json(self, indent=indent)

    def to_markdown(self) -> str:
        from ..writers import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        from ..writers import to_text

        return to_text(self)

    def to_html(self) -> str:
        from ..writers import to_html

        return to_html(self)
