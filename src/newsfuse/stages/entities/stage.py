"""The ``entities`` pipeline stage, and the spaCy parses of a cluster's articles that it
shares with later stages (:func:`article_docs`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from ...model import Article, Cluster, Sentence
from ...pipeline import stage
from ...settings import Settings
from .mentions import mentions_fast, mentions_spacy, recall_persons
from .merge import merge_mentions
from .types import Entity, Mention


def article_docs(cluster: Cluster, nlp: Any) -> dict[str, Any]:
    """spaCy docs of every article, keyed by article id; reuses ``cluster.extras["spacy_docs"]``."""
    have = cluster.extras.get("spacy_docs", {}) if isinstance(cluster.extras, dict) else {}
    docs = {a.id: have[a.id] for a in cluster.articles if a.id in have and have[a.id].text == a.text}
    todo = [a for a in cluster.articles if a.id not in docs]
    for a, doc in zip(todo, nlp.pipe([a.text for a in todo], batch_size=8)):
        docs[a.id] = doc
    return docs


def entities_of_cluster(cluster: Cluster, docs: dict[str, Any] | None = None) -> tuple[Entity, ...]:
    """Every article's named entities, merged across outlets."""
    docs = docs or {}
    mentions: list[Mention] = []
    sids = cluster.source_ids or tuple(f"s{i + 1}" for i in range(len(cluster.articles)))
    fast: list[tuple[Article, Sequence[Sentence], str]] = []
    parsed: list[tuple[Article, Sequence[Sentence], str]] = []
    for article, sid in zip(cluster.articles, sids):
        sents = cluster.sentences_of(article.id) if cluster.sentences else None
        if sents is None:
            from ..segment import split_sentences

            sents = split_sentences(article)
        doc = docs.get(article.id)
        if doc is not None:
            mentions += mentions_spacy(article, doc, sents, sid)
            parsed.append((article, sents, sid))
        else:
            fast.append((article, sents, sid))
    if parsed:
        mentions += recall_persons(parsed, mentions)
    if fast:
        mentions += mentions_fast(fast)
    return merge_mentions(mentions, sids)


@stage("entities", requires=("sentences",), assigns=("entities",))
def make_entity_stage(settings: Settings):
    """The ``entities`` stage: people, organisations and places with variants merged.

    Loads spaCy once (default mode) or uses capitalised-word patterns (fast).
    """
    nlp = None
    if not settings.fast:
        from ...nlp import get_nlp

        nlp = get_nlp()

    def entities_stage(cluster: Cluster) -> Cluster:
        if nlp is None:
            return replace(cluster, entities=entities_of_cluster(cluster))
        docs = article_docs(cluster, nlp)
        return replace(cluster, entities=entities_of_cluster(cluster, docs), extras={**cluster.extras, "spacy_docs": docs})

    return entities_stage
