"""The plan of a build: where each article goes in the archive's order, the time blocks, and
each block's warm-up (pure bookkeeping on the small summaries the shards send back; no I/O).

The archive's order is the order ``newsfuse cluster`` reads it in: the shards one after another
(in name order), each line by line. An article's *position* is its rank in that order among the
good records, known without moving any article: each shard reports how many it has (a
reduction) and the days at which its running latest date moves on.

Blocks are runs of :attr:`Plan.block` consecutive positions (a multiple of :data:`BATCH`, the batch
``newsfuse cluster`` feeds the clusterer, so document frequencies are counted in the same batches).
A block's *warm-up* is the stretch before it in which a story can still be open when the block
starts: every article since the stream reached the day ``window_days`` before the block's first
day, and the last ``window_articles`` articles (a story closes only once both have passed since
its latest article); that stretch is taken :data:`WARMUP` times over.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Sequence

BATCH = 128  # articles per partial_fit call in newsfuse cluster (its stream batches)
# The warm-up replays this many quiet windows: one holds the latest article of every story open at
# the block's start; a second gives those stories their earlier articles back, so the replayed
# stories are close to the real ones (docs/scale.md: B-cubed with 1 and 2 windows).
WARMUP = 2


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
        bases: per shard, the position of its first article.
        blocks: the blocks in order.
    """

    n: int
    block: int
    bases: tuple[int, ...]
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


def latest_steps(days: Sequence[int | None]) -> list[tuple[int, int]]:
    """``(index, day)`` wherever the running latest day of ``days`` (None: undated) moves on."""
    steps, latest = [], None
    for i, d in enumerate(days):
        if d is not None and (latest is None or d > latest):
            steps.append((i, d))
            latest = d
    return steps


def make_plan(sizes: Sequence[int], steps: Sequence[Sequence[tuple[int, int]]], *, block_articles: int,
              window_days: float, window_articles: int) -> Plan:
    """The plan for shards of ``sizes`` good articles whose :func:`latest_steps` are ``steps``.

    Args:
        sizes: good articles per shard, in shard order.
        steps: per shard, where its running latest day moves on (indices within the shard).
        block_articles: the least number of articles per block (rounded up, see :func:`block_size`).
        window_days: the clusterer's quiet window in days.
        window_articles: the clusterer's quiet window in stream articles (0: days only).
    """
    bases, pos = [], 0
    step_pos: list[int] = []  # global positions where the stream's latest day moves on, and the day
    step_day: list[int] = []
    for size, shard_steps in zip(sizes, steps):
        bases.append(pos)
        for i, d in shard_steps:
            if not step_day or d > step_day[-1]:
                step_pos.append(pos + i)
                step_day.append(d)
        pos += size
    n = pos
    size = block_size(block_articles)
    blocks = []
    for b in range(math.ceil(n / size)):
        start, end = b * size, min((b + 1) * size, n)
        warm = start
        k = bisect.bisect_right(step_pos, start) - 1  # the latest day once the block's first article is in
        if start > 0 and k >= 0:
            earliest = math.ceil(step_day[k] - window_days)  # a story is open while its latest day >= this
            j = bisect.bisect_left(step_day, earliest)
            warm = min(warm, step_pos[j])
        if start > 0 and window_articles > 0:  # open until both windows have passed: the longer one
            warm = min(warm, max(0, start - window_articles))
        warm = max(0, start - WARMUP * (start - warm))
        blocks.append(Block(b, start, end, warm))
    return Plan(n=n, block=size, bases=tuple(bases), blocks=tuple(blocks))
