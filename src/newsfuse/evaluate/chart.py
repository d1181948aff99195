"""The PNG chart of a summary evaluation: ROUGE-2 recall with intervals, and time per cluster."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["write_chart"]

COLOURS = {"ours": "#1f6feb", "baseline": "#8c959f", "peer": "#d29922", "oracle": "#2da44e"}


def write_chart(result: dict[str, Any], path: Path, order: list[str]) -> None:
    """Draw systems by mean ROUGE-2 recall (95% interval as error bars) and, on a second panel,
    wall time per cluster (log scale; stored peer summaries have none), and save as PNG.

    ``order`` is the systems' order in the table, best first (the chart puts the best at the top).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(reversed(order))  # best at the top
    systems = result["systems"]
    r2 = [systems[n]["mean"]["rouge2"]["recall"] for n in names]
    means = [100 * x["mean"] for x in r2]
    errors = [[100 * (x["mean"] - x["low"]) for x in r2], [100 * (x["high"] - x["mean"]) for x in r2]]
    colours = [COLOURS.get(systems[n]["kind"], "#8c959f") for n in names]
    height = max(3.0, 0.32 * len(names) + 1.2)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, height), sharey=True,
                                      gridspec_kw={"width_ratios": [3, 2]})
    ys = range(len(names))
    left.barh(ys, means, xerr=errors, color=colours, capsize=3)
    left.set_yticks(list(ys), names)
    left.set_xlabel("ROUGE-2 recall x100 (95% bootstrap interval)")
    left.set_title(f"{result['dataset']}, {len(result['clusters'])} clusters, {result['words']} words")
    left.grid(axis="x", alpha=0.3)
    times = [systems[n]["seconds_per_cluster"] for n in names]
    right.barh(ys, [t if t else 0 for t in times], color=colours)
    positive = [t for t in times if t]
    if positive and max(positive) / max(min(positive), 1e-9) > 50:
        right.set_xscale("log")
    for y, t in zip(ys, times):
        if t is None:
            right.text(0.02, y, "n/a (stored)", va="center", transform=right.get_yaxis_transform(), fontsize=8)
    right.set_xlabel("seconds per cluster (wall time)")
    right.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}.", suffix=".png", dir=Path(path).parent)
    os.close(fd)
    try:  # written to a temporary name, then renamed
        fig.savefig(tmp, dpi=110)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        Path(tmp).unlink(missing_ok=True)
