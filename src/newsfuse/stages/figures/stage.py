"""The ``figures`` pipeline stage: every article's figures, aligned across outlets and
labelled (the steps are described in :mod:`newsfuse.stages.figures`).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ...model import Cluster
from ...pipeline import parsed, stage
from ...settings import Settings
from .align import DEFAULT_ALIGN, FAST_ALIGN, AlignConfig, align_figures
from .extract import extract_figures, is_listed
from .groups import make_groups
from .types import Figure, FigureGroup


def _similarity(cluster: Cluster, figures: Sequence[Figure]) -> np.ndarray:
    """Cosine of the sentences of each pair of ``figures`` (``cluster.vectors``)."""
    rows = {(s.article_id, s.index): i for i, s in enumerate(cluster.sentences)}
    idx = [rows.get((f.article_id, f.sentence_index), 0) for f in figures]
    m = cluster.vectors.all()[idx] if idx else np.zeros((0, 1))
    return m @ m.T if len(idx) else np.zeros((0, 0))


def related_sentences(cluster: Cluster, figures: Sequence[Figure], fast: bool):
    """The test :func:`~.align.align_figures` reads: whether the sentences of two mentions report
    the same fact, one supporting the other fully or in part by the relation of the summary's
    citations (:mod:`newsfuse.stages.support`; "the same fact with another figure" is a partial
    support). Features are fitted on all the cluster's sentences, the pairs read in one block."""
    from ..support import features_at, support_model

    row = {(s.article_id, s.index): k for k, s in enumerate(cluster.sentences)}
    texts = [s.text for s in cluster.sentences]
    model = support_model(fast)

    def related(pairs: Sequence[tuple[int, int]]) -> list[bool]:
        if not pairs:
            return []
        a = [row[(figures[i].article_id, figures[i].sentence_index)] for i, _ in pairs]
        b = [row[(figures[j].article_id, figures[j].sentence_index)] for _, j in pairs]
        ii, jj = np.array(a + b), np.array(b + a)
        cosine = None
        if not fast:
            vectors = cluster.vectors.all()
            cosine = np.einsum("ij,ij->i", vectors[ii], vectors[jj]).astype(np.float64)
        ok = model.supports(features_at(texts, texts, ii, jj, cosine))
        return [bool(x or y) for x, y in zip(ok[: len(pairs)], ok[len(pairs):])]

    return related


def figures_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None, config: AlignConfig | None = None,
                       fast: bool | None = None) -> tuple[FigureGroup, ...]:
    """Extract every article's figures, align them across outlets and classify each group.

    Mentions in different articles with values that cannot both be true line up only when their
    sentences report the same fact by the support relation of the citations (:func:`related_sentences`).

    Args:
        cluster: a cluster with ``sentences``, ``vectors`` and ``reports``.
        docs: spaCy parses by article id (``cluster.parses``), or ``None`` in fast mode.
        config: the alignment's knobs (default: by mode).
        fast: the support relation of fast mode (default: when ``docs`` is ``None``).
    """
    if fast is None:
        fast = docs is None
    figures: list[Figure] = []
    for article, sid in zip(cluster.articles, cluster.source_ids):
        doc = docs.get(article.id) if docs else None
        figures += [f for f in extract_figures(article, cluster.sentences_of(article.id), source_id=sid, doc=doc) if is_listed(f)]
    if not figures:
        return ()
    if config is None:
        config = DEFAULT_ALIGN if docs else FAST_ALIGN
    groups = align_figures(figures, _similarity(cluster, figures), config, related_sentences(cluster, figures, fast))
    return make_groups(groups, dict(cluster.reports.of))


@stage("figures", requires=parsed("sentences", "vectors", "reports"), assigns=("figures",))
def make_figure_stage(settings: Settings):
    """The ``figures`` stage: quantities lined up across outlets (see the module docstring).

    Default mode reads spaCy's parses from ``cluster.parses``; fast mode uses patterns only.
    """

    def figures_stage(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(figures=figures_of_cluster(cluster, docs, fast=settings.fast))

    return figures_stage
