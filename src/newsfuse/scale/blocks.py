"""The block stages of a build, run on the workers: candidate copies per LSH bucket, each time
block gathered and sorted, its document frequencies, and its stories.

A block is clustered by the clusterer ``newsfuse cluster`` uses, started where the single-machine
run would be at the block's warm-up (:mod:`.plan`): its TF-IDF counts are those of every article
before the warm-up (the prefix of the per-block document frequencies, a reduction), and it
replays the warm-up before its own articles, in the same batches of 128 positions, so the stories
open at the block's start are rebuilt from their recent articles. Copies come from the LSH
shuffle (:mod:`.lsh`). The clusterer knows each article by its position, so repeated ids in an
archive stay apart. What goes back to the driver is small: for each story holding own articles,
its warm-up articles (to stitch it to the story they belong to), and the stories of the articles
a later block's warm-up replays.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..clustering.clusterer import StoryClusterer
from ..clustering.documents import document_text
from ..clustering.tfidf import HASH_FEATURES, OnlineTfidf
from . import spill
from .lsh import KnownCopies, bucket_pairs, repeated, verified_matches
from .plan import BATCH, Plan


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """The clusterer's parameters, as ``newsfuse cluster`` sets them."""

    threshold: float | None
    window_days: float
    window_articles: int
    fast: bool


@dataclass(frozen=True, slots=True)
class StitchInfo:
    """What a clustered block sends back: ``stories`` as (local number, warm-up positions) for every
    story with own articles, in creation order; ``tail``: position -> local number for the own
    articles later blocks replay; ``articles`` and ``copies``: counts."""

    block: int
    stories: tuple[tuple[int, tuple[int, ...]], ...]
    tail: dict[int, int]
    articles: int
    copies: int


def bucket_stage(bucket: int, plan: Plan, shards: int, work: str, window_days: float) -> int:
    """Candidate pairs of one LSH bucket, written to each block that reads their later article."""
    root = Path(work)
    parts = [spill.load(p) for p in spill.pieces(root / "bands" / f"{bucket:03d}")]
    if not parts:
        return 0
    # only keys held twice or more can pair: keep those (copies, and the rare chance collision) before sorting
    keep = np.split(repeated(np.concatenate([k for k, _, _ in parts])), np.cumsum([k.size for k, _, _ in parts])[:-1])
    keys, pos, days = (np.concatenate([part[c][m] for part, m in zip(parts, keep)]) for c in range(3))
    del parts, keep
    pairs = bucket_pairs(keys, pos, days, window_days=window_days)
    by_block: dict[int, list] = {}
    for i, j in pairs.tolist():
        for b in plan.blocks_seeing(j):
            by_block.setdefault(b, []).append((i, j))
    for b in range(len(plan.blocks)):  # every block gets a piece (maybe empty): a rerun overwrites it whole
        spill.dump(root / "pairs" / f"{b:05d}" / f"{bucket:03d}.pkl", by_block.get(b, []))
    return len(pairs)


def prepare_block(block: int, work: str) -> int:
    """Gather a block's articles from every shard, sort them by position, keep them and their
    document frequencies (the block's share of the reduction); return how many there are."""
    root = Path(work)
    rows = []
    for piece in spill.pieces(root / "blocks" / f"{block:05d}"):
        rows.extend(spill.load(piece))
    rows.sort(key=lambda r: r[0])
    spill.dump(root / "sorted" / f"{block:05d}.pkl", rows)
    spill.dump(root / "df" / f"{block:05d}.pkl", _document_frequencies([a for _, _, a in rows]))
    return len(rows)


def prefix_counts(block: int, work: str) -> int:
    """The document frequencies of all blocks before ``block``, kept as a file: the previous
    block's prefix plus its own counts (a chain of additions, one a task). The counts travel
    through the work folder, not the workers' memory, where every block's arrays (256 KB each)
    would wait for their clustering tasks: 5,000 blocks at 100M articles."""
    root = Path(work)
    if block == 0:
        counts = np.zeros(HASH_FEATURES, dtype=np.float64)
    else:
        counts = spill.load(root / "prefix" / f"{block - 1:05d}.pkl") + spill.load(root / "df" / f"{block - 1:05d}.pkl")
    spill.dump(root / "prefix" / f"{block:05d}.pkl", counts)
    return block


def _document_frequencies(articles, chunk: int = 1024) -> np.ndarray:
    """How many of ``articles`` have each hashed word, counted ``chunk`` articles at a time: the
    same counts as one call, without a block's whole TF-IDF matrix in memory (about 40 MB for
    20,000 articles, the largest part of a worker's peak)."""
    tfidf = OnlineTfidf()
    for start in range(0, len(articles), chunk):
        tfidf.update_transform([document_text(a) for a in articles[start:start + chunk]])
    return tfidf.df


def read_rows(plan: Plan, start: int, end: int, work: str) -> list:
    """The sorted ``(position, day, article)`` rows of positions ``[start, end)``."""
    root = Path(work)
    rows = []
    for b in plan.blocks_covering(start, end):
        rows.extend(r for r in spill.load(root / "sorted" / f"{b:05d}.pkl") if start <= r[0] < end)
    return rows


def cluster_block(block: int, plan: Plan, params: ClusterParams, work: str) -> StitchInfo:
    """Cluster one block (its warm-up replayed first); keep its assignments and story parts."""
    blk = plan.blocks[block]
    root = Path(work)
    prefix_df = spill.load(root / "prefix" / f"{block:05d}.pkl")
    rows = read_rows(plan, blk.warm, blk.end, work)
    by_pos = {p: a for p, _, a in rows}
    pairs = []
    for piece in spill.pieces(root / "pairs" / f"{block:05d}"):
        pairs.extend(spill.load(piece))
    matches = verified_matches(pairs, by_pos)
    warm_df = _document_frequencies([a for p, _, a in rows if p < blk.start])
    model = StoryClusterer(threshold=params.threshold, window_days=params.window_days,
                           window_articles=params.window_articles, fast=params.fast, keep_history=False,
                           dedup=KnownCopies(matches))
    model.seed_counts(prefix_df - warm_df, blk.warm)
    assigned: dict[int, tuple[str | None, str | None]] = {}
    stories = []
    batch: list = []

    def run() -> None:
        for a in model.partial_fit(batch):
            p = int(a.id)
            if p >= blk.start:
                dup = by_pos[int(a.duplicate_of)].id if a.duplicate_of is not None else None
                assigned[p] = (dup, a.wire)
        stories.extend(model.pop_closed())
        batch.clear()

    for p, _, a in rows:
        batch.append(dataclasses.replace(a, id=str(p)))
        if (p + 1) % BATCH == 0:  # the batches of newsfuse cluster: 128 stream positions each
            run()
    if batch:
        run()
    stories.extend(model.close_all())
    local: dict[int, dict] = {}
    owner: dict[int, int] = {}
    stitch = []
    for s in sorted(stories, key=lambda s: int(s.id.rsplit("-", 1)[1])):
        members = [int(x) for x in s.articles]
        own = [p for p in members if p >= blk.start]
        if not own:
            continue
        num = int(s.id.rsplit("-", 1)[1])
        dates = [by_pos[p].date for p in own if by_pos[p].date]
        local[num] = {"title": s.title, "own": own, "first": min(dates, default=None), "last": max(dates, default=None)}
        stitch.append((num, tuple(p for p in members if p < blk.start)))
        owner.update((p, num) for p in own)
    records = [(p, by_pos[p].id, owner[p], *assigned[p]) for p in range(blk.start, blk.end)]
    spill.dump(root / "clustered" / f"{block:05d}.pkl", {"records": records, "stories": local})
    tail_from = plan.blocks[block + 1].warm if block + 1 < len(plan.blocks) else blk.end
    tail = {p: owner[p] for p in range(max(tail_from, blk.start), blk.end)}
    return StitchInfo(block, tuple(stitch), tail, blk.size, len([m for m in matches if m >= blk.start]))
