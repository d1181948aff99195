"""Story centroids (:class:`_Centroids`): running sums of the open stories' unit vectors,
sparse (TF-IDF) or dense (MiniLM), and their cosines with a new article.
"""

from __future__ import annotations

import numpy as np


class _Centroids:
    """Running sums of unit vectors of the open stories, one column per slot, grown by doubling.

    Stored feature-major (``dim x slots``) so that a sparse article touches a
    few contiguous rows; squared norms are kept up to date incrementally.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.sums = np.zeros((dim, 16), dtype=np.float32)
        self.sq = np.ones(16, dtype=np.float64)

    @property
    def capacity(self) -> int:
        return self.sums.shape[1]

    def ensure(self, slot: int) -> None:
        n = self.capacity
        if slot >= n:
            grow = max(n, slot + 1 - n)
            self.sums = np.hstack([self.sums, np.zeros((self.dim, grow), dtype=np.float32)])
            self.sq = np.concatenate([self.sq, np.ones(grow, dtype=np.float64)])

    def release(self, slot: int) -> None:
        self.sums[:, slot] = 0.0
        self.sq[slot] = 1.0

    def add_sparse(self, slot: int, idx: np.ndarray, val: np.ndarray, first: bool) -> None:
        col = self.sums[idx, slot]
        base = 0.0 if first else self.sq[slot]
        self.sq[slot] = base + 2.0 * float(col @ val) + float(val @ val)
        self.sums[idx, slot] = col + val

    def add_dense(self, slot: int, vec: np.ndarray, first: bool) -> None:
        col = self.sums[:, slot]
        base = 0.0 if first else self.sq[slot]
        self.sq[slot] = base + 2.0 * float(col @ vec) + float(vec @ vec)
        self.sums[:, slot] = col + vec

    def _norms(self) -> np.ndarray:
        return np.sqrt(np.maximum(self.sq, 1e-18)).astype(np.float32)

    def sim_sparse(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        """Cosine of the article with every slot's centroid (closed slots give 0)."""
        if idx.size == 0:
            return np.zeros(self.capacity, dtype=np.float32)
        return (val @ self.sums[idx]) / self._norms()

    def sim_dense(self, vec: np.ndarray) -> np.ndarray:
        return (vec @ self.sums) / self._norms()

    @property
    def nbytes(self) -> int:
        return self.sums.nbytes + self.sq.nbytes
