"""B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin
1998, "Algorithms for scoring coreference chains").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence


@dataclass(frozen=True, slots=True)
class BCubed:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), and the number of clusters."""

    precision: float
    recall: float
    f1: float
    n_items: int
    n_predicted: int
    n_gold: int

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in
                {"precision": self.precision, "recall": self.recall, "f1": self.f1, "items": self.n_items,
                 "stories": self.n_predicted, "gold_stories": self.n_gold}.items()}


def bcubed(predicted: Sequence[Any], gold: Sequence[Any]) -> BCubed:
    """B-cubed scores of a clustering ``predicted`` against ``gold`` (parallel label lists).

    For each item, precision is the share of its predicted cluster that shares
    its gold label, recall the share of its gold cluster found in its predicted
    cluster; both are averaged over items.
    """
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold must have the same length")
    n = len(gold)
    if n == 0:
        return BCubed(0.0, 0.0, 0.0, 0, 0, 0)
    pair = Counter(zip(predicted, gold))
    psize = Counter(predicted)
    gsize = Counter(gold)
    p = sum(pair[(pl, gl)] / psize[pl] for pl, gl in zip(predicted, gold)) / n
    r = sum(pair[(pl, gl)] / gsize[gl] for pl, gl in zip(predicted, gold)) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f, n, len(psize), len(gsize))
