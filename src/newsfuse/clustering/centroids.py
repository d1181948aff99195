"""Story sums (:class:`_Centroids`): running sums of the open stories' unit vectors, sparse
(TF-IDF) or dense (MiniLM), and the mean cosine of a new article with each story's articles
(average linkage, computed from the sums: the mean of ``x . v_i`` over a story is ``x . sum / n``).
"""

from __future__ import annotations

import numpy as np


class _Centroids:
    """Running sums of unit vectors of the open stories, one column per slot, grown by doubling.

    Stored feature-major (``dim x slots``) so that a sparse article touches a few contiguous
    rows; the article count of each slot is kept beside its sum.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.sums = np.zeros((dim, 16), dtype=np.float32)
        self.n = np.ones(16, dtype=np.float32)  # articles per slot (1 for free slots: no division by 0)

    @property
    def capacity(self) -> int:
        return self.sums.shape[1]

    def ensure(self, slot: int) -> None:
        n = self.capacity
        if slot >= n:
            grow = max(n, slot + 1 - n)
            self.sums = np.hstack([self.sums, np.zeros((self.dim, grow), dtype=np.float32)])
            self.n = np.concatenate([self.n, np.ones(grow, dtype=np.float32)])

    def release(self, slot: int) -> None:
        self.sums[:, slot] = 0.0
        self.n[slot] = 1.0

    def add_sparse(self, slot: int, idx: np.ndarray, val: np.ndarray, first: bool) -> None:
        self.sums[idx, slot] += val
        self.n[slot] = 1.0 if first else self.n[slot] + 1.0

    def add_dense(self, slot: int, vec: np.ndarray, first: bool) -> None:
        self.sums[:, slot] += vec
        self.n[slot] = 1.0 if first else self.n[slot] + 1.0

    def sim_sparse(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        """Mean cosine of the article with each slot's articles (closed slots give 0)."""
        if idx.size == 0:
            return np.zeros(self.capacity, dtype=np.float32)
        return (val @ self.sums[idx]) / self.n

    def sim_dense(self, vec: np.ndarray) -> np.ndarray:
        return (vec @ self.sums) / self.n

    def sim_slot(self, slot: int) -> np.ndarray:
        """Mean cosine between one slot's articles and each slot's articles (average linkage)."""
        col = self.sums[:, slot]
        rows = np.flatnonzero(col)
        if rows.size == 0:
            return np.zeros(self.capacity, dtype=np.float32)
        return (col[rows] @ self.sums[rows]) / self.n / self.n[slot]

    def absorb(self, dst: int, src: int) -> None:
        """Add the articles of slot ``src`` to slot ``dst`` and empty ``src``."""
        self.sums[:, dst] += self.sums[:, src]
        self.n[dst] += self.n[src]
        self.release(src)

    @property
    def nbytes(self) -> int:
        return self.sums.nbytes + self.n.nbytes
