"""Near-duplicates and wire copies: the same copy under several mastheads.

Each article becomes a set of word 5-shingles, summarised by a MinHash (128
permutations, :mod:`newsfuse.minhash`: datasketch's signatures). A MinHash LSH index proposes candidate pairs in
sub-linear time; each candidate is then checked on the exact shingle sets, and
kept when their Jaccard similarity reaches :data:`JACCARD_THRESHOLD` or one
copy is mostly contained in the other (:data:`CONTAINMENT_THRESHOLD`: an
outlet that trimmed the agency story). MinHash is Broder (1997), "On the
resemblance and containment of documents"; the banding scheme is the standard
LSH of Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.

A pair is a ``"wire"`` copy when both articles carry the same agency credit,
or one of them credits an agency (in its metadata or in the first or last
lines of the text); otherwise it is a ``"near-duplicate"``.

Stage registered here: ``dedup`` assigns ``duplicates`` (pairs of article ids).
:class:`DuplicateIndex` does the same online, for streams, with a time window
so its memory stays bounded.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

import numpy as np

from ..minhash import LSHIndex, signature
from ..model import Article, Cluster, DuplicatePair, Reports
from ..pipeline import stage
from ..settings import Settings
from .clean import agency_name

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # candidate generation (newsfuse.minhash.BANDS x ROWS): generous, every candidate is verified exactly
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8
MIN_SHINGLES = 8  # shorter texts are never paired: too little evidence

_WORD = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``k``-word shingles of ``text`` (lower-cased words, punctuation dropped)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < k:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


def minhash(shingle_set: Iterable[str], *, num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """The MinHash signature of ``shingle_set`` (deterministic for a given ``seed``; datasketch's values)."""
    return signature((s.encode("utf-8") for s in shingle_set), num_perm, seed)


def credited_agency(article: Article) -> str | None:
    """The wire agency an article credits: its ``credit``, else one named at the start or end of its text."""
    if article.credit:
        return agency_name(article.credit) or article.credit
    head, tail = article.text[:200], article.text[-200:]
    return agency_name(head) or agency_name(tail)


def _compare(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def _is_copy(jaccard: float, containment: float, sizes: tuple[int, int]) -> bool:
    if min(sizes) < MIN_SHINGLES:
        return False
    return jaccard >= JACCARD_THRESHOLD or containment >= CONTAINMENT_THRESHOLD


def _kind(a: Article, b: Article) -> tuple[str, str | None]:
    ca, cb = credited_agency(a), credited_agency(b)
    if ca and cb and ca != cb:
        return "near-duplicate", None
    agency = ca or cb
    return ("wire", agency) if agency else ("near-duplicate", None)


def find_duplicate_pairs(articles: Sequence[Article], *, seed: int = 1) -> list[DuplicatePair]:
    """Every pair of articles that carry the same copy, in input order.

    Args:
        articles: the articles to compare; ids must be unique.
        seed: the MinHash seed (results are deterministic for a given seed).

    Returns:
        One :class:`DuplicatePair` per pair, sorted by the position of ``a`` then ``b``.
    """
    sets = [shingles(f"{a.title or ''}\n{a.text}") for a in articles]
    lsh = LSHIndex()
    pairs: list[DuplicatePair] = []
    for j, (art, sh) in enumerate(zip(articles, sets)):
        if len(sh) < MIN_SHINGLES:
            continue
        m = minhash(sh, seed=seed)
        for i in sorted(lsh.query(m)):
            jac, con = _compare(sets[i], sh)
            if _is_copy(jac, con, (len(sets[i]), len(sh))):
                kind, agency = _kind(articles[i], art)
                pairs.append(DuplicatePair(articles[i].id, art.id, kind, agency, jac, con))
        lsh.insert(j, m)
    order = {a.id: k for k, a in enumerate(articles)}
    pairs.sort(key=lambda p: (order[p.a], order[p.b]))
    return pairs


def find_duplicates(articles: Sequence[Article], *, seed: int = 1) -> list[tuple[str, str, str]]:
    """``(id_a, id_b, kind)`` for every duplicate pair; ``kind`` is ``"wire"`` or ``"near-duplicate"``."""
    return [(p.a, p.b, p.kind) for p in find_duplicate_pairs(articles, seed=seed)]


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """An incoming article found to copy an earlier one in the stream."""

    original: str
    kind: str
    agency: str | None
    jaccard: float


class DuplicateIndex:
    """Online duplicate detection over a stream, forgetting articles older than ``window_days``.

    ``add(article)`` compares an article with the articles kept so far and then
    keeps it; what it returns names the earliest kept article it copies.
    """

    def __init__(self, window_days: float = 3.0, *, seed: int = 1) -> None:
        self.window_days = window_days
        self.seed = seed
        self._lsh = LSHIndex()
        self._kept: dict[str, tuple[Article, int]] = {}  # key -> (article, arrival rank); no shingle sets kept
        self._order: deque[tuple[int, str]] = deque()  # (day ordinal, key), in arrival order
        self._n = 0
        self._now: int | None = None

    def __len__(self) -> int:
        return len(self._kept)

    def add(self, article: Article, when: date | None = None) -> DuplicateMatch | None:
        """Check ``article`` against the window, then index it; ``when`` defaults to its date."""
        when = when or article.date
        if when is not None:
            day = when.toordinal()
            self._now = day if self._now is None else max(self._now, day)
            self._expire()
        sh = shingles(f"{article.title or ''}\n{article.text}")
        if len(sh) < MIN_SHINGLES:
            return None
        m = minhash(sh, seed=self.seed)
        best: DuplicateMatch | None = None
        best_rank = -1
        for key in self._lsh.query(m):
            other, rank = self._kept[key]
            # Made again from the text for each candidate: keeping every indexed article's shingle
            # set was most of a desk's memory (about 15 KB an article), and candidates are few.
            other_sh = shingles(f"{other.title or ''}\n{other.text}")
            jac, con = _compare(other_sh, sh)
            if _is_copy(jac, con, (len(other_sh), len(sh))) and (best is None or rank < best_rank):
                kind, agency = _kind(other, article)
                best, best_rank = DuplicateMatch(other.id, kind, agency, jac), rank
        self._n += 1
        key = f"{self._n}"
        self._lsh.insert(key, m)
        self._kept[key] = (article, self._n)
        self._order.append(((when.toordinal() if when else self._now) or 0, key))
        return best

    def _expire(self) -> None:
        limit = self._now - self.window_days
        while self._order and self._order[0][0] < limit:
            _, key = self._order.popleft()
            self._lsh.remove(key)
            del self._kept[key]


@stage("dedup", requires=(), assigns=("duplicates", "reports"))
def make_deduplicator(settings: Settings):
    """The ``dedup`` stage: the id pairs of copies, and the articles grouped into reports."""

    def dedup(cluster: Cluster) -> Cluster:
        pairs = tuple(find_duplicate_pairs(cluster.articles))
        reports = Reports.from_pairs([a.id for a in cluster.articles], ((p.a, p.b) for p in pairs))
        return cluster.assign(duplicates=pairs, reports=reports)

    return dedup


__all__ = [
    "DuplicateIndex",
    "DuplicateMatch",
    "DuplicatePair",
    "credited_agency",
    "find_duplicate_pairs",
    "find_duplicates",
    "minhash",
    "shingles",
]
