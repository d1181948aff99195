"""The story partitions of ``newsfuse cluster`` and ``newsfuse build`` outputs, side by side.

Both list one line per article in stream order; ``cluster``'s lines name the story an article
joined, which may later have merged into an older one (its story line lists the ``merged`` ids),
so its labels are resolved through the merges first. Ids may repeat in an archive, so the two
are compared line by line, after checking both list the same ids in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..evaluate.bcubed import BCubed, bcubed


def cluster_labels(path: Path) -> tuple[list[str], list[str]]:
    """(ids, final story of each) from ``newsfuse cluster``'s JSON Lines output."""
    ids, joined, alias = [], [], {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "articles" in rec:  # a story line
            for gone in rec.get("merged", []):
                alias[gone] = rec["story"]
        else:
            ids.append(rec["id"])
            joined.append(rec["story"])
    return ids, [alias.get(s, s) for s in joined]


def build_labels(out: Path) -> tuple[list[str], list[str]]:
    """(ids, story of each) from ``newsfuse build``'s ``articles/part-*.jsonl``, in position order."""
    ids, labels = [], []
    for part in sorted((Path(out) / "articles").glob("part-*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            ids.append(rec["id"])
            labels.append(rec["story"])
    return ids, labels


def agreement(cluster_output: Path, build_out: Path) -> BCubed:
    """B-cubed of the build's partition against the cluster run's (F1 is symmetric)."""
    cids, clabels = cluster_labels(cluster_output)
    bids, blabels = build_labels(build_out)
    if cids != bids:
        raise ValueError(f"the two outputs list different articles ({len(cids)} and {len(bids)} lines); "
                         "give both the same input in time order")
    return bcubed(blabels, clabels)
