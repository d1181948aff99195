"""make_brief: articles in, one sourced :class:`~newsfuse.model.Brief` out."""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from typing import Sequence

from ._version import __version__
from .errors import ReadError
from .model import Article, Brief, BriefMeta, BriefSentence, Cluster, Source
from .pipeline import SUMMARY_STAGES, Pipeline, default_stages
from .settings import Settings

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _pipeline(names: tuple[str, ...], settings: Settings) -> Pipeline:
    return Pipeline(names, settings)


def get_pipeline(settings: Settings, names: tuple[str, ...] | None = None) -> Pipeline:
    """The pipeline for ``settings``, built once (models load on the first call)."""
    with _lock:
        return _pipeline(default_stages(settings, names) if names else default_stages(settings), settings)


def new_cluster(articles: Sequence[Article]) -> Cluster:
    """A cluster of ``articles`` numbered s1, s2, ... in input order; repeated articles are dropped."""
    seen: set[str] = set()
    unique = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            unique.append(a)
    return Cluster(articles=tuple(unique), source_ids=tuple(f"s{i + 1}" for i in range(len(unique))))


def _title(cluster: Cluster, summary: Sequence[BriefSentence]) -> str:
    titles = [a.title for a in cluster.articles if a.title]
    if titles:
        counts = Counter(titles)
        return counts.most_common(1)[0][0] if counts.most_common(1)[0][1] > 1 else titles[0]
    if summary:
        words = summary[0].text.split()
        return " ".join(words[:12]) + ("..." if len(words) > 12 else "")
    return "Brief"


def _notes(cluster: Cluster) -> tuple[str, ...]:
    notes = []
    for pair in cluster.duplicates:
        a_id, b_id = pair.a, pair.b
        a, b = cluster.article(a_id), cluster.article(b_id)
        credit = a.credit or b.credit
        what = f"the same {credit} copy" if credit else "near-identical copy"
        notes.append(
            f"{cluster.source_id(a_id)} ({a.outlet}) and {cluster.source_id(b_id)} ({b.outlet}) carry {what}; "
            "they count as one report when outlets are counted"
        )
    return tuple(notes)


def make_brief(articles: Sequence[Article], settings: Settings | None = None) -> Brief:
    """The brief of ``articles``: a cited summary, quotes, figures, exclusives, entities, timeline.

    Args:
        articles: the cleaned articles of one event (see :func:`newsfuse.readers.read_articles`).
        settings: word budget, fast mode and thresholds; defaults if omitted.

    Returns:
        A :class:`~newsfuse.model.Brief`; ``brief.to_dict()`` is ``newsfuse.brief/1`` JSON.

    Raises:
        ReadError: no articles were given.
        ModelUnavailable: a model is missing and ``settings.fast`` is off.
    """
    settings = settings or Settings()
    if not articles:
        raise ReadError("no articles to brief; give at least one article file, folder or URL")
    cluster = get_pipeline(settings).run(new_cluster(articles))
    return Brief(
        title=_title(cluster, cluster.summary),
        sources=tuple(Source(sid, a) for sid, a in zip(cluster.source_ids, cluster.articles)),
        summary=cluster.summary,
        quotes=cluster.quotes,
        figures=cluster.figures,
        exclusive=cluster.exclusive,
        entities=cluster.entities,
        timeline=cluster.timeline,
        duplicates=tuple((cluster.source_id(p.a), cluster.source_id(p.b)) for p in cluster.duplicates),
        meta=BriefMeta(
            version=__version__,
            settings={"summary_words": settings.summary_words, "fast": settings.fast},
            mode="fast" if settings.fast else "default",
            notes=_notes(cluster),
            timings=dict(cluster.timings),
        ),
    )


def summarize_articles(articles: Sequence[Article], settings: Settings | None = None) -> tuple[BriefSentence, ...]:
    """Only the cited summary of ``articles`` (no quotes, figures or entities): what ``eval`` measures."""
    settings = settings or Settings()
    if not articles:
        return ()
    return get_pipeline(settings, SUMMARY_STAGES).run(new_cluster(articles)).summary
