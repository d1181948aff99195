"""Bootstrap over clusters: confidence intervals and a paired one-sided test.

Clusters are the unit of resampling (Koehn 2004, "Statistical significance tests
for machine translation evaluation"; Efron & Tibshirani 1993): a resample draws
as many clusters as there are, with replacement, and every system is scored on
the same draw, so the test is paired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 2004

__all__ = ["Interval", "resample_indices", "bootstrap_interval", "paired_bootstrap_p"]


@dataclass(frozen=True, slots=True)
class Interval:
    """A mean and its percentile bootstrap interval."""

    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "low": self.low, "high": self.high}


def resample_indices(n: int, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> np.ndarray:
    """A ``(resamples, n)`` array of cluster indices drawn with replacement, reproducible by ``seed``."""
    if n < 1:
        raise ValueError("no clusters to resample")
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def bootstrap_interval(values: Sequence[float], draws: np.ndarray, level: float = 0.95) -> Interval:
    """Mean of ``values`` with a ``level`` percentile interval over the resamples in ``draws``."""
    arr = np.asarray(values, dtype=float)
    means = arr[draws].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return Interval(float(arr.mean()), float(low), float(high))


def paired_bootstrap_p(ours: Sequence[float], other: Sequence[float], draws: np.ndarray) -> float:
    """One-sided p-value that ``ours`` beats ``other``: the share of resamples where our mean is not higher.

    Both sequences are per-cluster scores in the same cluster order.
    """
    a, b = np.asarray(ours, dtype=float), np.asarray(other, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired scores need the same clusters")
    return float(np.mean(a[draws].mean(axis=1) <= b[draws].mean(axis=1)))
