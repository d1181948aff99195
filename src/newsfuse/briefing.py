"""make_brief: articles in, one sourced :class:`~newsfuse.model.Brief` out."""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from typing import Sequence

from ._version import __version__
from .errors import InputError, ReadError
from .model import Article, Brief, BriefMeta, BriefSentence, Cluster, Source
from .pipeline import SUMMARY_STAGES, Pipeline, default_stages
from .readers import clean_article
from .settings import Settings
from .text.language import foreign_language, language_name

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _pipeline(names: tuple[str, ...], settings: Settings) -> Pipeline:
    return Pipeline(names, settings)


def get_pipeline(settings: Settings, names: tuple[str, ...] | None = None) -> Pipeline:
    """The pipeline for ``settings``, built once (models load on the first call)."""
    with _lock:
        return _pipeline(default_stages(settings, names) if names else default_stages(settings), settings)


def new_cluster(articles: Sequence[Article], earlier: Sequence[Article] = ()) -> Cluster:
    """A cluster of ``earlier`` then ``articles``, numbered s1, s2, ... in that order; repeated
    articles are dropped (an article both earlier and new counts as earlier).

    With ``earlier`` articles the cluster is an update: its summary and parts report what
    ``articles`` add to what the reader of ``earlier`` knows.
    """
    seen: set[str] = set()
    unique = []
    for a in (*earlier, *articles):
        if a.id not in seen:
            seen.add(a.id)
            unique.append(a)
    return Cluster(
        articles=tuple(unique),
        source_ids=tuple(f"s{i + 1}" for i in range(len(unique))),
        earlier=frozenset(a.id for a in earlier),
    )


def _title(cluster: Cluster, summary: Sequence[BriefSentence]) -> str:
    titles = [a.title for a in cluster.articles if a.title and a.id not in cluster.earlier]
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


def english_only(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """The English articles, and a note for each one left out because it is in another language.

    Raises:
        InputError: no article is in English (the message names the language found).
    """
    kept, notes, found = [], [], []
    for a in articles:
        code = foreign_language(a.text)
        if code is None:
            kept.append(a)
            continue
        name = language_name(code)
        found.append(f"{name} ({code})")
        notes.append(f"left out {a.source or a.outlet}: it reads as {name} ({code}); newsfuse briefs English articles only")
    if articles and not kept:
        langs = ", ".join(dict.fromkeys(found))
        raise InputError(f"the articles read as {langs}, not English; newsfuse briefs English news only "
                         "(translate them first)", source=articles[0].source or None)
    return kept, notes


def make_brief(articles: Sequence[Article], settings: Settings | None = None, earlier: Sequence[Article] = ()) -> Brief:
    """The brief of ``articles``: a cited summary, quotes, figures, exclusives, entities, timeline.

    Args:
        articles: the cleaned articles of one event (see :func:`newsfuse.readers.read_articles`).
        settings: word budget, fast mode and thresholds; defaults if omitted.
        earlier: articles the reader has already read: the brief is then an update, its summary
            and parts restricted to what ``articles`` add, with the figures that changed.

    Returns:
        A :class:`~newsfuse.model.Brief`; ``brief.to_dict()`` is ``newsfuse.brief/1`` JSON.

    Raises:
        ReadError: no articles were given.
        ModelUnavailable: a model is missing and ``settings.fast`` is off.
    """
    settings = settings or Settings()
    articles = [clean_article(a, settings, label=f"article {i + 1}") for i, a in enumerate(articles)]
    earlier = [clean_article(a, settings, label=f"earlier article {i + 1}") for i, a in enumerate(earlier)]
    if not articles:
        raise ReadError("no articles to brief; give at least one article file, folder or URL")
    articles, left_out = english_only(articles)
    earlier, left_out_earlier = english_only(earlier)
    left_out += left_out_earlier
    cluster = get_pipeline(settings).run(new_cluster(articles, earlier))
    update = cluster.update
    parts = update if update is not None else cluster
    return Brief(
        title=_title(cluster, cluster.summary),
        sources=tuple(Source(sid, a) for sid, a in zip(cluster.source_ids, cluster.articles)),
        summary=cluster.summary,
        disagreements=cluster.disagreements,
        quotes=parts.quotes,
        figures=parts.figures,
        exclusive=tuple(e for e in cluster.exclusive if update is None or e.source in update.new),
        entities=parts.entities,
        timeline=parts.timeline,
        update=update,
        duplicates=tuple((cluster.source_id(p.a), cluster.source_id(p.b)) for p in cluster.duplicates),
        meta=BriefMeta(
            version=__version__,
            settings=settings.to_dict(),
            mode="fast" if settings.fast else "default",
            notes=_notes(cluster) + tuple(left_out),
            timings=dict(cluster.timings),
        ),
    )


def summarize_articles(
    articles: Sequence[Article], settings: Settings | None = None, earlier: Sequence[Article] = ()
) -> tuple[BriefSentence, ...]:
    """Only the cited summary of ``articles`` (no quotes, figures or entities): what ``eval`` measures.

    With ``earlier`` articles: the update summary, only what ``articles`` add (``eval-update``).
    """
    settings = settings or Settings()
    if not articles:
        return ()
    return get_pipeline(settings, SUMMARY_STAGES).run(new_cluster(articles, earlier)).summary
