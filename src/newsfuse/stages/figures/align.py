"""Aligning figures across outlets: which mentions state the same quantity.

:func:`comparable` rules a pair in or out (same kind and unit, close magnitude, no clash
of the places around them), :func:`pair_score` says how alike two mentions are (the
similarity of their sentences and of the words around the numbers, with bonuses for
values that can both be true, equal values and the same event), and
:func:`align_figures` merges pairs greedily, best first, into groups. Two mentions in
different articles whose values cannot both be true are never grouped (a ``conflict``)
when their sentences do not report the same fact by the support relation the summary's
citations use (``related``, passed by the figures stage): the figures never claim that
outlets disagree about what the citations hold to be different facts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .context import CLASS_UNITS
from .types import Figure


# Units that are "person" counts made specific by their event; they may line up with a plain "people" count.
DERIVED_UNITS = frozenset(CLASS_UNITS.values()) - {"arrest"}
# Units too common to say on their own that two counts are the same quantity.
GENERIC_UNITS = frozenset("person year month week day hour minute percent time thing one other".split())


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Thresholds of :func:`align_figures` (cosine of sentence vectors, context overlap)."""

    threshold: float = 0.4
    compatible_bonus: float = 0.12
    same_value_bonus: float = 0.08
    max_ratio: float = 4.0
    max_year_gap: float = 3 * 366
    event_bonus: float = 0.12
    event_penalty: float = 0.1
    unique_unit_bonus: float = 0.1


DEFAULT_ALIGN = AlignConfig()
FAST_ALIGN = AlignConfig(threshold=0.22)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _places_clash(a: Figure, b: Figure) -> bool:
    """Both name places near the number, and neither's are in the other's sentence."""
    if not a.places or not b.places:
        return False
    return not (a.places & b.sentence_places) and not (b.places & a.sentence_places)


def same_unit(a: str, b: str) -> bool:
    """Equal units, or a plain "people" count and a count of people something happened to ("evacuee")."""
    return a == b or {a, b} & {"person"} and bool({a, b} & DERIVED_UNITS)


_EXTRA_RE = re.compile(r"^\S+\s+(?:more|other|others|additional|further|extra)\b", re.I)


def _extra(f: Figure) -> bool:
    """Whether a count says how many *more* or *other* there are ("five other doctors", "43 more launches")."""
    return bool(_EXTRA_RE.match(f.text))


def comparable(a: Figure, b: Figure, config: AlignConfig = DEFAULT_ALIGN) -> bool:
    """Whether ``a`` and ``b`` could state the same quantity: same kind and unit, close magnitude, no place clash."""
    if a.kind != b.kind or not same_unit(a.unit, b.unit):
        return False
    if a.kind == "count" and not a.unit:
        return False
    if _places_clash(a, b):
        return False
    if a.kind == "count" and a.number != b.number and _extra(a) != _extra(b):
        return False  # "43 more flights" (those still to come) is not "45 assembly flights" (all of them)
    if a.kind == "date":
        return abs(a.number - b.number) <= config.max_year_gap
    if a.kind in ("count", "money", "duration", "age"):
        x, y = abs(a.number), abs(b.number)
        if min(x, y) == 0:
            return x == y
        if max(x, y) / min(x, y) > config.max_ratio:
            return False
    return True


def pair_score(a: Figure, b: Figure, cos: float, config: AlignConfig = DEFAULT_ALIGN, unique: bool = False) -> float:
    """How likely ``a`` and ``b`` state the same quantity.

    Half the cosine of their sentences plus half the overlap of the words
    around the numbers, with a bonus when the values can both be true and
    another when they are equal; a bonus when both name the same event
    ("injured" / "hurt") and a penalty when they name different ones; a bonus
    when ``unique``: the counted thing is specific and each article counts it
    only once.
    """
    score = 0.5 * cos + 0.5 * _jaccard(a.context, b.context)
    if max(a.low, b.low) <= min(a.high, b.high) * (1 + 1e-9):
        score += config.compatible_bonus
    if a.number == b.number:
        score += config.same_value_bonus
    if a.verb and b.verb and a.verb.lower() == b.verb.lower():
        score += 0.05
    if a.event and b.event:
        score += config.event_bonus if a.event == b.event else -config.event_penalty
    if unique:
        score += config.unique_unit_bonus
    return score


def _compatible(a: Figure, b: Figure) -> bool:
    """Whether the values of two mentions can both be true (their intervals meet)."""
    return max(a.low, b.low) <= min(a.high, b.high) * (1 + 1e-9)


def values_equal(a: Figure, b: Figure) -> bool:
    return a.number == b.number and (a.bound in ("exact", "about") and b.bound in ("exact", "about") or a.bound == b.bound)


class _Groups:
    """Union-find over figure indices with the members of each root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)


def align_figures(
    figures: Sequence[Figure],
    similarity: np.ndarray,
    config: AlignConfig = DEFAULT_ALIGN,
    related: Callable[[Sequence[tuple[int, int]]], Sequence[bool]] | None = None,
) -> list[list[Figure]]:
    """Group mentions of the same quantity.

    Args:
        figures: every article's figures.
        similarity: ``len(figures) x len(figures)`` cosine similarity of the
            sentences the figures are stated in.
        config: thresholds.
        related: given pairs ``(i, j)`` of mentions in different articles with values
            that cannot both be true, whether their sentences report the same fact (the
            figures stage passes the support relation of the citations); a pair that does
            not is never in one group, so no conflict is claimed between sentences the
            citations hold unrelated. ``None``: every pair may be.

    Returns:
        Groups of figures (each a list in input order). Pairs are merged
        greedily, best score first; two groups merge only when every pair
        across them is :func:`comparable`, the mean score across them reaches
        the threshold, and no article would state two different values in the
        group.
    """
    n = len(figures)
    pairs: list[tuple[float, int, int]] = []
    score = np.full((n, n), -1.0)
    per_article = Counter((f.article_id, f.kind, f.unit) for f in figures)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = figures[i], figures[j]
            if not comparable(a, b, config):
                continue
            if a.article_id == b.article_id and not (values_equal(a, b) or a.number == b.number):
                continue
            unique = (
                a.article_id != b.article_id and a.unit == b.unit and a.unit not in GENERIC_UNITS and a.kind in ("count", "money")
                and per_article[(a.article_id, a.kind, a.unit)] == 1 and per_article[(b.article_id, b.kind, b.unit)] == 1
            )
            s = pair_score(a, b, float(similarity[i, j]), config, unique)
            score[i, j] = score[j, i] = s
            if s >= config.threshold:
                pairs.append((s, i, j))
    if related is not None:
        cross_pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(score >= 0, 1)))
                       if figures[i].article_id != figures[j].article_id and not _compatible(figures[i], figures[j])]
        unrelated = {p for p, ok in zip(cross_pairs, related(cross_pairs)) if not ok}
        for i, j in unrelated:
            score[i, j] = score[j, i] = -1.0  # never in one group, as a pair that is not comparable
        pairs = [p for p in pairs if (p[1], p[2]) not in unrelated]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    groups = _Groups(n)
    for s, i, j in pairs:
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        gi, gj = groups.members[ri], groups.members[rj]
        cross = [score[x, y] for x in gi for y in gj]
        if min(cross) < 0:
            continue  # some pair is not comparable, or one article would hold two values
        if sum(cross) / len(cross) < config.threshold * 0.85:
            continue
        groups.union(i, j)
    out = [[figures[k] for k in sorted(members)] for members in groups.members.values()]
    out.sort(key=lambda g: (min(f.article_id for f in g), g[0].start))
    return out
