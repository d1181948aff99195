"""The plan of a build: where each article goes in the archive's time order, the time blocks, and
each block's warm-up (pure bookkeeping on the small summaries the shards send back; no I/O).

The archive's order is the order ``newsfuse cluster`` would read it in if the shards were one
stream sorted by date: by day, then shard (in name order), then line. An article's *position*
is its rank in that order. It is computed without moving any article: every shard reports how
many good articles it has per day (a reduction), and the position of the ``k``-th article of day
``d`` in shard ``s`` is the number of articles on earlier days, plus those of day ``d`` in earlier
shards, plus ``k``.

Blocks are runs of :attr:`Plan.block` consecutive positions (a multiple of :data:`BATCH`, the batch
``newsfuse cluster`` feeds the clusterer, so document frequencies are counted in the same batches).
A block's *warm-up* is the stretch before it in which a story can still be open when the block
starts: every article of the last ``window_days`` days and the last ``window_articles`` articles
(a story closes only when both have passed since its latest article).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

BATCH = 128  # articles per partial_fit call in newsfuse cluster (its stream batches)
UNDATED = 0  # the day key of an article without a date: first, as StoryClusterer.fit orders them


@dataclass(frozen=True, slots=True)
class Block:
    """One time block: own positions ``[start, end)``, warm-up positions ``[warm, start)``."""

    index: int
    start: int
    end: int
    warm: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Plan:
    """Positions of every shard's articles and the blocks they fall in.

    Attributes:
        n: good articles in the archive.
        block: positions per block.
        bases: per shard, the position of its first article of each day.
        blocks: the blocks in time order.
    """

    n: int
    block: int
    bases: tuple[dict[int, int], ...]
    blocks: tuple[Block, ...]

    def block_of(self, position: int) -> int:
        return position // self.block

    def blocks_seeing(self, position: int) -> range:
        """The blocks that read ``position``: its own block and the later ones whose warm-up holds it."""
        own = self.block_of(position)
        last = own
        while last + 1 < len(self.blocks) and self.blocks[last + 1].warm <= position:
            last += 1
        return range(own, last + 1)

    def blocks_covering(self, start: int, end: int) -> range:
        """The blocks whose own positions meet ``[start, end)``."""
        if end <= start:
            return range(0)
        return range(self.block_of(start), self.block_of(end - 1) + 1)


def block_size(articles: int) -> int:
    """``articles`` rounded up to a whole number of clusterer batches (at least one)."""
    return max(BATCH, math.ceil(articles / BATCH) * BATCH)


def make_plan(days_per_shard: Sequence[Mapping[int, int]], *, block_articles: int, window_days: float,
              window_articles: int) -> Plan:
    """The plan for shards whose good articles per day are ``days_per_shard`` (in shard order).

    Args:
        days_per_shard: per shard, ``{day ordinal: good articles}`` (:data:`UNDATED` for no date).
        block_articles: the least number of articles per block (rounded up, see :func:`block_size`).
        window_days: the clusterer's quiet window in days.
        window_articles: the clusterer's quiet window in stream articles (0: days only).
    """
    per_day: dict[int, int] = {}
    for days in days_per_shard:
        for day, count in days.items():
            per_day[day] = per_day.get(day, 0) + count
    day_list = sorted(per_day)
    day_start: dict[int, int] = {}
    pos = 0
    for day in day_list:
        day_start[day] = pos
        pos += per_day[day]
    n = pos
    bases: list[dict[int, int]] = []
    taken = dict(day_start)  # the next free position of each day, as shards claim theirs in order
    for days in days_per_shard:
        mine = {}
        for day in sorted(days):
            mine[day] = taken[day]
            taken[day] += days[day]
        bases.append(mine)
    size = block_size(block_articles)
    starts = [day_start[d] for d in day_list]
    blocks = []
    for b in range(math.ceil(n / size)):
        start, end = b * size, min((b + 1) * size, n)
        warm = start
        if start > 0:
            first_day = day_list[bisect.bisect_right(starts, start) - 1]
            earliest = math.ceil(first_day - window_days)  # a story is open while its latest day >= this
            k = bisect.bisect_left(day_list, earliest)
            warm = min(warm, day_start[day_list[k]]) if k < len(day_list) else warm
            if window_articles > 0:  # open until both windows have passed: the warm-up is the longer
                warm = min(warm, max(0, start - window_articles))
        blocks.append(Block(b, start, end, warm))
    return Plan(n=n, block=size, bases=tuple(bases), blocks=tuple(blocks))
