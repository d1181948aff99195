"""The sparse story sums give what the dense ones give, through any sequence of operations."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.clustering.centroids import _Centroids, _SparseCentroids

DIM = 64


def _vector(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    idx = np.sort(rng.choice(DIM, size=int(rng.integers(1, 12)), replace=False)).astype(np.int32)
    val = rng.random(idx.size).astype(np.float32)
    return idx, val / np.linalg.norm(val)


ops = st.lists(st.tuples(st.sampled_from(["add", "add", "add", "release", "absorb", "score", "pickle"]),
                         st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None)
@given(ops, st.integers(0, 2**32 - 1))
def test_sparse_sums_score_as_dense(steps, seed):
    rng = np.random.default_rng(seed)
    dense, sparse = _Centroids(DIM), _SparseCentroids(DIM)
    sparse.DIRTY = 4  # fill the dense block often, so that compaction runs inside the sequence
    sparse._init_scratch()
    count = {}
    for op, a, b in steps:
        for c in (dense, sparse):
            c.ensure(max(a, b))
        if op == "add":
            idx, val = _vector(rng)
            first = count.get(a, 0) == 0
            dense.add_sparse(a, idx, val, first)
            sparse.add_sparse(a, idx, val, first)
            count[a] = count.get(a, 0) + 1
        elif op == "release":
            dense.release(a)
            sparse.release(a)
            count[a] = 0
        elif op == "absorb" and a != b and count.get(a) and count.get(b):
            dense.absorb(a, b)
            sparse.absorb(a, b)
            count[a], count[b] = count[a] + count[b], 0
        elif op == "pickle":
            sparse = pickle.loads(pickle.dumps(sparse))
        idx, val = _vector(rng)
        np.testing.assert_allclose(sparse.sim_sparse(idx, val), dense.sim_sparse(idx, val), rtol=1e-5, atol=1e-6)
        live = [s for s, n in count.items() if n]
        if live:
            np.testing.assert_allclose(sparse.sim_slot(live[0]), dense.sim_slot(live[0]), rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(sparse.n, dense.n)


def test_sparse_state_is_small():
    """A saved state holds the stories' features, not a features x slots matrix."""
    rng = np.random.default_rng(0)
    dense, sparse = _Centroids(2**15), _SparseCentroids(2**15)
    for slot in range(300):
        for c in (dense, sparse):
            c.ensure(slot)
        idx = np.sort(rng.choice(2**15, size=200, replace=False)).astype(np.int32)
        val = rng.random(200).astype(np.float32)
        dense.add_sparse(slot, idx, val, True)
        sparse.add_sparse(slot, idx, val, True)
    assert len(pickle.dumps(sparse)) < len(pickle.dumps(dense)) / 20
    assert sparse.nbytes < dense.nbytes / 2


def test_a_state_saved_with_dense_sums_loads_sparse_and_clusters_the_same():
    """A desk state pickled before the sums were sparse goes on as if it had never been saved."""
    from datetime import date

    from newsfuse.clustering import StoryClusterer
    from newsfuse.model import Article

    words = ["harbour", "fire", "grain", "pier", "mayor", "council", "budget", "vote", "river", "flood"]
    rng = np.random.default_rng(3)

    def article(i: int) -> Article:
        topic = words[:5] if i % 2 else words[5:]
        text = " ".join(rng.choice(topic, size=30)) + f" report{i}."
        return Article(id=f"a{i}", outlet=f"Outlet {i % 3}", title=" ".join(topic[:3]), text=text,
                       date=date(2026, 11, 1 + i // 10))

    first, later = [article(i) for i in range(30)], [article(i) for i in range(30, 50)]
    kept = StoryClusterer(fast=True, keep_history=False)
    kept.partial_fit(first)
    old = pickle.loads(pickle.dumps(kept))
    dense = _Centroids(old._sparse.dim)  # the same sums, as a state from before held them
    for slot in range(old._sparse.capacity):
        dense.ensure(slot)
        rows, vals = old._sparse._column(slot)
        dense.sums[rows, slot] = vals
    assert dense.capacity == old._sparse.capacity
    dense.n = old._sparse.n.copy()
    old._sparse = dense
    loaded = pickle.loads(pickle.dumps(old))
    assert isinstance(loaded._sparse, _SparseCentroids)
    assert [a.story for a in loaded.partial_fit(later)] == [a.story for a in kept.partial_fit(later)]
