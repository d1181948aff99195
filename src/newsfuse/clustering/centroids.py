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


class _SparseCentroids:
    """The running sums of the open stories' TF-IDF vectors, kept sparse.

    A dense ``features x slots`` matrix costs 128 KB per slot with 2**15 hashed features, though a
    story uses a few hundred of them; with a day's stories open that was most of the desk's memory
    and of every saved state. Here each slot keeps its sum as sorted feature indices and values,
    and scoring reads a compressed feature-major matrix (``base``) of all sums as of the last
    compaction. Slots changed since then live in a small dense block (``features x DIRTY``)
    until the block is full, when they are folded back and ``base`` is rebuilt. Scores are the
    same sums as :class:`_Centroids` gives, added in another order.
    """

    DIRTY = 128

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.n = np.ones(16, dtype=np.float32)
        self._cols: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._init_scratch()

    def _init_scratch(self) -> None:
        self._block: np.ndarray | None = None  # features x DIRTY, made on first use
        self._touched: list[list[np.ndarray]] = [[] for _ in range(self.DIRTY)]  # block column -> features added
        self._dirty = np.full(self.DIRTY, -1, dtype=np.int64)  # block column -> slot
        self._where: dict[int, int] = {}  # slot -> block column
        self._live = np.ones(len(self.n), dtype=np.float32)  # 0: base's column of this slot is stale
        self._build()

    @classmethod
    def from_dense(cls, dense: _Centroids) -> "_SparseCentroids":
        """The same sums as ``dense`` (a state saved before the sums were kept sparse)."""
        out = cls(dense.dim)
        out.n = dense.n.copy()
        for slot in range(dense.capacity):
            col = dense.sums[:, slot]
            nz = np.flatnonzero(col).astype(np.int32)
            if nz.size:
                out._cols[slot] = (nz, col[nz].copy())
        out._init_scratch()
        return out

    def __getstate__(self) -> dict:
        self._compact()
        return {"dim": self.dim, "n": self.n, "cols": self._cols}

    def __setstate__(self, state: dict) -> None:
        self.dim, self.n, self._cols = state["dim"], state["n"], state["cols"]
        self._init_scratch()

    @property
    def capacity(self) -> int:
        return len(self.n)

    def ensure(self, slot: int) -> None:
        n = self.capacity
        if slot >= n:
            grow = max(n, slot + 1 - n)
            self.n = np.concatenate([self.n, np.ones(grow, dtype=np.float32)])
            self._live = np.concatenate([self._live, np.ones(grow, dtype=np.float32)])

    def _build(self) -> None:
        """``base`` (indptr, indices, data) from every slot's sum: feature-major, like a CSR matrix."""
        if self._cols:
            rows = np.concatenate([c[0] for c in self._cols.values()])
            vals = np.concatenate([c[1] for c in self._cols.values()])
            slots = np.repeat(np.fromiter(self._cols.keys(), dtype=np.int32, count=len(self._cols)),
                              [len(c[0]) for c in self._cols.values()])
            order = np.argsort(rows, kind="stable")
            self._indices, self._data = slots[order], vals[order]
            self._indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=self.dim))])
        else:
            self._indices = np.zeros(0, dtype=np.int32)
            self._data = np.zeros(0, dtype=np.float32)
            self._indptr = np.zeros(self.dim + 1, dtype=np.int64)
        self._live[:] = 1.0

    def _compact(self) -> None:
        """Fold the dense block's slots back into their sparse sums and rebuild ``base``."""
        if not self._where:
            return
        for slot, j in self._where.items():
            nz, vals = self._column(slot)
            if nz.size:
                self._cols[slot] = (nz, vals)
            else:
                self._cols.pop(slot, None)
        self._block[:] = 0.0
        self._touched = [[] for _ in range(self.DIRTY)]
        self._dirty[:] = -1
        self._where.clear()
        self._build()

    def _column(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        j = self._where.get(slot)
        if j is None:
            return self._cols.get(slot, (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)))
        if not self._touched[j]:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        rows = np.unique(np.concatenate(self._touched[j])).astype(np.int32)
        self._touched[j] = [rows]
        vals = self._block[rows, j]
        keep = vals != 0
        return rows[keep], vals[keep]

    def _open_column(self, slot: int) -> int:
        """The dense block's column for ``slot``, holding its whole sum (compacting first if full)."""
        j = self._where.get(slot)
        if j is not None:
            return j
        if len(self._where) == self.DIRTY:
            self._compact()
        if self._block is None:
            self._block = np.zeros((self.dim, self.DIRTY), dtype=np.float32)
        j = len(self._where)
        idx, val = self._cols.pop(slot, (None, None))
        if idx is not None:
            self._block[idx, j] = val
            self._touched[j] = [idx]
        self._where[slot] = j
        self._dirty[j] = slot
        self._live[slot] = 0.0
        return j

    def release(self, slot: int) -> None:
        j = self._where.get(slot)
        if j is not None:
            for rows in self._touched[j]:
                self._block[rows, j] = 0.0
            self._touched[j] = []
        elif self._cols.pop(slot, None) is not None:
            self._live[slot] = 0.0
        self.n[slot] = 1.0

    def add_sparse(self, slot: int, idx: np.ndarray, val: np.ndarray, first: bool) -> None:
        j = self._open_column(slot)
        self._block[idx, j] += val
        self._touched[j].append(idx)
        self.n[slot] = 1.0 if first else self.n[slot] + 1.0

    def _dots(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        """``sum_f val[f] * sum[f, slot]`` for every slot (not yet divided by the counts)."""
        cap = self.capacity
        starts, ends = self._indptr[idx], self._indptr[idx + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        out = np.zeros(cap, dtype=np.float64)
        if total:
            pos = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            out += np.bincount(self._indices[pos], weights=self._data[pos] * np.repeat(val, lengths), minlength=cap)
            out *= self._live
        if self._where:
            k = len(self._where)
            out[self._dirty[:k]] += val @ self._block[idx, :k]
        return out.astype(np.float32)

    def sim_sparse(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        """Mean cosine of the article with each slot's articles (closed slots give 0)."""
        if idx.size == 0:
            return np.zeros(self.capacity, dtype=np.float32)
        return self._dots(idx, val) / self.n

    def sim_slot(self, slot: int) -> np.ndarray:
        """Mean cosine between one slot's articles and each slot's articles (average linkage)."""
        rows, vals = self._column(slot)
        if rows.size == 0:
            return np.zeros(self.capacity, dtype=np.float32)
        return self._dots(rows, vals) / self.n / self.n[slot]

    def absorb(self, dst: int, src: int) -> None:
        """Add the articles of slot ``src`` to slot ``dst`` and empty ``src``."""
        rows, vals = self._column(src)
        j = self._open_column(dst)
        self._block[rows, j] += vals
        self._touched[j].append(rows)
        self.n[dst] += self.n[src]
        self.release(src)

    @property
    def nbytes(self) -> int:
        cols = sum(c[0].nbytes + c[1].nbytes for c in self._cols.values())
        block = self._block.nbytes if self._block is not None else 0
        return self.n.nbytes + cols + block + self._indices.nbytes + self._data.nbytes + self._indptr.nbytes
