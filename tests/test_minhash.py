"""newsfuse's MinHash signatures and LSH candidates are datasketch's (dedup's results stay the same)."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash, MinHashLSH

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
