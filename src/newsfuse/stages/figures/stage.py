"""The ``figures`` pipeline stage: every article's figures, aligned across outlets and
labelled (the steps are described in :mod:`newsfuse.stages.figures`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import numpy as np

from ...model import Cluster
from ...pipeline import stage
from ...settings import Settings
from .align import DEFAULT_ALIGN, FAST_ALIGN, AlignConfig, align_figures
from .extract import extract_figures, is_listed
from .groups import make_groups
from .types import Figure, FigureGroup


def _reports(cluster: Cluster) -> dict[str, int]:
    """Article id -> report id; articles carrying the same copy share one."""
    ids = [a.id for a in cluster.articles]
    parent = {a: a for a in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in cluster.duplicates:
        if a in parent and b in parent:
            parent[find(b)] = find(a)
    roots = {find(a) for a in ids}
    number = {r: i for i, r in enumerate(sorted(roots, key=ids.index))}
    return {a: number[find(a)] for a in ids}


def _sentence_rows(cluster: Cluster) -> dict[tuple[str, int], int]:
    return {(s.article_id, s.index): i for i, s in enumerate(cluster.sentences)}


def _similarity(cluster: Cluster, figures: Sequence[Figure]) -> np.ndarray:
    rows = _sentence_rows(cluster)
    vectors = cluster.vectors
    if vectors is None or len(getattr(vectors, "shape", ())) != 2 or vectors.shape[0] != len(cluster.sentences):
        from ...embed import get_embedder

        vectors = get_embedder(True).encode([s.text for s in cluster.sentences])
    idx = [rows.get((f.article_id, f.sentence_index), 0) for f in figures]
    m = np.asarray(vectors)[idx] if idx else np.zeros((0, 1))
    return m @ m.T if len(idx) else np.zeros((0, 0))


def figures_of_cluster(cluster: Cluster, docs: dict[str, Any] | None = None, config: AlignConfig | None = None) -> tuple[FigureGroup, ...]:
    """Extract every article's figures, align them across outlets and classify each group."""
    docs = docs or {}
    figures: list[Figure] = []
    for article, sid in zip(cluster.articles, cluster.source_ids or [f"s{i + 1}" for i in range(len(cluster.articles))]):
        sents = cluster.sentences_of(article.id) if cluster.sentences else None
        figures += [f for f in extract_figures(article, sents, source_id=sid, doc=docs.get(article.id)) if is_listed(f)]
    if not figures:
        return ()
    if config is None:
        config = DEFAULT_ALIGN if docs else FAST_ALIGN
    groups = align_figures(figures, _similarity(cluster, figures), config)
    return make_groups(groups, _reports(cluster))


@stage("figures", requires=("sentences",), assigns=("figures",))
def make_figure_stage(settings: Settings):
    """The ``figures`` stage: quantities lined up across outlets (see the module docstring).

    Default mode parses articles with spaCy (shared through
    ``cluster.extras["spacy_docs"]``); fast mode uses patterns only.
    """
    nlp = None
    if not settings.fast:
        from ...nlp import get_nlp

        nlp = get_nlp()

    def figures_stage(cluster: Cluster) -> Cluster:
        docs: dict[str, Any] = {}
        extras = cluster.extras
        if nlp is not None:
            from ..entities.stage import article_docs

            docs = article_docs(cluster, nlp)
            extras = {**cluster.extras, "spacy_docs": docs}
        return replace(cluster, figures=figures_of_cluster(cluster, docs), extras=extras)

    return figures_stage
