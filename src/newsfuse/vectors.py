"""Sentence vectors of one cluster, computed on demand and kept.

The ``embed`` stage assigns a :class:`SentenceVectors` to ``cluster.vectors``;
every stage that compares sentences reads its rows from there, so each sentence
is embedded at most once per cluster, and only if someone asks for it. A
stage that compares every sentence with every other asks for :meth:`all`; the
summary's citations ask for the few rows they compare (:meth:`rows`), which
keeps a summary-only run (``newsfuse eval``) linear in the cluster's size.

With the TF-IDF embedder (fast mode) rows only make sense fitted on every
sentence together, so the first request computes them all.

:meth:`start` embeds every row in a background thread (the ``embed`` stage does
when a later stage reads them all), so other work runs while ONNX Runtime does;
every request then waits for that one batch and reads its rows.
"""

from __future__ import annotations

import threading
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

    __slots__ = ("texts", "embedder", "whole", "_dense", "_rows", "_pending", "_ready")

    def __init__(self, texts: Sequence[str], embedder: Embedder, *, whole: bool = False) -> None:
        self.texts = tuple(texts)
        self.embedder = embedder
        self.whole = whole
        self._dense: np.ndarray | None = None
        self._rows: dict[int, np.ndarray] = {}
        self._pending: tuple[threading.Thread, dict] | None = None
        self._ready: np.ndarray | None = None  # every row, from start(), once collected

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def name(self) -> str:
        return self.embedder.name

    @property
    def complete(self) -> bool:
        """Whether every row has been asked for (:meth:`all`), so comparing with all sentences costs nothing more.

        Rows being embedded by :meth:`start` do not count: what a stage compares must not depend on
        whether the rows were started early."""
        return self._dense is not None or self.whole

    def start(self) -> None:
        """Embed every row in a background thread, in the one batch :meth:`all` would embed them in."""
        if self.whole or self._pending is not None or self._ready is not None or self._dense is not None or self._rows or not self.texts:
            return
        box: dict = {}
        texts = list(self.texts)

        def work() -> None:
            try:
                box["rows"] = np.asarray(self.embedder.encode(texts), dtype=np.float32)
            except BaseException as exc:  # noqa: BLE001 - raised again in the thread that reads the rows
                box["error"] = exc

        # Not a daemon: a process that ends (say, on a model error) while ONNX Runtime is still
        # embedding aborts with "terminate called without an active exception"; exit waits instead.
        thread = threading.Thread(target=work, name="newsfuse-embed")
        thread.start()
        self._pending = (thread, box)

    def _collect(self) -> np.ndarray | None:
        """The rows :meth:`start` embedded (waiting for them), or None if it was not called."""
        if self._pending is not None:
            thread, box = self._pending
            thread.join()
            self._pending = None
            if "error" in box:
                raise box["error"]
            self._ready = box["rows"]
        return self._ready

    def all(self) -> np.ndarray:
        """Every row, as one ``(sentences, dimensions)`` array (embedded in one batch if needed)."""
        if self._dense is None:
            ready = self._collect()
            if ready is not None:
                self._dense, self._ready = ready, None
            elif self._rows and not self.whole:
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
        ready = self._collect()
        if ready is not None:
            for i in missing:
                self._rows[i] = ready[i]
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
