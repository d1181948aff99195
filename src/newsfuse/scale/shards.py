"""The shard stage of a build, run on the workers: read one shard, sign its articles, and route them.

:func:`read_shard` reads a JSON Lines shard line by line with the reader ``newsfuse cluster``
uses (the same records, the same bad-line messages with the shard and line), computes each
article's MinHash band keys, keeps both in the work folder and sends back only a summary: its count
of good articles, where their latest day moves on, and the bad lines. Once the plan has given every shard its first position,
:func:`route_shard` splits the shard's articles by time block and its band keys by LSH bucket
(the two shuffles' map sides), as files in the work folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import FormatError
from ..readers.stream import iter_jsonl
from . import spill
from .lsh import band_keys
from .plan import Plan, latest_steps


@dataclass(frozen=True, slots=True)
class ShardSummary:
    """What a shard sends back: its good articles, where their latest day moves on, and each bad
    line's message and shard."""

    shard: int
    n: int
    steps: tuple[tuple[int, int], ...]  # where the shard's running latest day moves on (plan.latest_steps)
    errors: tuple[tuple[str, str], ...] = field(default=())  # (message without source, source)


def _day(article) -> int | None:
    return article.date.toordinal() if article.date else None


def read_shard(shard: int, path: str, name: str, work: str) -> ShardSummary:
    """Read shard ``shard`` (file ``path``, named ``name`` in messages); keep its articles and band keys."""
    errors: list[tuple[str, str]] = []

    def bad(exc: FormatError) -> None:
        errors.append((exc.detail, exc.source or name))

    with open(path, "rb") as fh:
        items = list(iter_jsonl(fh, source=name, strict=False, on_error=bad))
    articles = [it.article for it in items]
    keys, ok = band_keys(articles)
    spill.dump(Path(work) / "read" / f"{shard:05d}.pkl", {"articles": articles, "keys": keys, "ok": ok})
    return ShardSummary(shard, len(articles), tuple(latest_steps([_day(a) for a in articles])), tuple(errors))


def route_shard(shard: int, plan: Plan, buckets: int, work: str) -> int:
    """Give shard ``shard``'s articles their positions, then write them by block and their band keys
    by bucket (``_work/blocks/B/S.pkl``, ``_work/bands/L/S.pkl``); returns how many were routed."""
    root = Path(work)
    data = spill.load(root / "read" / f"{shard:05d}.pkl")
    articles, keys, ok = data["articles"], data["keys"], data["ok"]
    positions = plan.bases[shard] + np.arange(len(articles), dtype=np.int64)
    # the day copies are kept for: the article's, or the stream's latest before it (undated), as the online index
    days = np.zeros(len(articles), dtype=np.int64)
    latest = 0
    for i, a in enumerate(articles):
        d = _day(a)
        latest = max(latest, d) if d is not None else latest
        days[i] = d if d is not None else latest
    by_block: dict[int, list] = {}
    for i, a in enumerate(articles):
        by_block.setdefault(plan.block_of(int(positions[i])), []).append((int(positions[i]), int(days[i]), a))
    for b, rows in by_block.items():
        spill.dump(root / "blocks" / f"{b:05d}" / f"{shard:05d}.pkl", rows)
    k = keys[ok].ravel()
    p = np.repeat(positions[ok], keys.shape[1])
    d = np.repeat(days[ok], keys.shape[1])
    where = (k % np.uint64(buckets)).astype(np.int64)
    for L in range(buckets):
        sel = where == L
        spill.dump(root / "bands" / f"{L:03d}" / f"{shard:05d}.pkl", (k[sel], p[sel], d[sel]))
    return len(articles)
