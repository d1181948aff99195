"""Sparse rows (:class:`SparseRows`): the few operations the stages need on TF-IDF and term rows.

A row-compressed matrix (``data``, ``indices``, ``indptr``, as SciPy's CSR keeps them) with
row selection, ``A @ B.T``, pairwise row dots, a matrix-vector product and column counts.

Why not ``scipy.sparse``: importing it took about 0.2 s of a cold ``--fast`` brief (it pulls in
SciPy's array-API layer and NumPy's f2py), more than all the sparse arithmetic of a brief. The
results must stay those of SciPy to the last bit, since fast mode's thresholds were tuned on
them, so each operation adds its products in the order SciPy's compiled code does (said at each
method). ``tests/test_sparse.py`` compares every operation with SciPy's, byte for byte.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``, without the loop."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.intp)
    offsets = np.zeros(len(lengths), dtype=np.intp)
    np.cumsum(lengths[:-1], out=offsets[1:])
    return np.repeat(starts.astype(np.intp) - offsets, lengths) + np.arange(total, dtype=np.intp)


def _offsets(counts: np.ndarray) -> np.ndarray:
    """``[0, c0, c0 + c1, ...]``: where each group of ``counts`` starts, and the end."""
    out = np.zeros(len(counts) + 1, dtype=np.intp)
    np.cumsum(counts, out=out[1:])
    return out


def _sequential_sums(rows: int, row_of: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row, ``0 + v0 + v1 + ...`` in the order of ``values`` (one rounding per addition)."""
    out = np.zeros(rows, dtype=values.dtype)
    np.add.at(out, row_of, values)  # unbuffered: each addition in turn, in index order
    return out


class SparseRows:
    """Rows of a sparse matrix, row-compressed; entries of a row in any column order."""

    __slots__ = ("data", "indices", "indptr", "n_cols")

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_cols: int) -> None:
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.n_cols = int(n_cols)

    @classmethod
    def empty(cls, rows: int, n_cols: int, dtype: type = np.float64) -> "SparseRows":
        return cls(np.zeros(0, dtype=dtype), np.zeros(0, dtype=np.int32), np.zeros(rows + 1, dtype=np.int32), n_cols)

    @classmethod
    def binary(cls, rows: Sequence[Sequence[int]], n_cols: int) -> "SparseRows":
        """Rows of ones at the given columns (each row's columns distinct), stored in ascending order."""
        indptr, indices = [0], []
        for r in rows:
            indices.extend(sorted(r))
            indptr.append(len(indices))
        return cls(np.ones(len(indices)), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32), n_cols)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.n_cols

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def nnz(self) -> int:
        return len(self.data)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def _row_of(self) -> np.ndarray:
        return np.repeat(np.arange(len(self), dtype=np.intp), np.diff(self.indptr))

    def __getitem__(self, which) -> "SparseRows":
        """The rows ``which`` (a slice, an index array or a list), in that order."""
        if isinstance(which, slice):
            which = np.arange(*which.indices(len(self)))
        which = np.asarray(which, dtype=np.intp).reshape(-1)
        lengths = np.diff(self.indptr)[which]
        take = _ranges(self.indptr[which], lengths)
        return SparseRows(self.data[take], self.indices[take], _offsets(lengths), self.n_cols)

    def _reversed_rows(self) -> "SparseRows":
        """The same rows, each row's entries last first."""
        lengths = np.diff(self.indptr)
        take = np.repeat(self.indptr[:-1].astype(np.intp) + self.indptr[1:] - 1, lengths) - np.arange(self.nnz)
        return SparseRows(self.data[take], self.indices[take], self.indptr, self.n_cols)

    def toarray(self) -> np.ndarray:
        out = np.zeros(self.shape, dtype=self.dtype)
        out[self._row_of(), self.indices] = self.data
        return out

    def _canonical_rows(self) -> np.ndarray:
        """Per row, whether its columns are strictly ascending (SciPy's test for its merging path)."""
        ok = np.ones(len(self), dtype=bool)
        if len(self.indices) > 1:
            down = np.flatnonzero(np.diff(self.indices.astype(np.int64)) <= 0) + 1  # entry not above the one before
            row_of = self._row_of()
            same_row = row_of[down] == row_of[down - 1]
            ok[row_of[down[same_row]]] = False
        return ok

    def _join(self, other: "SparseRows") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (entry of ``self``, row of ``other``, value there) with the entry's column, entries of
        ``self`` in stored order and, for each, the rows of ``other`` ascending: the order in which
        SciPy's ``csr_matmat`` forms the products of ``self @ other.T``."""
        order = np.argsort(other.indices, kind="stable")  # by column, then by row
        counts = np.bincount(other.indices, minlength=self.n_cols)
        per_entry = counts[self.indices]
        entry = np.repeat(np.arange(self.nnz, dtype=np.intp), per_entry)
        pos = order[_ranges(_offsets(counts)[self.indices], per_entry)]
        return entry, other._row_of()[pos], other.data[pos]

    def dot_t(self, other: "SparseRows") -> np.ndarray:
        """``self @ other.T`` as a dense array: cell ``(i, j)`` is ``0 + a0 b0 + a1 b1 + ...`` over
        the columns that row ``i`` of ``self`` shares with row ``j`` of ``other``, in the order row
        ``i`` stores them (SciPy's ``csr_matmat``, which converts ``other.T`` to rows first)."""
        out = np.zeros(len(self) * len(other), dtype=np.result_type(self.dtype, other.dtype))
        entry, row, value = self._join(other)
        np.add.at(out, self._row_of()[entry] * len(other) + row, self.data[entry] * value)
        return out.reshape(len(self), len(other))

    def _pair_products(self, other: "SparseRows", ii: np.ndarray, jj: np.ndarray, path: str = "auto"):
        """The nonzero products of row ``ii[k]`` of ``self`` with row ``jj[k]`` of ``other``, grouped by
        pair, each pair's in the order SciPy's ``self[ii].multiply(other[jj])`` stores them: ascending
        columns when both sides are canonical, else the columns of ``self``'s row last first (the
        linked list of its general path).

        Returns ``(pair, column, product, pairs, back)``: ``pair`` ascending, indexing ``pairs``
        computed pairs; ``back[k]`` is the computed pair of request ``k`` (None: pair ``k`` is ``k``).
        Two ways with the same result (``path``): look up every entry of each requested row of
        ``self`` in its partner row ("rows", cheap for a few pairs), or join the rows asked for by
        column and keep the requested pairs ("join", cheap for whole blocks)."""
        ii, jj = np.asarray(ii, dtype=np.intp).reshape(-1), np.asarray(jj, dtype=np.intp).reshape(-1)
        backwards = not (self._canonical_rows()[ii].all() and other._canonical_rows()[jj].all())
        rows_i, inv_i = np.unique(ii, return_inverse=True)
        rows_j, inv_j = np.unique(jj, return_inverse=True)
        a, b = self[rows_i], other[rows_j]
        if backwards:
            a = a._reversed_rows()
        joined = int(np.bincount(b.indices, minlength=self.n_cols)[a.indices].sum())
        if path == "rows" or (path == "auto" and int(np.diff(self.indptr)[ii].sum()) <= joined):
            return self._products_by_row(other, ii, jj, backwards) + (len(ii), None)
        entry, b_row, b_vals = a._join(b)
        codes, back = np.unique(inv_i.astype(np.int64) * len(rows_j) + inv_j, return_inverse=True)
        code = a._row_of()[entry].astype(np.int64) * len(rows_j) + b_row
        at = np.searchsorted(codes, code)
        wanted = at < len(codes)
        wanted[wanted] = codes[at[wanted]] == code[wanted]
        entry, pair = entry[wanted], at[wanted]
        products = a.data[entry] * b_vals[wanted]
        by_pair = np.argsort(pair, kind="stable")  # within a pair, the order of self's row kept
        pair, cols, products = pair[by_pair], a.indices[entry][by_pair], products[by_pair]
        keep = products != 0
        return pair[keep], cols[keep], products[keep], len(codes), back.reshape(-1)

    def _products_by_row(self, other: "SparseRows", ii: np.ndarray, jj: np.ndarray, backwards: bool):
        """The "rows" way of :meth:`_pair_products`: (pair, column, product) of every request."""
        a = self[ii]
        if backwards:
            a = a._reversed_rows()
        pair = a._row_of()
        keys = other._row_of().astype(np.int64) * self.n_cols + other.indices
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        wanted = jj[pair].astype(np.int64) * self.n_cols + a.indices
        at = np.searchsorted(keys, wanted)
        found = at < len(keys)
        found[found] = keys[at[found]] == wanted[found]
        values = np.zeros(len(wanted), dtype=np.result_type(self.dtype, other.dtype))
        values[found] = other.data[order[at[found]]]
        products = a.data * values
        keep = products != 0
        return pair[keep], a.indices[keep], products[keep]

    def pair_dots(self, other: "SparseRows", ii: np.ndarray, jj: np.ndarray, path: str = "auto") -> np.ndarray:
        """Row ``ii[k]`` of ``self`` dotted with row ``jj[k]`` of ``other``, as SciPy's
        ``self[ii].multiply(other[jj]).sum(axis=1)`` gives it (``np.add.reduceat`` over each row)."""
        pair, _, products, pairs, back = self._pair_products(other, ii, jj, path)
        out = np.zeros(pairs, dtype=products.dtype)
        if len(products):
            ptr = _offsets(np.bincount(pair, minlength=pairs))
            major = np.flatnonzero(np.diff(ptr))
            out[major] = np.add.reduceat(products, ptr[major])
        return out if back is None else out[back]

    def weighted_pair_dots(self, other: "SparseRows", ii: np.ndarray, jj: np.ndarray, weight: np.ndarray,
                           path: str = "auto") -> np.ndarray:
        """``self[ii].multiply(other[jj]) @ weight``: each product times its column's weight, added in turn."""
        pair, cols, products, pairs, back = self._pair_products(other, ii, jj, path)
        out = _sequential_sums(pairs, pair, products * weight[cols])
        return out if back is None else out[back]

    def matvec(self, vector: np.ndarray) -> np.ndarray:
        """``self @ vector``: per row, ``0 + a0 v[c0] + a1 v[c1] + ...`` in stored order (``csr_matvec``)."""
        return _sequential_sums(len(self), self._row_of(), self.data * vector[self.indices])

    def column_counts(self) -> np.ndarray:
        """The number of entries in each column, as floats."""
        return np.bincount(self.indices, minlength=self.n_cols).astype(np.float64)
