"""Story clustering measured with B-cubed against gold story labels.

B-cubed (Bagga & Baldwin 1998, "Algorithms for scoring coreference chains")
scores each article: precision is the share of its predicted story that has
its gold label, recall the share of its gold story that landed in its
predicted story; both are averaged over articles (one per JSON line: the 10
DUC 2006/2007 documents listed under two topics count once per line, and
always get the same predicted story).

Systems, all on the same document text (title + lead, see
:func:`newsfuse.clustering.documents.document_text`) and the same MiniLM embeddings:

- ``newsfuse``: :class:`~newsfuse.clustering.clusterer.StoryClusterer`, online, hashed
  TF-IDF + MiniLM + names + time;
- ``newsfuse-fast``: the same without MiniLM;
- ``agglomerative``: scikit-learn ``AgglomerativeClustering`` (average
  linkage, cosine distance, a distance threshold) on the MiniLM embeddings;
- ``hdbscan``: scikit-learn ``HDBSCAN`` on the MiniLM embeddings (noise
  points count as singleton stories);
- ``agglomerative-tfidf``: the agglomerative baseline on batch TF-IDF vectors
  (the fast-mode counterpart).

The library baselines are batch algorithms that see the whole file at once;
newsfuse sees each article once, in time order. Times are wall-clock seconds
per 1,000 articles including the features each system needs (the MiniLM
embedding time is added to every system that uses it).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..clustering.clusterer import StoryClusterer
from ..clustering.documents import DENSE_WORDS, document_text
from ..errors import DataError, FormatError
from ..readers.stream import iter_jsonl
from .bcubed import bcubed

SYSTEMS = ("newsfuse", "newsfuse-fast", "agglomerative", "hdbscan", "agglomerative-tfidf")

# Baseline parameters, tuned on duc2006_2007_topic_clusters.jsonl (see docs/evaluation.md).
AGGLOMERATIVE_DISTANCE = 0.7
AGGLOMERATIVE_TFIDF_DISTANCE = 0.9
HDBSCAN_MIN_CLUSTER_SIZE = 3


class _CachedEmbedder:
    """Serves precomputed rows for known texts, so every system uses the same embeddings."""

    def __init__(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._rows = {t: i for i, t in enumerate(texts)}
        self._vectors = vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors[[self._rows[t] for t in texts]]


def load_labelled(path: Path, *, strict: bool = False, on_error: Callable[[FormatError], None] | None = None):
    """The articles and gold labels of a clustering JSONL file (raises :class:`DataError` when unusable)."""
    if not path.is_file():
        raise DataError("clustering data not found; give a JSON Lines file such as ../shared/data/clustering/duc2004_tdt_event_clusters.jsonl", source=str(path))
    with path.open(encoding="utf-8") as fh:
        items = list(iter_jsonl(fh, source=str(path), strict=strict, on_error=on_error))
    if not items:
        raise DataError("no usable articles in the file", source=str(path))
    missing = [it.line for it in items if it.label is None]
    if missing:
        raise DataError(f"line {missing[0]} (and {len(missing) - 1} more) has no \"label\"; eval-cluster needs gold labels", source=str(path))
    return [it.article for it in items], [it.label for it in items]


def _singletons_for_noise(labels: np.ndarray) -> list[str]:
    out, n = [], 0
    for lab in labels:
        if lab < 0:
            n += 1
            out.append(f"noise-{n}")
        else:
            out.append(f"c{lab}")
    return out


def evaluate(
    path: Path,
    *,
    systems: Sequence[str] = SYSTEMS,
    window_days: float | None = None,
    window_articles: int | None = None,
    thresholds: Sequence[float | None] = (None,),
    merge: bool = True,
    strict: bool = False,
    on_error: Callable[[FormatError], None] | None = None,
    embedder: Any = None,
) -> dict[str, Any]:
    """Run ``systems`` on the labelled file at ``path``; B-cubed, story counts and seconds per 1,000 articles.

    Args:
        path: a clustering JSON Lines file with ``label`` on every line.
        systems: names from :data:`SYSTEMS`.
        window_days: newsfuse's quiet window in days (``None``: the clusterer's default).
        window_articles: newsfuse's quiet window in stream articles (``None``: the default).
        thresholds: newsfuse's join and merge thresholds (``None``: the default of each mode); with
            more than one, each newsfuse system runs once per threshold, as ``name@threshold``.
        merge: newsfuse's merge pass (off: stories never merge).
        strict: refuse a bad line instead of skipping it.
        on_error: called with each skipped line's error.
        embedder: the dense embedder (default: MiniLM via :func:`newsfuse.embed.get_embedder`).
    """
    from sklearn.cluster import HDBSCAN, AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    articles, gold = load_labelled(Path(path), strict=strict, on_error=on_error)
    n = len(articles)
    results: dict[str, Any] = {
        "data": str(path),
        "articles": n,
        "gold_stories": len(set(gold)),
        "systems": {},
    }
    dense = None
    dense_seconds = 0.0
    cached = None
    if any(s in ("newsfuse", "agglomerative", "hdbscan") for s in systems):
        if embedder is None:
            from ..embed import get_embedder

            embedder = get_embedder(False)
        texts = [document_text(a, DENSE_WORDS) for a in articles]
        started = time.perf_counter()
        dense = np.asarray(embedder.encode(texts), dtype=np.float32)
        dense_seconds = time.perf_counter() - started
        cached = _CachedEmbedder(texts, dense)
        results["embedding_seconds_per_1k"] = round(1000 * dense_seconds / n, 3)

    def record(name: str, labels: Sequence[Any], seconds: float, parameters: str) -> None:
        score = bcubed(list(labels), gold)
        results["systems"][name] = {
            **score.to_dict(),
            "seconds_per_1k": round(1000 * seconds / n, 3),
            "parameters": parameters,
        }

    for name in systems:
        started = time.perf_counter()
        if name in ("newsfuse", "newsfuse-fast"):
            fast = name == "newsfuse-fast"
            window = {"window_days": window_days, "window_articles": window_articles}
            for threshold in thresholds:
                started = time.perf_counter()
                model = StoryClusterer(
                    threshold=threshold, fast=fast, embedder=None if fast else cached,
                    merge_threshold=None if merge else math.inf,
                    **{k: v for k, v in window.items() if v is not None},
                )
                labels = model.fit_predict(articles)
                extra = 0.0 if fast else dense_seconds
                w = model.weights_
                results["window_days"] = model.window_days
                results["window_articles"] = model.window_articles
                params = (
                    f"threshold={model.threshold_:g}, merge={model.merge_threshold_:g}, "
                    f"window={model.window_days:g}d+{model.window_articles} articles, "
                    + ", ".join(f"{k}={v:g}" for k, v in w.items() if v)
                )
                label = name if len(thresholds) == 1 else f"{name}@{model.threshold_:g}"
                record(label, labels, time.perf_counter() - started + extra, params)
        elif name == "agglomerative":
            labels = AgglomerativeClustering(
                n_clusters=None, distance_threshold=AGGLOMERATIVE_DISTANCE, metric="cosine", linkage="average"
            ).fit_predict(dense)
            record(name, labels, time.perf_counter() - started + dense_seconds,
                   f"MiniLM, cosine, average linkage, distance_threshold={AGGLOMERATIVE_DISTANCE:g}")
        elif name == "hdbscan":
            labels = HDBSCAN(min_cluster_size=HDBSCAN_MIN_CLUSTER_SIZE, copy=True).fit_predict(dense)
            record(name, _singletons_for_noise(labels), time.perf_counter() - started + dense_seconds,
                   f"MiniLM, euclidean on unit vectors, min_cluster_size={HDBSCAN_MIN_CLUSTER_SIZE}, noise=singletons")
        elif name == "agglomerative-tfidf":
            x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([document_text(a) for a in articles])
            labels = AgglomerativeClustering(
                n_clusters=None, distance_threshold=AGGLOMERATIVE_TFIDF_DISTANCE, metric="cosine", linkage="average"
            ).fit_predict(x.toarray())
            record(name, labels, time.perf_counter() - started,
                   f"batch TF-IDF, cosine, average linkage, distance_threshold={AGGLOMERATIVE_TFIDF_DISTANCE:g}")
        else:  # pragma: no cover - the CLI checks names
            raise ValueError(name)
    return results
