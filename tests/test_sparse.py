"""newsfuse.text.sparse gives SciPy's sparse results byte for byte (fast mode was tuned on them)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from newsfuse.stages.support import _binary, _vocab, names_of, _terms
from newsfuse.text.sparse import SparseRows
from newsfuse.text.tfidf import tfidf_matrix

from .conftest import fixture_sentences


SENTENCES = fixture_sentences()


def _scipy(rows: SparseRows) -> csr_matrix:
    return csr_matrix((rows.data, rows.indices, rows.indptr), shape=rows.shape)


def _same(ours: np.ndarray, theirs) -> None:
    theirs = np.asarray(theirs.todense() if hasattr(theirs, "todense") else theirs).reshape(ours.shape)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert ours.tobytes() == theirs.tobytes()


def _check_all(a: SparseRows, b: SparseRows, rng: random.Random) -> None:
    """Every operation of SparseRows against SciPy's on the same arrays."""
    sa, sb = _scipy(a), _scipy(b)
    _same(a.toarray(), sa.toarray())
    _same(a.dot_t(b), sa @ sb.T)
    picks = [rng.randrange(len(a)) for _ in range(min(len(a), 7))]
    _same(a[picks].toarray(), sa[picks].toarray())
    _same(a[1:].toarray(), sa[1:].toarray())
    _same(a[picks].dot_t(b), sa[picks] @ sb.T)
    for index in picks[:3]:
        _same(a.dot_t(a[[index]]).ravel(), np.asarray((sa @ sa[index].T).todense()).ravel())
    ii = np.array([rng.randrange(len(a)) for _ in range(40)])
    jj = np.array([rng.randrange(len(b)) for _ in range(40)])
    weight = np.array([rng.random() + 0.5 for _ in range(a.n_cols)])
    everything = np.repeat(np.arange(len(a)), len(b)), np.tile(np.arange(len(b)), len(a))
    for pairs in ((ii, jj), everything):  # a few pairs (repeats among them), and whole blocks
        for path in ("rows", "join", "auto"):
            _same(a.pair_dots(b, *pairs, path=path), np.asarray(sa[pairs[0]].multiply(sb[pairs[1]]).sum(axis=1)).ravel())
            _same(a.weighted_pair_dots(b, *pairs, weight, path=path),
                  np.asarray(sa[pairs[0]].multiply(sb[pairs[1]]) @ weight).ravel())
    _same(a.matvec(weight), np.asarray(sa @ weight).ravel())
    if a.nnz:
        _same(a.column_counts(), np.asarray(csr_matrix((np.ones(a.nnz), a.indices, a.indptr), shape=a.shape).sum(axis=0)).ravel())


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_tfidf_rows_of_real_news_match_scipy(dtype):
    """TF-IDF rows store each row's columns in first-use order (not ascending): SciPy's general path."""
    assert len(SENTENCES) > 40
    rows = tfidf_matrix(SENTENCES, dtype)
    assert not rows._canonical_rows().all()
    rng = random.Random(3)
    _check_all(rows, rows, rng)
    n = len(SENTENCES) // 3
    _check_all(rows[:n], rows[n:], rng)


def test_binary_term_rows_match_scipy():
    """The support features' rows of terms and of names: ascending columns, SciPy's merging path."""
    for extract in (_terms, names_of):
        sets = [extract(t) for t in SENTENCES]
        rows = _binary(sets, _vocab(sets))
        assert rows._canonical_rows().all()
        rng = random.Random(5)
        _check_all(rows, rows, rng)
        n = len(sets) // 2
        _check_all(rows[:n], rows[n:], rng)


def test_edge_cases_match_scipy():
    rng = random.Random(1)
    for texts in (["the of and", "a b"], ["", "Harbour fire at dawn", ""], ["fire"], ["fire fire", "fire"]):
        for dtype in (np.float64, np.float32):
            rows = tfidf_matrix(texts, dtype)
            _check_all(rows, rows, rng)
    empty = SparseRows.empty(3, 4)
    assert empty.dot_t(empty).tolist() == [[0.0] * 3] * 3
    assert empty.pair_dots(empty, np.array([0, 2]), np.array([1, 1])).tolist() == [0.0, 0.0]


@st.composite
def _matrices(draw):
    n_cols = draw(st.integers(1, 12))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        cols = draw(st.lists(st.integers(0, n_cols - 1), unique=True, max_size=n_cols))
        vals = draw(st.lists(st.floats(0.0625, 8.0, width=32), min_size=len(cols), max_size=len(cols)))
        rows.append(list(zip(cols, vals)))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    data = np.array([v for r in rows for _, v in r], dtype=dtype)
    indices = np.array([c for r in rows for c, _ in r], dtype=np.int32)
    indptr = np.cumsum([0] + [len(r) for r in rows]).astype(np.int32)
    return SparseRows(data, indices, indptr, n_cols)


@settings(max_examples=150, deadline=None)
@given(_matrices(), st.randoms(use_true_random=False))
def test_random_matrices_match_scipy(a, rng):
    """Any column order, empty rows, one row, both dtypes: the same bytes as SciPy."""
    b = SparseRows(a.data[::-1].copy(), a.indices[::-1].copy(), a.indptr[-1] - a.indptr[::-1], a.n_cols)
    _check_all(a, a, rng)
    _check_all(a, b, rng)
