"""The driver of ``newsfuse build``: the task graph on a dask.distributed cluster.

Stages, each a set of tasks on the workers (the driver only sees small summaries)::

    read_shard (per shard)      JSON Lines -> articles, MinHash band keys; counts and bad lines
      | plan (driver)           positions in time order, blocks, warm-ups
    route_shard (per shard)     articles by block, band keys by LSH bucket         (two shuffles)
    bucket_stage (per bucket)   candidate copies -> the blocks that read them
    prepare_block (per block)   a block's articles sorted; its document frequencies (a reduction)
    prefix_counts (per block)   prefix sums, a chain: the counts before each block
    cluster_block (per block)   warm-up replayed, own articles clustered
      | stitch (driver)         stories merged across block boundaries, in time order
    finish_block (per block)    article lines; story parts sent to their root block
    finish_root (per root)      story lines
    make_briefs (8 stories)     briefs, in parallel

Stages hand each other files in ``OUT/_work`` (:mod:`.spill`), so a worker's memory holds one
partition at a time however large the archive, and a lost worker costs the tasks whose small
results it held: the scheduler runs them again from the files, which are written atomically and
identically. ``OUT`` must therefore be a folder every worker sees (this machine, or a shared
file system on a cluster).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import ConfigError, FormatError, ModelUnavailable, ReadError
from .blocks import ClusterParams, bucket_stage, cluster_block, prefix_counts, prepare_block
from .output import Stitcher, finish_block, finish_root, make_briefs, root_for_store
from .plan import make_plan
from .shards import read_shard, route_shard

INSTALL = 'pip install "newsfuse[scale]"  (or: pip install "dask[distributed]")'
OUTPUT_PARTS = ("articles", "stories", "briefs")
KEYS_PER_BUCKET = 1_000_000  # band keys per LSH bucket task (24 bytes each: about 24 MB, under a block's)
MAX_BUCKETS = 1024  # files per shard in the band shuffle
BRIEF_CHUNK = 8  # stories briefed per task: briefs run in parallel even when one block holds every story


@dataclass
class BuildReport:
    """What a build did: counts, time, and each worker's peak resident memory (MB)."""

    shards: int = 0
    articles: int = 0
    bad_lines: int = 0
    blocks: int = 0
    block_articles: int = 0
    stories: int = 0
    continued: int = 0
    merged: int = 0
    briefs: int = 0
    copies: int = 0
    candidate_pairs: int = 0
    workers: int = 0
    seconds: float = 0.0
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    dashboard: str | None = None


def require_dask() -> None:
    """Raise :class:`ModelUnavailable` with the install command when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        name = getattr(exc, "name", None) or "distributed"
        raise ModelUnavailable(f"newsfuse build needs dask.distributed ({name} is not installed); run `{INSTALL}`") from None


def bucket_count(articles: int, workers: int) -> int:
    """LSH buckets for ``articles``: about :data:`KEYS_PER_BUCKET` band keys each (a bucket task's
    memory stays flat as the archive grows), at least one per worker, at most :data:`MAX_BUCKETS`."""
    from ..minhash import BANDS

    need = -(-articles * BANDS // KEYS_PER_BUCKET)
    return max(1, min(MAX_BUCKETS, max(need, workers)))


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _after(fn: Callable, args: tuple, deps: Any) -> Any:
    """Run ``fn(*args)`` once ``deps`` (futures of earlier stages) are done."""
    return fn(*args)


def connect(scheduler: str | None, workers: int | None):
    """A Client for ``scheduler``, or for a new LocalCluster of ``workers`` processes (one thread each)."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}); start one with "
                              "`dask scheduler` and workers with `dask worker ADDRESS`, or drop --scheduler") from None
    import dask

    with dask.config.set(_local_worker_config()):  # the nannies keep this for the workers they start or restart
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)  # a free port, never a clash
    return Client(cluster), cluster


def _local_worker_config() -> dict[str, Any]:
    """Dask settings for the workers of a local cluster: the statistical profiler off, unless the
    user's Dask configuration (YAML files or ``DASK_*`` variables) says otherwise.

    The profiler samples each worker's stack every 10 ms and keeps a tree of the samples for every
    second of the last 1,000 (``distributed.admin.low-level-log-length``). On a build that is memory
    growing with the run's length: 35 MB more peak per worker at 300,000 articles (docs/scale.md).
    A cluster of the user's own (``--scheduler``) keeps its own settings.
    """
    import dask.config

    user = dask.config.collect()
    profile = user.get("distributed", {}).get("worker", {}).get("profile", {})
    return {} if "enabled" in profile else {"distributed.worker.profile.enabled": False}


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


def _clear_outputs(out: Path) -> None:
    """Remove a previous build's part files and work folder from ``out`` (nothing else)."""
    for part in OUTPUT_PARTS:
        folder = out / part
        if folder.is_dir():
            for f in folder.glob("part-*.jsonl"):  # articles/part-B, stories/part-R, briefs/part-R-K
                f.unlink()
    shutil.rmtree(out / "_work", ignore_errors=True)


def build(
    shards: Sequence[tuple[str, str]],
    out: Path,
    *,
    params: ClusterParams,
    settings: Any,
    scheduler: str | None = None,
    workers: int | None = None,
    strict: bool = False,
    briefs: bool = True,
    min_size: int = 1,
    block_articles: int = 20_000,
    buckets: int | None = None,
    store: Any = None,
    progress: Any = None,
    warn: Callable[[str], None] = lambda line: None,
    notice: Callable[[str], None] = lambda line: None,
) -> BuildReport:
    """Build the stories and briefs of ``shards`` ((path, name) pairs, in order) into ``out``.

    Args:
        shards: JSON Lines files, each one read partition; ``name`` is how messages and article
            sources name it (as ``newsfuse cluster`` names its inputs).
        out: the output folder (created; a previous build's part files in it are replaced).
        params: the clusterer's parameters.
        settings: the settings briefs are made with.
        scheduler: a dask.distributed scheduler address; ``None`` starts a LocalCluster.
        workers: the LocalCluster's worker processes (default: this machine's cores).
        strict: refuse the archive at its first bad line instead of skipping it.
        briefs: make a brief per story (with at least ``min_size`` articles).
        block_articles: articles per time block (rounded up to a multiple of 128).
        buckets: LSH buckets of the band-key shuffle (default: :func:`bucket_count`).
        store: a :class:`~newsfuse.store.Store` to load the stories (and briefs) into.
        progress: a :class:`~newsfuse.cli.progress.RunProgress`-like object (``add``, ``advance``).
        warn: called with each bad line's one-line message.
        notice: called with lines for the user (the dashboard address).
    """
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _clear_outputs(out)
    work = str((out / "_work").resolve())
    out_s = str(out.resolve())
    client, cluster = connect(scheduler, workers)
    report = BuildReport(shards=len(shards))
    run = uuid.uuid4().hex[:8]
    tick = progress.advance if progress is not None else (lambda *a, **k: None)
    try:
        from distributed import as_completed

        report.workers = len(client.scheduler_info().get("workers", {}))
        if report.workers == 0:
            client.wait_for_workers(1, timeout=60)
            report.workers = len(client.scheduler_info().get("workers", {}))
        # the dashboard's pages need Bokeh where the scheduler runs (known here for a local cluster)
        if "dashboard" in client.scheduler_info().get("services", {}) and (cluster is None or _has_bokeh()):
            report.dashboard = client.dashboard_link
            notice(f"Dask dashboard: {report.dashboard}")
        if progress is not None:
            progress.add("shards", "shards read", total=len(shards))
        reads = [client.submit(read_shard, i, str(Path(path).resolve()), name, work, key=f"nf-read-{i}-{run}")
                 for i, (path, name) in enumerate(shards)]
        summaries = {}
        for fut in as_completed(reads):
            s = fut.result()
            summaries[s.shard] = s
            tick("shards")
        ordered = [summaries[i] for i in range(len(shards))]
        for s in ordered:
            for detail, source in s.errors:
                if strict:
                    raise FormatError(detail, source=source)
                report.bad_lines += 1
                warn(str(FormatError(detail, source=source)))
        report.articles = sum(s.n for s in ordered)
        if report.articles == 0:
            raise ReadError("no good article in the input; check the files are clustering JSON Lines "
                            '({"id", "title", "text", "date", "source"} per line)', source=shards[0][1])
        plan = make_plan([s.n for s in ordered], [s.steps for s in ordered], block_articles=block_articles,
                         window_days=params.window_days, window_articles=params.window_articles)
        report.blocks, report.block_articles = len(plan.blocks), plan.block
        n_buckets = buckets or bucket_count(report.articles, report.workers)
        routes = [client.submit(route_shard, i, plan, n_buckets, work, key=f"nf-route-{i}-{run}")
                  for i in range(len(shards))]
        bucket_futs = [client.submit(_after, bucket_stage, (L, plan, len(shards), work, params.window_days), routes,
                                     key=f"nf-bucket-{L}-{run}") for L in range(n_buckets)]
        prepared = [client.submit(_after, prepare_block, (b, work), routes, key=f"nf-prepare-{b}-{run}")
                    for b in range(len(plan.blocks))]
        prefix = [client.submit(prefix_counts, 0, work, key=f"nf-prefix-0-{run}")]
        for b in range(len(plan.blocks) - 1):
            prefix.append(client.submit(_after, prefix_counts, (b + 1, work), [prefix[b], prepared[b]],
                                        key=f"nf-prefix-{b + 1}-{run}"))
        clustered = []
        for blk in plan.blocks:
            deps = [prepared[k] for k in plan.blocks_covering(blk.warm, blk.end)] + bucket_futs + [prefix[blk.index]]
            clustered.append(client.submit(_after, cluster_block, (blk.index, plan, params, work),
                                           deps, key=f"nf-cluster-{blk.index}-{run}"))
        prepared = prefix = deps = None  # the cluster tasks hold what they wait for
        if progress is not None:
            progress.add("blocks", "blocks clustered", total=len(plan.blocks))
        stitcher = Stitcher()
        local_ids = []
        for blk in plan.blocks:
            # read in block order, then released: a block's result would otherwise wait on its worker
            # for the last block (its file in the work folder is what the finish task reads)
            info, clustered[blk.index] = clustered[blk.index].result(), None
            report.copies += info.copies
            nxt = plan.blocks[blk.index + 1].warm if blk.index + 1 < len(plan.blocks) else plan.n
            local_ids.append(stitcher.add(info, range(blk.warm, blk.start), nxt))
            tick("blocks")
        info = clustered = None
        finished = []
        with_text = briefs or store is not None
        for blk, ids in zip(plan.blocks, local_ids):
            ids = stitcher.resolve(ids)
            roots = {g: stitcher.roots[g] for g in set(ids.values())}
            finished.append(client.submit(finish_block, blk.index, ids, roots, out_s, work, with_text,
                                          key=f"nf-finish-{blk.index}-{run}"))
        report.stories, report.continued, report.merged = stitcher.stories, stitcher.continued, stitcher.merged
        report.candidate_pairs = sum(client.gather(bucket_futs))
        contributors: dict[int, list] = {}
        for fut, roots_written in zip(finished, client.gather(finished)):
            for r in roots_written:
                contributors.setdefault(r, []).append(fut)
        if progress is not None:
            progress.add("roots", "story files written", total=len(contributors))
        rooted = {r: client.submit(_after, finish_root, (r, out_s, work), deps, key=f"nf-root-{r}-{run}")
                  for r, deps in sorted(contributors.items())}
        root_of = {f.key: r for r, f in rooted.items()}
        brief_futs = []
        for fut in as_completed(list(rooted.values())):
            tick("roots")
            if briefs:
                r = root_of[fut.key]
                brief_futs += [client.submit(_after, make_briefs, (r, k, BRIEF_CHUNK, out_s, work, settings, min_size), fut,
                                             key=f"nf-briefs-{r}-{k}-{run}")
                               for k in range(-(-fut.result() // BRIEF_CHUNK))]
        if brief_futs:
            if progress is not None:
                progress.add("briefs", "brief tasks done", total=len(brief_futs))
            for fut in as_completed(brief_futs):
                report.briefs += fut.result()
                tick("briefs")
        if store is not None:
            for r, fut in rooted.items():
                for title, articles, brief in client.submit(_after, root_for_store, (r, out_s, work), [fut, brief_futs],
                                                            key=f"nf-store-{r}-{run}").result():
                    store.create_story(articles, title, brief=brief, settings=settings)
        report.worker_peak_mb = {w: round(mb, 1) for w, mb in client.run(_peak_rss_mb).items()}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    shutil.rmtree(out / "_work", ignore_errors=True)
    report.seconds = round(time.perf_counter() - started, 2)
    manifest = {"format": "newsfuse.build/1", **asdict(report),
                "files": {p: f"{p}/part-*.jsonl" for p in OUTPUT_PARTS if p != "briefs" or briefs}}
    (out / "build.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return report
