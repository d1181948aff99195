"""Copies across the archive with MinHash LSH bands as shuffle keys.

``newsfuse cluster`` finds copies online (:class:`~newsfuse.stages.dedup.DuplicateIndex`): each
article's MinHash is looked up in a LSH index (newsfuse.minhash) of the articles of the last
``window_days`` days, every candidate is checked on the exact shingle sets, and the earliest
copy wins. Here the same candidates come from a shuffle instead of an index:

1. per shard, each article's MinHash (the same permutations and seed) is cut into the index's
   bands (:func:`band_keys`; 37 bands of 3 values for threshold 0.3 and 128 permutations), and
   each band becomes a 64-bit key;
2. keys are shuffled into buckets by value; within a bucket, articles with an equal key are
   exactly those the LSH index would return for each other (:func:`bucket_pairs`), kept when
   they are at most ``window_days`` apart, as the index forgets older ones;
3. each candidate pair goes to the blocks that read its later article, which verify it on the
   shingle sets and keep the earliest copy (:func:`verified_matches`), as the index does.

Two different bands hashing to one key only add a candidate that verification throws out.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np

from ..minhash import BANDS, ROWS
from ..model import Article
from ..stages.dedup import (
    MIN_SHINGLES,
    DuplicateMatch,
    _compare,
    _is_copy,
    _kind,
    minhash,
    shingles,
)

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_BAND_SALT = np.uint64(0xD6E8FEB86659FD93)


def article_shingles(article: Article) -> frozenset[str]:
    """The shingles copies are compared on (title and text, as the online index does)."""
    return shingles(f"{article.title or ''}\n{article.text}")


def band_keys(articles: Sequence[Article], *, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Each article's band keys (``n x bands`` uint64) and a mask of those with enough shingles."""
    b, r = BANDS, ROWS  # the online index's banding (37 x 3)
    keys = np.zeros((len(articles), b), dtype=np.uint64)
    ok = np.zeros(len(articles), dtype=bool)
    salt = np.arange(1, b + 1, dtype=np.uint64) * _BAND_SALT
    for i, art in enumerate(articles):
        sh = article_shingles(art)
        if len(sh) < MIN_SHINGLES:
            continue
        h = minhash(sh, seed=seed)[: b * r].astype(np.uint64).reshape(b, r)
        keys[i] = (h * _MIX[:r]).sum(axis=1, dtype=np.uint64) ^ salt  # wraps modulo 2**64
        ok[i] = True
    return keys, ok


def repeated(keys: np.ndarray) -> np.ndarray:
    """Mask of the entries of ``keys`` whose value occurs more than once (a key held once makes no pair).

    One sorted copy of the keys and one index array: a bucket's memory is a small multiple of its keys,
    not of the sort :func:`bucket_pairs` does on the few that repeat."""
    if keys.size < 2:
        return np.zeros(keys.size, dtype=bool)
    s = np.sort(keys)
    twice = np.unique(s[1:][s[1:] == s[:-1]])
    del s
    if twice.size == 0:
        return np.zeros(keys.size, dtype=bool)
    at = np.searchsorted(twice, keys)
    np.minimum(at, twice.size - 1, out=at)
    return twice[at] == keys


def bucket_pairs(keys: np.ndarray, positions: np.ndarray, days: np.ndarray, *, window_days: float) -> np.ndarray:
    """Candidate pairs ``(earlier, later)`` by position among entries with an equal key, at most
    ``window_days`` apart; one row per pair (sorted, unique)."""
    if keys.size < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((positions, keys))
    k, p, d = keys[order], positions[order], days[order]
    edges = np.flatnonzero(np.diff(k)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [k.size]])
    out: list[tuple[int, int]] = []
    for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
        for j in range(s + 1, e):
            for i in range(s, j):
                if p[i] != p[j] and d[j] - d[i] <= window_days:
                    out.append((int(p[i]), int(p[j])))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.array(out, dtype=np.int64), axis=0)


def verified_matches(pairs: Iterable[tuple[int, int]], articles: Mapping[int, Article]) -> dict[int, DuplicateMatch]:
    """For each later article of ``pairs`` whose earlier one is in ``articles`` (by position): the earliest
    earlier article it copies, checked on exact shingle sets; ``original`` is that article's position
    as a string (the id the block's clusterer knows it by)."""
    cache: dict[int, frozenset[str]] = {}

    def sh(pos: int) -> frozenset[str]:
        if pos not in cache:
            cache[pos] = article_shingles(articles[pos])
        return cache[pos]

    best: dict[int, tuple[int, DuplicateMatch]] = {}
    for i, j in sorted(pairs):
        if i not in articles or j not in articles or (j in best and best[j][0] < i):
            continue
        a, b = sh(i), sh(j)
        jac, con = _compare(a, b)
        if _is_copy(jac, con, (len(a), len(b))):
            kind, agency = _kind(articles[i], articles[j])
            best[j] = (i, DuplicateMatch(str(i), kind, agency, jac))
    return {j: m for j, (_, m) in best.items()}


class KnownCopies:
    """The clusterer's duplicate finder for a block: answers ``add`` from matches found by the shuffle."""

    def __init__(self, matches: Mapping[int, DuplicateMatch]) -> None:
        self.matches = dict(matches)

    def add(self, article: Article, when=None) -> DuplicateMatch | None:
        return self.matches.get(int(article.id))
