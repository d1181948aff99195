"""newsfuse's MinHash signatures and LSH candidates are datasketch's (dedup's results stay the same)."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.minhash import BANDS, ROWS, LSHIndex, jaccard, signature
from newsfuse.stages.dedup import LSH_THRESHOLD, NUM_PERM, shingles


def _theirs(items: list[bytes], seed: int = 1) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=seed)
    if items:
        m.update_batch(items)
    return m


def _sets() -> list[list[bytes]]:
    rng = random.Random(5)
    words = [f"w{i}" for i in range(60)]
    base = " ".join(rng.choice(words) for _ in range(120))
    out = [[s.encode() for s in shingles(base)]]
    for k in range(25):  # copies edited more and more, and unrelated texts
        text = base.split()
        for _ in range(k * 4):
            text[rng.randrange(len(text))] = rng.choice(words)
        out.append([s.encode() for s in shingles(" ".join(text))])
    out.append([])
    out.append([b"one item"])
    return out


def test_signatures_are_datasketchs():
    for seed in (1, 7):
        for items in _sets():
            assert signature(items, NUM_PERM, seed).tolist() == _theirs(items, seed).hashvalues.tolist()


def test_bands_are_datasketchs_and_so_are_the_candidates():
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    ours = LSHIndex()
    sets = _sets()
    for key, items in enumerate(sets):
        if items:
            sig = signature(items)
            assert ours.query(sig) == set(lsh.query(_theirs(items)))
            lsh.insert(key, _theirs(items))
            ours.insert(key, sig)
    found = ours.query(signature(sets[0]))
    assert 0 in found and 1 in found and len(found) < len(sets) - 2  # close copies found, far ones not
    ours.remove(0)
    lsh.remove(0)
    assert ours.query(signature(sets[0])) == set(lsh.query(_theirs(sets[0])))
    assert len(ours) == len(sets) - 2


def test_jaccard_estimate():
    a, b = signature([b"x", b"y"]), signature([b"x", b"y"])
    assert jaccard(a, b) == 1.0
    assert jaccard(signature([str(i).encode() for i in range(100)]), signature([str(i).encode() for i in range(50, 150)])) < 0.6
    assert np.array_equal(signature([]), np.full(NUM_PERM, 2**32 - 1, dtype=np.uint32))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 12), st.integers(0, 3)), max_size=80))
def test_index_answers_as_a_plain_scan(steps):
    """Inserts and removes in any order: a query finds exactly the held keys sharing a band."""
    rows = 2
    index, held = LSHIndex(bands=3, rows=rows), {}
    for add, key, shape in steps:
        sig = np.array([shape, shape % 2, key % 2, 0, shape, 1], dtype=np.uint64)
        if add and key not in held:
            index.insert(key, sig)
            held[key] = sig
        elif not add and key in held:
            index.remove(key)
            del held[key]
        probe = np.array([shape, 1, 0, 0, key % 4, 1], dtype=np.uint64)
        want = {k for k, s in held.items()
                if any((s[b * rows:(b + 1) * rows] == probe[b * rows:(b + 1) * rows]).all() for b in range(3))}
        assert index.query(probe) == want
        assert len(index) == len(held)
