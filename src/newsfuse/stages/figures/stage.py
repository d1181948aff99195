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


def figures_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None, config: AlignConfig | None = None) -> tuple[FigureGroup, ...]:
    """Extract every article's figures, align them across outlets and classify each group.

    Args:
        cluster: a cluster with ``sentences``, ``vectors`` and ``reports``.
        docs: spaCy parses by article id (``cluster.parses``), or ``None`` in fast mode.
        config: the alignment's knobs (default: by mode).
    """
    figures: list[Figure] = []
    for article, sid in zip(cluster.articles, cluster.source_ids):
        doc = docs.get(article.id) if docs else None
        figures += [f for f in extract_figures(article, cluster.sentences_of(article.id), source_id=sid, doc=doc) if is_listed(f)]
    if not figures:
        return ()
    if config is None:
        config = DEFAULT_ALIGN if docs else FAST_ALIGN
    groups = align_figures(figures, _similarity(cluster, figures), config)
    return make_groups(groups, dict(cluster.reports.of))


@stage("figures", requires=parsed("sentences", "vectors", "reports"), assigns=("figures",))
def make_figure_stage(settings: Settings):
    """The ``figures`` stage: quantities lined up across outlets (see the module docstring).

    Default mode reads spaCy's parses from ``cluster.parses``; fast mode uses patterns only.
    """

    def figures_stage(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(figures=figures_of_cluster(cluster, docs))

    return figures_stage
