"""The ``entities`` pipeline stage: every article's mentions, merged across outlets."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ...model import Article, Cluster, Sentence
from ...pipeline import parsed, stage
from ...settings import Settings
from .kinds import recall_places, retype
from .mentions import mentions_fast, mentions_spacy, recall_persons
from .merge import merge_mentions
from .types import Entity, Mention


def entities_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None) -> tuple[Entity, ...]:
    """Every article's named entities, merged across outlets.

    Labels the text contradicts are corrected and missed mentions of known places added
    (:mod:`.kinds`) before the merge.

    ``docs`` are spaCy parses by article id (``cluster.parses``); ``None`` reads every article
    with patterns only (fast mode).
    """
    docs = docs or {}
    mentions: list[Mention] = []
    sids = cluster.source_ids
    fast: list[tuple[Article, Sequence[Sentence], str]] = []
    parsed_: list[tuple[Article, Sequence[Sentence], str]] = []
    for article, sid in zip(cluster.articles, sids):
        sents = cluster.sentences_of(article.id)
        doc = docs.get(article.id)
        if doc is not None:
            mentions += mentions_spacy(article, doc, sents, sid)
            parsed_.append((article, sents, sid))
        else:
            fast.append((article, sents, sid))
    if parsed_:
        mentions += recall_persons(parsed_, mentions)
    if fast:
        mentions += mentions_fast(fast)
    mentions = retype(mentions, {a.id: a.text for a in cluster.articles})
    mentions += recall_places(parsed_ + fast, mentions)
    return merge_mentions(mentions, sids)


@stage("entities", requires=parsed("sentences"), assigns=("entities",))
def make_entity_stage(settings: Settings):
    """The ``entities`` stage: people, organisations and places with variants merged.

    Reads spaCy's parses from ``cluster.parses`` (default mode) or uses capitalised-word
    patterns (fast).
    """

    def entities_stage(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(entities=entities_of_cluster(cluster, docs))

    return entities_stage
