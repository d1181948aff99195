"""Sentence vectors of one cluster, computed on demand and kept.

The ``embed`` stage assigns a :class:`SentenceVectors` to ``cluster.vectors``;
every stage that compares sentences reads its rows from there, so each sentence
is embedded at most once per cluster, and only if someone asks for it. A
stage that compares every sentence with every other asks for :meth:`all`; the
summary's citations ask for the few rows they compare (:meth:`rows`), which
keeps a summary-only run (``newsfuse eval``) linear in the cluster's size.

With the TF-IDF embedder (fast mode) rows only make sense fitted on every
sentence together, so the first request computes them all.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .embed import Embedder


class SentenceVectors:
    """L2-normalised rows, one per sentence of a cluster, from one embedder.

    Args:
        texts: the sentences' texts, in cluster order.
        embedder: what computes the rows (:func:`newsfuse.embed.get_embedder`).
        whole: compute every row at the first request (TF-IDF must be fitted on all texts).
    """

    __slots__ = ("texts", "embedder", "whole", "_dense", "_rows")

    def __init__(self, texts: Sequence[str], embedder: Embedder, *, whole: bool = False) -> None:
        self.texts = tuple(texts)
        self.embedder = embedder
        self.whole = whole
        self._dense: np.ndarray | None = None
        self._rows: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def name(self) -> str:
        return self.embedder.name

    @property
    def complete(self) -> bool:
        """Whether every row is at hand (so comparing with all sentences costs nothing more)."""
        return self._dense is not None or self.whole

    def all(self) -> np.ndarray:
        """Every row, as one ``(sentences, dimensions)`` array (embedded in one batch if needed)."""
        if self._dense is None:
            if self._rows and not self.whole:
                missing = [i for i in range(len(self.texts)) if i not in self._rows]
                self.prepare(missing)
                self._dense = np.vstack([self._rows[i] for i in range(len(self.texts))]) if self.texts else _empty()
            else:
                self._dense = np.asarray(self.embedder.encode(list(self.texts)), dtype=np.float32)
            self._rows = {}
        return self._dense

    def prepare(self, indices: Iterable[int]) -> None:
        """Embed, in one batch, the rows of ``indices`` not at hand yet."""
        if self._dense is not None:
            return
        if self.whole:
            self.all()
            return
        missing = sorted({int(i) for i in indices} - self._rows.keys())
        if not missing:
            return
        vecs = np.asarray(self.embedder.encode([self.texts[i] for i in missing]), dtype=np.float32)
        for i, v in zip(missing, vecs):
            self._rows[i] = v

    def rows(self, indices: Sequence[int]) -> np.ndarray:
        """The rows of ``indices``, in that order."""
        idx = [int(i) for i in indices]
        if self._dense is not None or self.whole:
            return self.all()[idx] if idx else np.zeros((0, self.all().shape[1] if len(self.texts) else 1), np.float32)
        self.prepare(idx)
        if not idx:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._rows[i] for i in idx])

    def cosine(self, index: int, others: Sequence[int]) -> np.ndarray:
        """Cosine of row ``index`` with each row of ``others``."""
        others = [int(j) for j in others]
        if self._dense is not None or self.whole:
            dense = self.all()
            return dense[others] @ dense[index] if others else np.zeros(0, dtype=np.float32)
        self.prepare([index, *others])
        if not others:
            return np.zeros(0, dtype=np.float32)
        return np.vstack([self._rows[j] for j in others]) @ self._rows[index]


def _empty() -> np.ndarray:
    return np.zeros((0, 1), dtype=np.float32)
